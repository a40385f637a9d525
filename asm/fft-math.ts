/**
 * The two-dimensional complex FFT of one N x N tile (N a power of two, 8 to 128) that the FFT
 * convolution (asm/fft.ts) runs on its tiles and filters. A tile is two planes of N x N floats, the
 * real parts at `re` and the imaginary parts right after them (`re + N²·4` bytes).
 *
 * Each 1-D pass transforms along the row index, for all N columns at once: a butterfly between rows
 * is N/4 vector operations per row with scalar twiddles, reading whole rows; two radix-2 stages
 * run fused as one radix-4 stage (half the passes over the tile). Between the two passes
 * the planes are transposed in place (4x4 blocks in registers), so the second pass is a row-index
 * pass too. The forward transform is decimation in frequency (Gentleman-Sande: natural order in,
 * bit-reversed order out) and the inverse decimation in time (bit-reversed in, natural out), so the
 * spectra are never reordered: the convolution only multiplies spectra elementwise, which any
 * common order allows. A spectrum is left transposed (`S[v][u]` for the frequency `u` of rows and
 * `v` of columns, both bit-reversed); the inverse undoes exactly that. The inverse is not scaled
 * (the caller folds 1/N² into the filters).
 *
 * TWIDDLES holds `exp(−2πi·j/N)` for j < N as (cos, sin) pairs of floats, computed in double
 * precision by the driver (the radix-4 stages read `w^3j` up to j·3 < 3N/4).
 */
import { storeTransposed4x4 } from './transpose4';

const VEC: usize = 16;

@inline function cmulRe(ar: v128, ai: v128, wr: v128, wi: v128): v128 {
  return f32x4.sub(f32x4.mul(ar, wr), f32x4.mul(ai, wi));
}

@inline function cmulIm(ar: v128, ai: v128, wr: v128, wi: v128): v128 {
  return f32x4.add(f32x4.mul(ar, wi), f32x4.mul(ai, wr));
}

/**
 * One radix-2 stage of length `len` along the row index of the planes `re`, `im` (rows of
 * `rowBytes`): `a, b -> a + b, (a − b)·w^j` (forward, DIF) or `a + b·w̄^j, a − b·w̄^j` (inverse,
 * DIT), w = exp(−2πi/len).
 */
@inline function radix2Stage(re: usize, im: usize, n: i32, rowBytes: usize, len: i32, twiddles: usize, inverse: bool): void {
  const half = len >> 1, step = n / len;
  for (let start = 0; start < n; start += len) {
    for (let j = 0; j < half; j++) {
      const a = <usize>(start + j) * rowBytes, b = a + <usize>half * rowBytes;
      const w = twiddles + (<usize>(j * step) << 3);
      const wr = f32x4.splat(load<f32>(w)), wi = f32x4.splat(inverse ? -load<f32>(w, 4) : load<f32>(w, 4));
      for (let col: usize = 0; col < rowBytes; col += VEC) {
        const ar = v128.load(re + a + col), ai = v128.load(im + a + col);
        let br = v128.load(re + b + col), bi = v128.load(im + b + col);
        if (inverse) {
          const tr = cmulRe(br, bi, wr, wi);
          bi = cmulIm(br, bi, wr, wi);
          br = tr;
          v128.store(re + a + col, f32x4.add(ar, br));
          v128.store(im + a + col, f32x4.add(ai, bi));
          v128.store(re + b + col, f32x4.sub(ar, br));
          v128.store(im + b + col, f32x4.sub(ai, bi));
        } else {
          v128.store(re + a + col, f32x4.add(ar, br));
          v128.store(im + a + col, f32x4.add(ai, bi));
          const dr = f32x4.sub(ar, br), di = f32x4.sub(ai, bi);
          v128.store(re + b + col, cmulRe(dr, di, wr, wi));
          v128.store(im + b + col, cmulIm(dr, di, wr, wi));
        }
      }
    }
  }
}

/**
 * Two forward (DIF) radix-2 stages, of lengths `len` and `len/2`, fused into one radix-4 stage (one
 * pass over the rows instead of two, three twiddle products per four points instead of four): for
 * rows `a0..a3` a quarter `len/4` apart, `y0 = (a0 + a2) + (a1 + a3)`, `y1 = ((a0 + a2) − (a1 +
 * a3))·w^2j`, `y2 = ((a0 − a2) − i(a1 − a3))·w^j`, `y3 = ((a0 − a2) + i(a1 − a3))·w^3j`: exactly the
 * two stages' results, in their places (so the output stays in bit-reversed order).
 */
