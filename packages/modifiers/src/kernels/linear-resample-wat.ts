/**
 * WebAssembly text of the fixed-point steps of libvips' bilinear resize (see `linear-resample.ts`
 * for the arithmetic and for the tables the caller lays out), part of the image-kernels module.
 *
 * `reduceRows`: each output row is Σᵢ weightᵢ · source rowᵢ over whole rows, eight samples per
 * SIMD step: `offsets` i32[rows·points] (address of each tap's source row), `weights`
 * i32[rows·points] (12-bit weights); 2048 is added, the sum shifted by 12 and saturated to 0…255.
 * Reads and writes up to 7 bytes past a row (callers leave 16 bytes of room after the images).
 *
 * `reduceColumns`: the same along rows, one pixel (1 to 4 bands) at a time: `taps` i32[size·points]
 * (byte offset of each tap's pixel in a row), `weights` i32[size·points].
 *
 * `gatherColumns`: for every row of the reduced image, the samples of the left and right pixel of
 * each output column's 2 × 2 stencil (`left`/`right` i32[width]: byte offsets), into `lefts` and
 * `rights` (u8[rows · width·channels]), a pixel (1 to 4 bands) at a time.
 *
 * `enlargeRows`: each output row from the gathered rows `top` and `bottom` (`rows` i32[height·2]:
 * their indices; `fractions` i32[height]: the 12-bit vertical fraction Y) and the per-sample
 * horizontal fraction X (`xs` i16[width·channels]): libvips' bilinear weights c4 = (Y·X) >> 12,
 * c2 = ((4096 − Y)·X) >> 12, c3 = Y − c4, c1 = 4096 − Y − c2, rounded with 2048 and shifted by 12,
 * eight samples per SIMD step (reads and writes up to 7 bytes past a row).
 */
