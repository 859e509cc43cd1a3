import { LINEAR_RESAMPLE_WAT } from "./linear-resample-wat.js";

/** WAT expression: four 8-bit samples at `address` as f32x4 (inlined text, no call). */
const four = (address: string): string =>
  `(f32x4.convert_i32x4_u (i32x4.extend_low_i16x8_u (i16x8.extend_low_i8x16_u (v128.load32_zero ${address}))))`;

/** WAT expression: one 8-bit sample at `address` as f32. */
const one = (address: string): string => `(f32.convert_i32_u (i32.load8_u ${address}))`;

const f32x4Add = (a: string, b: string): string => `(f32x4.add ${a} ${b})`;
const f32Add = (a: string, b: string): string => `(f32.add ${a} ${b})`;

/**
 * WAT expression: the sum of the 3×3 neighbourhood of the sample(s) at `$at`, with `$up`/`$down`
 * the same position one row up/down and pixels `$channels` bytes apart.
 */
function box(load: (address: string) => string, add: (a: string, b: string) => string): string {
  const row = (base: string) =>
    add(
      add(load(`(i32.sub (local.get ${base}) (local.get $channels))`), load(`(local.get ${base})`)),
      load(`(i32.add (local.get ${base}) (local.get $channels))`),
    );
  return add(add(row("$up"), row("$at")), row("$down"));
}

/**
 * WebAssembly text of the 8-bit image kernels, four samples per SIMD step.
 *
 * `blur`: a separable convolution of interleaved samples with float32 taps. Memory layout (byte offsets, all 16-byte aligned, set by the caller):
 * `taps` f32[2r+1]; `line` f32[(width+2r)·channels + 16] (one padded source row); `samples`
 * u8[width·height·channels + 16] (input, overwritten by the output); `rows` f32[width·height·channels + 4]
 * (the horizontal pass). Borders replicate the edge samples. The result is rounded to nearest
 * (v + 0.5, truncated) and saturated to 0…255.
 *
 * `sharpen`: torchvision's 3×3 sharpness blend `self·v + ring·Σ₉` on the interior (see the function).
 *
 * `bandSums` and `noise`: the per-band sums and the seeded Gaussian noise of `addGaussianNoise`.
 *
 * `mask`: a bitwise AND of every sample with one byte (`keepTopBits` of 8-bit data), in place.
 *
 * `reduceRows`, `reduceColumns`, `gatherColumns`, `enlargeRows`: libvips' bilinear resize ({@link LINEAR_RESAMPLE_WAT}).
 */