@inline function forwardRadix4(re: usize, im: usize, n: i32, rowBytes: usize, len: i32, twiddles: usize): void {
  const quarter = len >> 2, step = n / len;
  const qBytes = <usize>quarter * rowBytes;
  for (let start = 0; start < n; start += len) {
    for (let j = 0; j < quarter; j++) {
      const a = <usize>(start + j) * rowBytes;
      const w1 = twiddles + (<usize>(j * step) << 3), w2 = twiddles + (<usize>(2 * j * step) << 3), w3 = twiddles + (<usize>(3 * j * step) << 3);
      const w1r = f32x4.splat(load<f32>(w1)), w1i = f32x4.splat(load<f32>(w1, 4));
      const w2r = f32x4.splat(load<f32>(w2)), w2i = f32x4.splat(load<f32>(w2, 4));
      const w3r = f32x4.splat(load<f32>(w3)), w3i = f32x4.splat(load<f32>(w3, 4));
      for (let col: usize = 0; col < rowBytes; col += VEC) {
        const p0 = a + col, p1 = p0 + qBytes, p2 = p1 + qBytes, p3 = p2 + qBytes;
        const a0r = v128.load(re + p0), a0i = v128.load(im + p0), a1r = v128.load(re + p1), a1i = v128.load(im + p1);
        const a2r = v128.load(re + p2), a2i = v128.load(im + p2), a3r = v128.load(re + p3), a3i = v128.load(im + p3);
        const s02r = f32x4.add(a0r, a2r), s02i = f32x4.add(a0i, a2i), s13r = f32x4.add(a1r, a3r), s13i = f32x4.add(a1i, a3i);
        const d02r = f32x4.sub(a0r, a2r), d02i = f32x4.sub(a0i, a2i), d13r = f32x4.sub(a1r, a3r), d13i = f32x4.sub(a1i, a3i);
        v128.store(re + p0, f32x4.add(s02r, s13r));
        v128.store(im + p0, f32x4.add(s02i, s13i));
        const t1r = f32x4.sub(s02r, s13r), t1i = f32x4.sub(s02i, s13i);
        v128.store(re + p1, cmulRe(t1r, t1i, w2r, w2i));
        v128.store(im + p1, cmulIm(t1r, t1i, w2r, w2i));
        // −i·d13 = (d13i, −d13r).
        const t2r = f32x4.add(d02r, d13i), t2i = f32x4.sub(d02i, d13r);
        v128.store(re + p2, cmulRe(t2r, t2i, w1r, w1i));
        v128.store(im + p2, cmulIm(t2r, t2i, w1r, w1i));
        const t3r = f32x4.sub(d02r, d13i), t3i = f32x4.add(d02i, d13r);
        v128.store(re + p3, cmulRe(t3r, t3i, w3r, w3i));
        v128.store(im + p3, cmulIm(t3r, t3i, w3r, w3i));
      }
    }
  }
}

/**
 * Two inverse (DIT) radix-2 stages, of lengths `len/2` and `len`, fused into one radix-4 stage, the
 * inverse of {@link forwardRadix4} up to the factor 4: with `b1 = y1·w̄^2j`, `b2 = y2·w̄^j`, `b3 =
 * y3·w̄^3j`, `x0 = (y0 + b1) + (b2 + b3)`, `x2 = (y0 + b1) − (b2 + b3)`, `x1 = (y0 − b1) + i(b2 − b3)`,
 * `x3 = (y0 − b1) − i(b2 − b3)`.
 */
@inline function inverseRadix4(re: usize, im: usize, n: i32, rowBytes: usize, len: i32, twiddles: usize): void {
  const quarter = len >> 2, step = n / len;
  const qBytes = <usize>quarter * rowBytes;
  for (let start = 0; start < n; start += len) {
    for (let j = 0; j < quarter; j++) {
      const a = <usize>(start + j) * rowBytes;
      const w1 = twiddles + (<usize>(j * step) << 3), w2 = twiddles + (<usize>(2 * j * step) << 3), w3 = twiddles + (<usize>(3 * j * step) << 3);
      // Conjugates: (wr, −wi).
      const w1r = f32x4.splat(load<f32>(w1)), w1i = f32x4.splat(-load<f32>(w1, 4));
      const w2r = f32x4.splat(load<f32>(w2)), w2i = f32x4.splat(-load<f32>(w2, 4));
      const w3r = f32x4.splat(load<f32>(w3)), w3i = f32x4.splat(-load<f32>(w3, 4));
      for (let col: usize = 0; col < rowBytes; col += VEC) {
        const p0 = a + col, p1 = p0 + qBytes, p2 = p1 + qBytes, p3 = p2 + qBytes;
        const y0r = v128.load(re + p0), y0i = v128.load(im + p0);
        const y1r = v128.load(re + p1), y1i = v128.load(im + p1);
        const y2r = v128.load(re + p2), y2i = v128.load(im + p2);
        const y3r = v128.load(re + p3), y3i = v128.load(im + p3);
        const b1r = cmulRe(y1r, y1i, w2r, w2i), b1i = cmulIm(y1r, y1i, w2r, w2i);
        const b2r = cmulRe(y2r, y2i, w1r, w1i), b2i = cmulIm(y2r, y2i, w1r, w1i);
        const b3r = cmulRe(y3r, y3i, w3r, w3i), b3i = cmulIm(y3r, y3i, w3r, w3i);
        const u0r = f32x4.add(y0r, b1r), u0i = f32x4.add(y0i, b1i), u1r = f32x4.sub(y0r, b1r), u1i = f32x4.sub(y0i, b1i);
        const sr = f32x4.add(b2r, b3r), si = f32x4.add(b2i, b3i), dr = f32x4.sub(b2r, b3r), di = f32x4.sub(b2i, b3i);
        v128.store(re + p0, f32x4.add(u0r, sr));
        v128.store(im + p0, f32x4.add(u0i, si));
        v128.store(re + p2, f32x4.sub(u0r, sr));
        v128.store(im + p2, f32x4.sub(u0i, si));
        // i·d = (−di, dr).
        v128.store(re + p1, f32x4.sub(u1r, di));
        v128.store(im + p1, f32x4.add(u1i, dr));
        v128.store(re + p3, f32x4.add(u1r, di));
        v128.store(im + p3, f32x4.sub(u1i, dr));
      }
    }
  }
}