export const LINEAR_RESAMPLE_WAT = `
  (func (export "reduceRows") (param $dst i32) (param $rowLength i32) (param $rows i32)
                              (param $offsets i32) (param $weights i32) (param $points i32)
    (local $y i32) (local $x i32) (local $i i32) (local $tap i32) (local $out i32)
    (local $low v128) (local $high v128) (local $pixels v128) (local $weight v128)
    (block $rowsDone
      (loop $eachRow
        (br_if $rowsDone (i32.ge_u (local.get $y) (local.get $rows)))
        (local.set $x (i32.const 0))
        (block $samplesDone
          (loop $eachStep
            (br_if $samplesDone (i32.ge_u (local.get $x) (local.get $rowLength)))
            (local.set $low (i32x4.splat (i32.const 2048)))
            (local.set $high (local.get $low))
            (local.set $i (i32.const 0))
            (block $tapsDone
              (loop $eachTap
                (br_if $tapsDone (i32.ge_u (local.get $i) (local.get $points)))
                (local.set $tap (i32.shl (i32.add (i32.mul (local.get $y) (local.get $points)) (local.get $i)) (i32.const 2)))
                (local.set $pixels (v128.load64_zero (i32.add (i32.load (i32.add (local.get $offsets) (local.get $tap))) (local.get $x))))
                (local.set $pixels (i16x8.extend_low_i8x16_u (local.get $pixels)))
                (local.set $weight (i16x8.splat (i32.load (i32.add (local.get $weights) (local.get $tap)))))
                (local.set $low (i32x4.add (local.get $low) (i32x4.extmul_low_i16x8_s (local.get $pixels) (local.get $weight))))
                (local.set $high (i32x4.add (local.get $high) (i32x4.extmul_high_i16x8_s (local.get $pixels) (local.get $weight))))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br $eachTap)))
            (local.set $pixels (i16x8.narrow_i32x4_s (i32x4.shr_s (local.get $low) (i32.const 12))
                                                     (i32x4.shr_s (local.get $high) (i32.const 12))))
            (local.set $out (i32.add (local.get $dst) (i32.add (i32.mul (local.get $y) (local.get $rowLength)) (local.get $x))))
            (v128.store64_lane 0 (local.get $out) (i8x16.narrow_i16x8_u (local.get $pixels) (local.get $pixels)))
            (local.set $x (i32.add (local.get $x) (i32.const 8)))
            (br $eachStep)))
        (local.set $y (i32.add (local.get $y) (i32.const 1)))
        (br $eachRow))))

  (func (export "reduceColumns") (param $src i32) (param $dst i32) (param $rowLength i32) (param $rows i32)
                                 (param $size i32) (param $channels i32) (param $taps i32) (param $weights i32)
                                 (param $points i32)
    (local $y i32) (local $x i32) (local $i i32) (local $row i32) (local $tap i32) (local $end i32)
    (local $out i32) (local $sum v128)
    (local.set $out (local.get $dst))
    (block $rowsDone
      (loop $eachRow
        (br_if $rowsDone (i32.ge_u (local.get $y) (local.get $rows)))
        (local.set $row (i32.add (local.get $src) (i32.mul (local.get $y) (local.get $rowLength))))
        (local.set $tap (local.get $taps))
        (local.set $x (i32.const 0))
        (block $columnsDone
          (loop $eachColumn
            (br_if $columnsDone (i32.ge_u (local.get $x) (local.get $size)))
            ;; the pixel's bands in four lanes (lanes past the bands are junk, overwritten by the next pixel)
            (local.set $sum (i32x4.splat (i32.const 2048)))
            (local.set $end (i32.add (local.get $tap) (i32.shl (local.get $points) (i32.const 2))))
            (block $tapsDone
              (loop $eachTap
                (br_if $tapsDone (i32.ge_u (local.get $tap) (local.get $end)))
                (local.set $sum (i32x4.add (local.get $sum)
                  (i32x4.mul
                    (i32x4.splat (i32.load (i32.add (local.get $weights) (i32.sub (local.get $tap) (local.get $taps)))))
                    (i32x4.extend_low_i16x8_u (i16x8.extend_low_i8x16_u
                      (v128.load32_zero (i32.add (local.get $row) (i32.load (local.get $tap)))))))))
                (local.set $tap (i32.add (local.get $tap) (i32.const 4)))
                (br $eachTap)))
            (local.set $sum (i32x4.shr_s (local.get $sum) (i32.const 12)))
            (local.set $sum (i16x8.narrow_i32x4_s (local.get $sum) (local.get $sum)))
            (v128.store32_lane 0 (local.get $out) (i8x16.narrow_i16x8_u (local.get $sum) (local.get $sum)))
            (local.set $out (i32.add (local.get $out) (local.get $channels)))
            (local.set $x (i32.add (local.get $x) (i32.const 1)))
            (br $eachColumn)))
        (local.set $y (i32.add (local.get $y) (i32.const 1)))
        (br $eachRow))))

  (func (export "gatherColumns") (param $src i32) (param $rowLength i32) (param $rows i32) (param $width i32)
                                 (param $channels i32) (param $left i32) (param $right i32)
                                 (param $lefts i32) (param $rights i32)
    (local $y i32) (local $x i32) (local $row i32) (local $out i32) (local $offset i32)
    (block $rowsDone
      (loop $eachRow
        (br_if $rowsDone (i32.ge_u (local.get $y) (local.get $rows)))
        (local.set $row (i32.add (local.get $src) (i32.mul (local.get $y) (local.get $rowLength))))
        (local.set $x (i32.const 0))
        (block $columnsDone
          (loop $eachColumn
            (br_if $columnsDone (i32.ge_u (local.get $x) (local.get $width)))
            ;; a pixel of 1 to 4 bands as one 4-byte word (bytes past the bands are overwritten next)
            (local.set $offset (i32.shl (local.get $x) (i32.const 2)))
            (i32.store (i32.add (local.get $lefts) (local.get $out))
              (i32.load (i32.add (local.get $row) (i32.load (i32.add (local.get $left) (local.get $offset))))))
            (i32.store (i32.add (local.get $rights) (local.get $out))
              (i32.load (i32.add (local.get $row) (i32.load (i32.add (local.get $right) (local.get $offset))))))
            (local.set $out (i32.add (local.get $out) (local.get $channels)))
            (local.set $x (i32.add (local.get $x) (i32.const 1)))
            (br $eachColumn)))
        (local.set $y (i32.add (local.get $y) (i32.const 1)))
        (br $eachRow))))

  (func (export "enlargeRows") (param $lefts i32) (param $rights i32) (param $dst i32) (param $rowLength i32)
                               (param $height i32) (param $rows i32) (param $fractions i32) (param $xs i32)
    (local $y i32) (local $s i32) (local $top i32) (local $bottom i32) (local $out i32) (local $at i32)
    (local $Y v128) (local $Yd v128) (local $X v128) (local $c1 v128) (local $c2 v128) (local $c3 v128)
    (local $c4 v128) (local $p v128) (local $low v128) (local $high v128)
    (block $rowsDone
      (loop $eachRow
        (br_if $rowsDone (i32.ge_u (local.get $y) (local.get $height)))
        (local.set $top (i32.mul (i32.load (i32.add (local.get $rows) (i32.shl (local.get $y) (i32.const 3)))) (local.get $rowLength)))
        (local.set $bottom (i32.mul (i32.load offset=4 (i32.add (local.get $rows) (i32.shl (local.get $y) (i32.const 3)))) (local.get $rowLength)))
        (local.set $Y (i16x8.splat (i32.load (i32.add (local.get $fractions) (i32.shl (local.get $y) (i32.const 2))))))
        (local.set $Yd (i16x8.sub (i16x8.splat (i32.const 4096)) (local.get $Y)))
        (local.set $out (i32.add (local.get $dst) (i32.mul (local.get $y) (local.get $rowLength))))
        (local.set $s (i32.const 0))
        (block $samplesDone
          (loop $eachStep
            (br_if $samplesDone (i32.ge_u (local.get $s) (local.get $rowLength)))
            ;; eight samples: the weights in 16 bits (all at most 4096), the products in 32
            (local.set $X (v128.load (i32.add (local.get $xs) (i32.shl (local.get $s) (i32.const 1)))))
            (local.set $c4 (i16x8.narrow_i32x4_s
              (i32x4.shr_s (i32x4.extmul_low_i16x8_s (local.get $Y) (local.get $X)) (i32.const 12))
              (i32x4.shr_s (i32x4.extmul_high_i16x8_s (local.get $Y) (local.get $X)) (i32.const 12))))
            (local.set $c2 (i16x8.narrow_i32x4_s
              (i32x4.shr_s (i32x4.extmul_low_i16x8_s (local.get $Yd) (local.get $X)) (i32.const 12))
              (i32x4.shr_s (i32x4.extmul_high_i16x8_s (local.get $Yd) (local.get $X)) (i32.const 12))))
            (local.set $c3 (i16x8.sub (local.get $Y) (local.get $c4)))
            (local.set $c1 (i16x8.sub (local.get $Yd) (local.get $c2)))
            (local.set $low (i32x4.splat (i32.const 2048)))
            (local.set $high (local.get $low))
            (local.set $at (i32.add (local.get $top) (local.get $s)))
            (local.set $p (i16x8.extend_low_i8x16_u (v128.load64_zero (i32.add (local.get $lefts) (local.get $at)))))
            (local.set $low (i32x4.add (local.get $low) (i32x4.extmul_low_i16x8_s (local.get $c1) (local.get $p))))
            (local.set $high (i32x4.add (local.get $high) (i32x4.extmul_high_i16x8_s (local.get $c1) (local.get $p))))
            (local.set $p (i16x8.extend_low_i8x16_u (v128.load64_zero (i32.add (local.get $rights) (local.get $at)))))
            (local.set $low (i32x4.add (local.get $low) (i32x4.extmul_low_i16x8_s (local.get $c2) (local.get $p))))
            (local.set $high (i32x4.add (local.get $high) (i32x4.extmul_high_i16x8_s (local.get $c2) (local.get $p))))
            (local.set $at (i32.add (local.get $bottom) (local.get $s)))
            (local.set $p (i16x8.extend_low_i8x16_u (v128.load64_zero (i32.add (local.get $lefts) (local.get $at)))))
            (local.set $low (i32x4.add (local.get $low) (i32x4.extmul_low_i16x8_s (local.get $c3) (local.get $p))))
            (local.set $high (i32x4.add (local.get $high) (i32x4.extmul_high_i16x8_s (local.get $c3) (local.get $p))))
            (local.set $p (i16x8.extend_low_i8x16_u (v128.load64_zero (i32.add (local.get $rights) (local.get $at)))))
            (local.set $low (i32x4.add (local.get $low) (i32x4.extmul_low_i16x8_s (local.get $c4) (local.get $p))))
            (local.set $high (i32x4.add (local.get $high) (i32x4.extmul_high_i16x8_s (local.get $c4) (local.get $p))))
            (local.set $p (i16x8.narrow_i32x4_s (i32x4.shr_s (local.get $low) (i32.const 12))
                                                (i32x4.shr_s (local.get $high) (i32.const 12))))
            (v128.store64_lane 0 (i32.add (local.get $out) (local.get $s)) (i8x16.narrow_i16x8_u (local.get $p) (local.get $p)))
            (local.set $s (i32.add (local.get $s) (i32.const 8)))
            (br $eachStep)))
        (local.set $y (i32.add (local.get $y) (i32.const 1)))
        (br $eachRow))))
`;
