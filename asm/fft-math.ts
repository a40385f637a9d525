/**
 * The two-dimensional complex FFT of one N x N tile (N a power of two, 8 to 128) that the FFT
 * convolution (asm/fft.ts) runs on its tiles and filters. A tile is two planes of N x N floats, the
 * real parts at `re` and the imaginary parts right after them (`re + N²·4` bytes).
 *
 * Each 1-D pass transforms along the row index, for all N columns at once: a butterfly between two
 * rows is N/4 vector operations with one scalar twiddle, reading whole rows. Between the two passes
 * the planes are transposed in place (4x4 blocks in registers), so the second pass is a row-index
 * pass too. The forward transform is decimation in frequency (Gentleman-Sande: natural order in,
 * bit-reversed order out) and the inverse decimation in time (bit-reversed in, natural out), so the
 * spectra are never reordered: the convolution only multiplies spectra elementwise, which any
 * common order allows. A spectrum is left transposed (`S[v][u]` for the frequency `u` of rows and
 * `v` of columns, both bit-reversed); the inverse undoes exactly that. The inverse is not scaled
 * (the caller folds 1/N² into the filters).
 *
 * TWIDDLES holds `exp(−2πi·j/N)` for j < N/2 as (cos, sin) pairs of floats, computed in double
 * precision by the driver.
 */
import { storeTransposed4x4 } from './transpose4';

const VEC: usize = 16;

/**
 * One forward (DIF) pass along the row index of the planes at `re` (N x N, imaginary plane after
 * it): for each stage from length N down to 2, `a, b -> a + b, (a − b)·w^j`.
 */
function forwardPass(re: usize, n: i32, twiddles: usize): void {
  const rowBytes = <usize>n << 2;
  const im = re + <usize>n * rowBytes;
  for (let len = n; len >= 2; len >>= 1) {
    const half = len >> 1, step = n / len;
    for (let start = 0; start < n; start += len) {
      for (let j = 0; j < half; j++) {
        const a = <usize>(start + j) * rowBytes, b = a + <usize>half * rowBytes;
        if (j == 0) {
          for (let col: usize = 0; col < rowBytes; col += VEC) {
            const ar = v128.load(re + a + col), ai = v128.load(im + a + col);
            const br = v128.load(re + b + col), bi = v128.load(im + b + col);
            v128.store(re + a + col, f32x4.add(ar, br));
            v128.store(im + a + col, f32x4.add(ai, bi));
            v128.store(re + b + col, f32x4.sub(ar, br));
            v128.store(im + b + col, f32x4.sub(ai, bi));
          }
          continue;
        }
        const w = twiddles + (<usize>(j * step) << 3);
        const wr = f32x4.splat(load<f32>(w)), wi = f32x4.splat(load<f32>(w, 4));
        for (let col: usize = 0; col < rowBytes; col += VEC) {
          const ar = v128.load(re + a + col), ai = v128.load(im + a + col);
          const br = v128.load(re + b + col), bi = v128.load(im + b + col);
          v128.store(re + a + col, f32x4.add(ar, br));
          v128.store(im + a + col, f32x4.add(ai, bi));
          const dr = f32x4.sub(ar, br), di = f32x4.sub(ai, bi);
          v128.store(re + b + col, f32x4.sub(f32x4.mul(dr, wr), f32x4.mul(di, wi)));
          v128.store(im + b + col, f32x4.add(f32x4.mul(dr, wi), f32x4.mul(di, wr)));
        }
      }
    }
  }
}

/**
 * One inverse (DIT) pass along the row index, the adjoint order of {@link forwardPass}: for each
 * stage from length 2 up to N, `a, b -> a + b·w̄^j, a − b·w̄^j` (conjugate twiddles).
 */
function inversePass(re: usize, n: i32, twiddles: usize): void {
  const rowBytes = <usize>n << 2;
  const im = re + <usize>n * rowBytes;
  for (let len = 2; len <= n; len <<= 1) {
    const half = len >> 1, step = n / len;
    for (let start = 0; start < n; start += len) {
      for (let j = 0; j < half; j++) {
        const a = <usize>(start + j) * rowBytes, b = a + <usize>half * rowBytes;
        if (j == 0) {
          for (let col: usize = 0; col < rowBytes; col += VEC) {
            const ar = v128.load(re + a + col), ai = v128.load(im + a + col);
            const br = v128.load(re + b + col), bi = v128.load(im + b + col);
            v128.store(re + a + col, f32x4.add(ar, br));
            v128.store(im + a + col, f32x4.add(ai, bi));
            v128.store(re + b + col, f32x4.sub(ar, br));
            v128.store(im + b + col, f32x4.sub(ai, bi));
          }
          continue;
        }
        const w = twiddles + (<usize>(j * step) << 3);
        // Conjugate: (wr, −wi).
        const wr = f32x4.splat(load<f32>(w)), wi = f32x4.splat(-load<f32>(w, 4));
        for (let col: usize = 0; col < rowBytes; col += VEC) {
          const ar = v128.load(re + a + col), ai = v128.load(im + a + col);
          const br0 = v128.load(re + b + col), bi0 = v128.load(im + b + col);
          const br = f32x4.sub(f32x4.mul(br0, wr), f32x4.mul(bi0, wi));
          const bi = f32x4.add(f32x4.mul(br0, wi), f32x4.mul(bi0, wr));
          v128.store(re + a + col, f32x4.add(ar, br));
          v128.store(im + a + col, f32x4.add(ai, bi));
          v128.store(re + b + col, f32x4.sub(ar, br));
          v128.store(im + b + col, f32x4.sub(ai, bi));
        }
      }
    }
  }
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