/**
 * One forward (DIF) pass along the row index of the planes at `re` (N x N, imaginary plane after
 * it): the stages from length N down to 2, a radix-2 stage first when log₂N is odd, then radix-4
 * stages ({@link forwardRadix4}).
 */
function forwardPass(re: usize, n: i32, twiddles: usize): void {
  const rowBytes = <usize>n << 2;
  const im = re + <usize>n * rowBytes;
  let len = n;
  if ((ctz(n) & 1) != 0) {
    radix2Stage(re, im, n, rowBytes, len, twiddles, false);
    len >>= 1;
  }
  for (; len >= 4; len >>= 2) forwardRadix4(re, im, n, rowBytes, len, twiddles);
}

/** One inverse (DIT) pass along the row index, undoing {@link forwardPass}'s order: radix-4 stages from length 4 up, then a last radix-2 stage when log₂N is odd. */
function inversePass(re: usize, n: i32, twiddles: usize): void {
  const rowBytes = <usize>n << 2;
  const im = re + <usize>n * rowBytes;
  const odd = (ctz(n) & 1) != 0;
  const last = odd ? n >> 1 : n;
  for (let len = 4; len <= last; len <<= 2) inverseRadix4(re, im, n, rowBytes, len, twiddles);
  if (odd) radix2Stage(re, im, n, rowBytes, n, twiddles, true);
}

/** Transposes the N x N plane at `p` in place, 4x4 blocks at a time (diagonal blocks in place, the others swapped). */
function transposePlane(p: usize, n: i32): void {
  const rowBytes = <usize>n << 2;
  for (let bi = 0; bi < n; bi += 4) {
    for (let bj = bi; bj < n; bj += 4) {
      const x = p + <usize>bi * rowBytes + (<usize>bj << 2);
      const x0 = v128.load(x), x1 = v128.load(x + rowBytes), x2 = v128.load(x + 2 * rowBytes), x3 = v128.load(x + 3 * rowBytes);
      if (bi == bj) {
        storeTransposed4x4(x0, x1, x2, x3, x, rowBytes);
        continue;
      }
      const y = p + <usize>bj * rowBytes + (<usize>bi << 2);
      const y0 = v128.load(y), y1 = v128.load(y + rowBytes), y2 = v128.load(y + 2 * rowBytes), y3 = v128.load(y + 3 * rowBytes);
      storeTransposed4x4(x0, x1, x2, x3, y, rowBytes);
      storeTransposed4x4(y0, y1, y2, y3, x, rowBytes);
    }
  }
}

/** The forward 2-D FFT of the tile at `re` in place, leaving its spectrum transposed and in bit-reversed order (see the module notes). */
export function fft2d(re: usize, n: i32, twiddles: usize): void {
  forwardPass(re, n, twiddles);
  transposePlane(re, n);
  transposePlane(re + (<usize>(n * n) << 2), n);
  forwardPass(re, n, twiddles);
}

/** The inverse of {@link fft2d}, unscaled (N² times the tile): a transposed, bit-reversed spectrum in, the natural tile out. */
export function inverseFft2d(re: usize, n: i32, twiddles: usize): void {
  inversePass(re, n, twiddles);
  transposePlane(re, n);
  transposePlane(re + (<usize>(n * n) << 2), n);
  inversePass(re, n, twiddles);
}