export const IMAGE_KERNELS_WAT = `
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

  ;; The 3×3 blend self·v + ring·Σ₉ on the interior of an 8-bit image (src → dst, dst already a copy of
  ;; src so the borders keep their values), rounded (v + 0.5, truncated) and saturated to 0…255.
  (func (export "sharpen") (param $src i32) (param $dst i32) (param $width i32) (param $height i32)
                           (param $channels i32) (param $self f32) (param $ring f32)
    (local $rowLength i32) (local $interior i32) (local $vectorEnd i32) (local $y i32) (local $i i32)
    (local $mid i32) (local $out i32) (local $selfs v128) (local $rings v128) (local $value f32)
    (local $at i32) (local $up i32) (local $down i32)
    (local.set $rowLength (i32.mul (local.get $width) (local.get $channels)))
    (local.set $interior (i32.mul (i32.sub (local.get $width) (i32.const 2)) (local.get $channels)))
    (local.set $vectorEnd (i32.and (local.get $interior) (i32.const -4)))
    (local.set $selfs (f32x4.splat (local.get $self)))
    (local.set $rings (f32x4.splat (local.get $ring)))
    (local.set $y (i32.const 1))
    (block $rowsDone
      (loop $eachRow
        (br_if $rowsDone (i32.ge_s (local.get $y) (i32.sub (local.get $height) (i32.const 1))))
        (local.set $mid (i32.add (local.get $src)
          (i32.add (i32.mul (local.get $y) (local.get $rowLength)) (local.get $channels))))
        (local.set $out (i32.add (local.get $dst)
          (i32.add (i32.mul (local.get $y) (local.get $rowLength)) (local.get $channels))))
        (local.set $i (i32.const 0))
        (block $vectorsDone
          (loop $vector
            (br_if $vectorsDone (i32.ge_s (local.get $i) (local.get $vectorEnd)))
            (local.set $at (i32.add (local.get $mid) (local.get $i)))
            (local.set $up (i32.sub (local.get $at) (local.get $rowLength)))
            (local.set $down (i32.add (local.get $at) (local.get $rowLength)))
            (v128.store32_lane 0 (i32.add (local.get $out) (local.get $i))
              (i8x16.narrow_i16x8_u
                (i16x8.narrow_i32x4_u
                  (i32x4.trunc_sat_f32x4_u
                    (f32x4.add
                      (f32x4.add
                        (f32x4.mul (local.get $selfs) ${four("(local.get $at)")})
                        (f32x4.mul (local.get $rings)
                          ${box(four, f32x4Add)}))
                      (v128.const f32x4 0.5 0.5 0.5 0.5)))
                  (v128.const i32x4 0 0 0 0))
                (v128.const i32x4 0 0 0 0)))
            (local.set $i (i32.add (local.get $i) (i32.const 4)))
            (br $vector)))
        (block $scalarsDone
          (loop $scalar
            (br_if $scalarsDone (i32.ge_s (local.get $i) (local.get $interior)))
            (local.set $at (i32.add (local.get $mid) (local.get $i)))
            (local.set $up (i32.sub (local.get $at) (local.get $rowLength)))
            (local.set $down (i32.add (local.get $at) (local.get $rowLength)))
            (local.set $value
              (f32.add
                (f32.add
                  (f32.mul (local.get $self) ${one("(local.get $at)")})
                  (f32.mul (local.get $ring)
                    ${box(one, f32Add)}))
                (f32.const 0.5)))
            (i32.store8 (i32.add (local.get $out) (local.get $i))
              (select (i32.const 255) (i32.trunc_sat_f32_u (local.get $value))
                      (f32.gt (local.get $value) (f32.const 255))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $scalar)))
        (local.set $y (i32.add (local.get $y) (i32.const 1)))
        (br $eachRow))))

  ;; samples[0, n) &= mask, 16 bytes per step (the memory past n up to the next 16 is scratch).
  (func (export "mask") (param $samples i32) (param $n i32) (param $mask i32)
    (local $bits v128) (local $at i32) (local $end i32)
    (local.set $bits (i8x16.splat (local.get $mask)))
    (local.set $at (local.get $samples))
    (local.set $end (i32.add (local.get $samples) (local.get $n)))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $at) (local.get $end)))
        (v128.store (local.get $at) (v128.and (v128.load (local.get $at)) (local.get $bits)))
        (local.set $at (i32.add (local.get $at) (i32.const 16)))
        (br $each))))

  ;; Per-band sums of 8-bit interleaved samples into i64 out[channels].
  (func (export "bandSums") (param $src i32) (param $samples i32) (param $channels i32) (param $out i32)
    (local $i i32) (local $band i32) (local $slot i32)
    (local.set $band (i32.const 0))
    (block $cleared
      (loop $clear
        (br_if $cleared (i32.ge_s (local.get $band) (local.get $channels)))
        (i64.store (i32.add (local.get $out) (i32.shl (local.get $band) (i32.const 3))) (i64.const 0))
        (local.set $band (i32.add (local.get $band) (i32.const 1)))
        (br $clear)))
    (local.set $band (i32.const 0))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $i) (local.get $samples)))
        (local.set $slot (i32.add (local.get $out) (i32.shl (local.get $band) (i32.const 3))))
        (i64.store (local.get $slot)
          (i64.add (i64.load (local.get $slot)) (i64.extend_i32_u (i32.load8_u (i32.add (local.get $src) (local.get $i))))))
        (local.set $band (select (i32.const 0) (i32.add (local.get $band) (i32.const 1))
                                 (i32.eq (i32.add (local.get $band) (i32.const 1)) (local.get $channels))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $each))))

  ;; Gaussian noise on 8-bit samples (src → dst): the first (bands) bands get sigma[band] · table[draw]
  ;; added in float64, clamped to 0…255 and rounded (v + 0.5, truncated); later bands are copied. The
  ;; draws are the 16-bit halves (high first) of xoshiro128** outputs from state a, b, c, d, one per
  ;; noisy sample in pixel order.
  (func (export "noise") (param $src i32) (param $dst i32) (param $samples i32) (param $channels i32)
                         (param $bands i32) (param $sigmas i32) (param $table i32)
                         (param $a i32) (param $b i32) (param $c i32) (param $d i32)
    (local $i i32) (local $band i32) (local $random i32) (local $spare i32) (local $index i32)
    (local $b5 i32) (local $t i32) (local $v f64)
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $i) (local.get $samples)))
        (if (i32.lt_s (local.get $band) (local.get $bands))
          (then
            (if (local.get $spare)
              (then
                (local.set $index (i32.and (local.get $random) (i32.const 0xffff)))
                (local.set $spare (i32.const 0)))
              (else
                (local.set $b5 (i32.mul (local.get $b) (i32.const 5)))
                (local.set $random (i32.mul (i32.rotl (local.get $b5) (i32.const 7)) (i32.const 9)))
                (local.set $t (i32.shl (local.get $b) (i32.const 9)))
                (local.set $c (i32.xor (local.get $c) (local.get $a)))
                (local.set $d (i32.xor (local.get $d) (local.get $b)))
                (local.set $b (i32.xor (local.get $b) (local.get $c)))
                (local.set $a (i32.xor (local.get $a) (local.get $d)))
                (local.set $c (i32.xor (local.get $c) (local.get $t)))
                (local.set $d (i32.rotl (local.get $d) (i32.const 11)))
                (local.set $index (i32.shr_u (local.get $random) (i32.const 16)))
                (local.set $spare (i32.const 1))))
            (local.set $v (f64.add
              (f64.convert_i32_u (i32.load8_u (i32.add (local.get $src) (local.get $i))))
              (f64.mul (f64.load (i32.add (local.get $sigmas) (i32.shl (local.get $band) (i32.const 3))))
                       (f64.promote_f32 (f32.load (i32.add (local.get $table) (i32.shl (local.get $index) (i32.const 2))))))))
            (local.set $v (f64.min (f64.max (local.get $v) (f64.const 0)) (f64.const 255)))
            (i32.store8 (i32.add (local.get $dst) (local.get $i))
              (i32.trunc_f64_u (f64.add (local.get $v) (f64.const 0.5)))))
          (else
            (i32.store8 (i32.add (local.get $dst) (local.get $i)) (i32.load8_u (i32.add (local.get $src) (local.get $i))))))
        (local.set $band (select (i32.const 0) (i32.add (local.get $band) (i32.const 1))
                                 (i32.eq (i32.add (local.get $band) (i32.const 1)) (local.get $channels))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $each))))
${LINEAR_RESAMPLE_WAT}
)
`;
