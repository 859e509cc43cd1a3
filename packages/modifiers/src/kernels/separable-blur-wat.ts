/**
 * WebAssembly text of a separable convolution of 8-bit interleaved samples with float32 taps,
 * four samples per SIMD step. Memory layout (byte offsets, all 16-byte aligned, set by the caller):
 * `taps` f32[2r+1]; `line` f32[(width+2r)·channels + 16] (one padded source row); `samples`
 * u8[width·height·channels + 16] (input, overwritten by the output); `rows` f32[width·height·channels + 4]
 * (the horizontal pass). Borders replicate the edge samples. The result is rounded to nearest
 * (v + 0.5, truncated) and saturated to 0…255.
 */
export const SEPARABLE_BLUR_WAT = `
(module
  (memory (export "memory") 1)

  ;; Horizontal pass of one row y: samples → rows.
  (func $row (param $taps i32) (param $n i32) (param $line i32) (param $samples i32) (param $rows i32)
             (param $width i32) (param $channels i32) (param $radius i32) (param $y i32)
    (local $rowLength i32) (local $source i32) (local $src i32) (local $end i32) (local $dst i32)
    (local $bytes v128) (local $half v128) (local $edge i32) (local $right i32) (local $lastPixel i32)
    (local $c i32) (local $band i32) (local $k i32)
    (local.set $rowLength (i32.mul (local.get $width) (local.get $channels)))
    (local.set $source (i32.add (local.get $samples) (i32.mul (local.get $y) (local.get $rowLength))))
    ;; line = the row as floats with radius pixels of replicated edge on each side:
    ;; the interior 16 samples per step (may write up to 15 floats into the right edge, refilled below)
    (local.set $src (local.get $source))
    (local.set $end (i32.add (local.get $source) (local.get $rowLength)))
    (local.set $dst (i32.add (local.get $line) (i32.shl (i32.mul (local.get $radius) (local.get $channels)) (i32.const 2))))
    (block $converted
      (loop $convert
        (br_if $converted (i32.ge_u (local.get $src) (local.get $end)))
        (local.set $bytes (v128.load (local.get $src)))
        (local.set $half (i16x8.extend_low_i8x16_u (local.get $bytes)))
        (v128.store offset=0 (local.get $dst) (f32x4.convert_i32x4_u (i32x4.extend_low_i16x8_u (local.get $half))))
        (v128.store offset=16 (local.get $dst) (f32x4.convert_i32x4_u (i32x4.extend_high_i16x8_u (local.get $half))))
        (local.set $half (i16x8.extend_high_i8x16_u (local.get $bytes)))
        (v128.store offset=32 (local.get $dst) (f32x4.convert_i32x4_u (i32x4.extend_low_i16x8_u (local.get $half))))
        (v128.store offset=48 (local.get $dst) (f32x4.convert_i32x4_u (i32x4.extend_high_i16x8_u (local.get $half))))
        (local.set $src (i32.add (local.get $src) (i32.const 16)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 64)))
        (br $convert)))
    ;; the edges: radius copies of the first and of the last pixel
    (local.set $edge (i32.mul (local.get $radius) (local.get $channels)))
    (local.set $right (i32.add (local.get $line) (i32.shl (i32.add (local.get $edge) (local.get $rowLength)) (i32.const 2))))
    (local.set $lastPixel (i32.sub (local.get $end) (local.get $channels)))
    (local.set $c (i32.const 0))
    (block $edges
      (loop $each
        (br_if $edges (i32.ge_s (local.get $c) (local.get $edge)))
        (local.set $band (i32.rem_u (local.get $c) (local.get $channels)))
        (f32.store (i32.add (local.get $line) (i32.shl (local.get $c) (i32.const 2)))
                   (f32.convert_i32_u (i32.load8_u (i32.add (local.get $source) (local.get $band)))))
        (f32.store (i32.add (local.get $right) (i32.shl (local.get $c) (i32.const 2)))
                   (f32.convert_i32_u (i32.load8_u (i32.add (local.get $lastPixel) (local.get $band)))))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br $each)))
    ;; rows[y] = sum over k of taps[k] · line shifted by k pixels, two taps per streaming SIMD pass
    (local.set $dst (i32.add (local.get $rows) (i32.shl (i32.mul (local.get $y) (local.get $rowLength)) (i32.const 2))))
    (local.set $k (i32.const 0))
    (block $tapsDone
      (loop $tap
        (br_if $tapsDone (i32.ge_s (local.get $k) (local.get $n)))
        (call $accumulate (local.get $dst) (local.get $rowLength) (local.get $k)
          (i32.add (local.get $line) (i32.shl (i32.mul (local.get $k) (local.get $channels)) (i32.const 2)))
          (call $tap (local.get $taps) (local.get $n) (local.get $k))
          (i32.add (local.get $line)
            (i32.shl (i32.mul (call $next (local.get $k) (local.get $n)) (local.get $channels)) (i32.const 2)))
          (call $tap (local.get $taps) (local.get $n) (i32.add (local.get $k) (i32.const 1))))
        (local.set $k (i32.add (local.get $k) (i32.const 2)))
        (br $tap))))

  ;; taps[k], or 0 past the last tap.
  (func $tap (param $taps i32) (param $n i32) (param $k i32) (result f32)
    (select (f32.load (i32.add (local.get $taps) (i32.shl (local.get $k) (i32.const 2))))
            (f32.const 0)
            (i32.lt_s (local.get $k) (local.get $n))))

  ;; k + 1, or k past the last tap (its weight is then 0).
  (func $next (param $k i32) (param $n i32) (result i32)
    (select (i32.add (local.get $k) (i32.const 1)) (local.get $k)
            (i32.lt_s (i32.add (local.get $k) (i32.const 1)) (local.get $n))))

  ;; dst[0..count) = (keep ? dst : 0) + w0 · src0 + w1 · src1, four floats per step (may run 3 past count).
  (func $accumulate (param $dst i32) (param $count i32) (param $keep i32)
                    (param $src0 i32) (param $w0 f32) (param $src1 i32) (param $w1 f32)
    (local $end i32) (local $weight0 v128) (local $weight1 v128)
    (local.set $weight0 (f32x4.splat (local.get $w0)))
    (local.set $weight1 (f32x4.splat (local.get $w1)))
    (local.set $end (i32.add (local.get $dst) (i32.shl (local.get $count) (i32.const 2))))
    (if (local.get $keep)
      (then
        (block $done
          (loop $step
            (br_if $done (i32.ge_u (local.get $dst) (local.get $end)))
            (v128.store (local.get $dst)
              (f32x4.add
                (f32x4.add (v128.load (local.get $dst)) (f32x4.mul (local.get $weight0) (v128.load (local.get $src0))))
                (f32x4.mul (local.get $weight1) (v128.load (local.get $src1)))))
            (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
            (local.set $src0 (i32.add (local.get $src0) (i32.const 16)))
            (local.set $src1 (i32.add (local.get $src1) (i32.const 16)))
            (br $step))))
      (else
        (block $done
          (loop $step
            (br_if $done (i32.ge_u (local.get $dst) (local.get $end)))
            (v128.store (local.get $dst)
              (f32x4.add (f32x4.mul (local.get $weight0) (v128.load (local.get $src0)))
                         (f32x4.mul (local.get $weight1) (v128.load (local.get $src1)))))
            (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
            (local.set $src0 (i32.add (local.get $src0) (i32.const 16)))
            (local.set $src1 (i32.add (local.get $src1) (i32.const 16)))
            (br $step))))))

  ;; Address of row y of the horizontal pass, y clamped to the image (edges replicated).
  (func $rowAt (param $rows i32) (param $rowLength i32) (param $height i32) (param $y i32) (result i32)
    (local.set $y (select (i32.const 0) (local.get $y) (i32.lt_s (local.get $y) (i32.const 0))))
    (local.set $y (select (i32.sub (local.get $height) (i32.const 1)) (local.get $y)
                          (i32.ge_s (local.get $y) (local.get $height))))
    (i32.add (local.get $rows) (i32.shl (i32.mul (local.get $y) (local.get $rowLength)) (i32.const 2))))

  ;; Vertical pass of one row y: rows → samples (rounded, saturated to 8 bits), summed in line.
  (func $column (param $taps i32) (param $n i32) (param $line i32) (param $samples i32) (param $rows i32)
                (param $width i32) (param $height i32) (param $channels i32) (param $radius i32) (param $y i32)
    (local $rowLength i32) (local $k i32) (local $out i32) (local $acc i32) (local $end i32)
    (local.set $rowLength (i32.mul (local.get $width) (local.get $channels)))
    (local.set $k (i32.const 0))
    (block $tapsDone
      (loop $tap
        (br_if $tapsDone (i32.ge_s (local.get $k) (local.get $n)))
        (call $accumulate (local.get $line) (local.get $rowLength) (local.get $k)
          (call $rowAt (local.get $rows) (local.get $rowLength) (local.get $height)
                       (i32.sub (i32.add (local.get $y) (local.get $k)) (local.get $radius)))
          (call $tap (local.get $taps) (local.get $n) (local.get $k))
          (call $rowAt (local.get $rows) (local.get $rowLength) (local.get $height)
                       (i32.sub (i32.add (local.get $y) (call $next (local.get $k) (local.get $n))) (local.get $radius)))
          (call $tap (local.get $taps) (local.get $n) (i32.add (local.get $k) (i32.const 1))))
        (local.set $k (i32.add (local.get $k) (i32.const 2)))
        (br $tap)))
    ;; out = saturate(trunc(acc + 0.5))
    (local.set $out (i32.add (local.get $samples) (i32.mul (local.get $y) (local.get $rowLength))))
    (local.set $acc (local.get $line))
    (local.set $end (i32.add (local.get $line) (i32.shl (local.get $rowLength) (i32.const 2))))
    (block $done
      (loop $step
        (br_if $done (i32.ge_u (local.get $acc) (local.get $end)))
        (v128.store32_lane 0 (local.get $out)
          (i8x16.narrow_i16x8_u
            (i16x8.narrow_i32x4_u
              (i32x4.trunc_sat_f32x4_u (f32x4.add (v128.load (local.get $acc)) (v128.const f32x4 0.5 0.5 0.5 0.5)))
              (v128.const i32x4 0 0 0 0))
            (v128.const i32x4 0 0 0 0)))
        (local.set $acc (i32.add (local.get $acc) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))
        (br $step))))

  (func (export "blur") (param $taps i32) (param $n i32) (param $line i32) (param $samples i32) (param $rows i32)
                        (param $width i32) (param $height i32) (param $channels i32)
    (local $radius i32) (local $y i32)
    (local.set $radius (i32.shr_u (i32.sub (local.get $n) (i32.const 1)) (i32.const 1)))
    (local.set $y (i32.const 0))
    (block $done
      (loop $each
        (br_if $done (i32.ge_s (local.get $y) (local.get $height)))
        (call $row (local.get $taps) (local.get $n) (local.get $line) (local.get $samples) (local.get $rows)
                   (local.get $width) (local.get $channels) (local.get $radius) (local.get $y))
        (local.set $y (i32.add (local.get $y) (i32.const 1)))
        (br $each)))
    (local.set $y (i32.const 0))
    (block $done
      (loop $each
        (br_if $done (i32.ge_s (local.get $y) (local.get $height)))
        (call $column (local.get $taps) (local.get $n) (local.get $line) (local.get $samples) (local.get $rows)
                      (local.get $width) (local.get $height) (local.get $channels) (local.get $radius) (local.get $y))
        (local.set $y (i32.add (local.get $y) (i32.const 1)))
        (br $each))))
)
`;
