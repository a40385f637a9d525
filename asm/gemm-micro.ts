/**
 * The SGEMM micro-kernel: a 5x8 block of C held in ten f32x4 registers while it accumulates the
 * product of a packed 5-row sliver of A and a packed 8-column sliver of B.
 *
 * Why 5x8: x64 V8 gives wasm 15 usable xmm registers; 10 accumulators + 2 B vectors + 1 broadcast A
 * + 1 product temporary (no FMA in baseline wasm SIMD) just fit without spills, and each k step does
 * 10 multiplies and 10 adds for 7 loads. Measured 41 GFLOP/s on one core vs 36 for 4x8 (1024^3).
 * The k loop is not unrolled: with two steps per iteration TurboFan hoists the loads and spills.
 */

import { madd4 } from './madd';

/** Rows of C per micro-tile. */
export const MR: i32 = 5;
/** Columns of C per micro-tile. */
export const NR: i32 = 8;

@inline function storeRow(dst: usize, lo: v128, hi: v128, accumulate: bool): void {
  if (accumulate) {
    lo = f32x4.add(lo, v128.load(dst));
    hi = f32x4.add(hi, v128.load(dst, 16));
  }
  v128.store(dst, lo);
  v128.store(dst, hi, 16);
}

/**
 * `C[0:mr, 0:nr] (+)= A·B` for one micro-tile. `pa` is `kc` groups of MR floats, `pb` is `kc`
 * groups of NR floats (both zero-padded past the matrix edge); `ldc` is in bytes. Partial tiles
 * (`mr < MR` or `nr < NR`) go through `tile` (MR * NR floats of thread scratch) so padding never lands in C.
 */
export function microKernel(kc: i32, pa: usize, pb: usize, c: usize, ldc: usize, accumulate: bool, mr: i32, nr: i32, tile: usize): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  let c40 = f32x4.splat(0), c41 = f32x4.splat(0);
  // One k step per iteration: unrolling lets TurboFan hoist the second step's loads and spill accumulators.
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(pb), b1 = v128.load(pb, 16);
    let a = v128.load32_splat(pa);
    c00 = madd4(c00, a, b0); c01 = madd4(c01, a, b1);
    a = v128.load32_splat(pa, 4);
    c10 = madd4(c10, a, b0); c11 = madd4(c11, a, b1);
    a = v128.load32_splat(pa, 8);
    c20 = madd4(c20, a, b0); c21 = madd4(c21, a, b1);
    a = v128.load32_splat(pa, 12);
    c30 = madd4(c30, a, b0); c31 = madd4(c31, a, b1);
    a = v128.load32_splat(pa, 16);
    c40 = madd4(c40, a, b0); c41 = madd4(c41, a, b1);
    pa += 20;
    pb += 32;
  }
  if (mr == MR && nr == NR) {
    storeRow(c, c00, c01, accumulate);
    storeRow(c + ldc, c10, c11, accumulate);
    storeRow(c + 2 * ldc, c20, c21, accumulate);
    storeRow(c + 3 * ldc, c30, c31, accumulate);
    storeRow(c + 4 * ldc, c40, c41, accumulate);
    return;
  }
  storeRow(tile, c00, c01, false);
  storeRow(tile + 32, c10, c11, false);
  storeRow(tile + 64, c20, c21, false);
  storeRow(tile + 96, c30, c31, false);
  storeRow(tile + 128, c40, c41, false);
  for (let i = 0; i < mr; i++) {
    const row = c + <usize>i * ldc;
    const src = tile + (<usize>i << 5);
    for (let j = 0; j < nr; j++) {
      const off = <usize>j << 2;
      const v = load<f32>(src + off);
      store<f32>(row + off, accumulate ? load<f32>(row + off) + v : v);
    }
  }
}
