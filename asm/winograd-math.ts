/**
 * The one-dimensional transforms of Winograd's minimal filtering F(4, 3) (Lavin & Gray 2016, the
 * interpolation points 0, ±1, ±2 and infinity), four channels per vector. A 2-D transform applies
 * one of them to the rows of a tile and then to its columns; each reads its values at `src + i·srcStride`
 * and writes them at `dst + i·dstStride` (byte strides), so the same code walks rows, columns and
 * the strided layouts of the transformed matrices.
 *
 * Forward: `Y = Aᵀ [(G g Gᵀ) ⊙ (Bᵀ d B)] A` for a 6x6 input tile d, a 3x3 filter g, a 4x4 output Y.
 * The filter gradient needs the adjoints of Aᵀ (dM = A dY Aᵀ) and of G (dg = Gᵀ dU G).
 */

@inline function mulAdd(acc: v128, a: v128, k: f32): v128 {
  return f32x4.add(acc, f32x4.mul(a, f32x4.splat(k)));
}

/** Stores the four lanes of `v` `laneStride` bytes apart (a vector of channels into a packed GEMM panel). */
@inline function storeLanes(dst: usize, v: v128, laneStride: usize): void {
  store<f32>(dst, f32x4.extract_lane(v, 0));
  store<f32>(dst + laneStride, f32x4.extract_lane(v, 1));
  store<f32>(dst + 2 * laneStride, f32x4.extract_lane(v, 2));
  store<f32>(dst + 3 * laneStride, f32x4.extract_lane(v, 3));
}

/**
 * Bᵀ d: six values to six. With `laneStride` 0 each result is one vector store; otherwise its four
 * lanes are stored `laneStride` bytes apart.
 */
@inline export function inputTransform6(src: usize, srcStride: usize, dst: usize, dstStride: usize, laneStride: usize = 0): void {
  const d0 = v128.load(src), d1 = v128.load(src + srcStride), d2 = v128.load(src + 2 * srcStride);
  const d3 = v128.load(src + 3 * srcStride), d4 = v128.load(src + 4 * srcStride), d5 = v128.load(src + 5 * srcStride);
  const four = f32x4.splat(4), five = f32x4.splat(5);
  const d42 = f32x4.sub(d4, d2), d31 = f32x4.sub(d3, d1);
  const q0 = f32x4.add(f32x4.sub(f32x4.mul(d0, four), f32x4.mul(d2, five)), d4); // 4 d0 - 5 d2 + d4
  const q1 = f32x4.sub(f32x4.add(d3, d4), f32x4.mul(f32x4.add(d1, d2), four)); // (d3 + d4) - 4 (d1 + d2)
  const q2 = f32x4.add(f32x4.sub(d4, d3), f32x4.mul(f32x4.sub(d1, d2), four)); // (d4 - d3) + 4 (d1 - d2)
  const q3 = f32x4.add(d42, f32x4.add(d31, d31)); // (d4 - d2) + 2 (d3 - d1)
  const q4 = f32x4.sub(d42, f32x4.add(d31, d31)); // (d4 - d2) - 2 (d3 - d1)
  const q5 = f32x4.add(f32x4.sub(f32x4.mul(d1, four), f32x4.mul(d3, five)), d5); // 4 d1 - 5 d3 + d5
  if (laneStride == 0) {
    v128.store(dst, q0);
    v128.store(dst + dstStride, q1);
    v128.store(dst + 2 * dstStride, q2);
    v128.store(dst + 3 * dstStride, q3);
    v128.store(dst + 4 * dstStride, q4);
    v128.store(dst + 5 * dstStride, q5);
  } else {
    storeLanes(dst, q0, laneStride);
    storeLanes(dst + dstStride, q1, laneStride);
    storeLanes(dst + 2 * dstStride, q2, laneStride);
    storeLanes(dst + 3 * dstStride, q3, laneStride);
    storeLanes(dst + 4 * dstStride, q4, laneStride);
    storeLanes(dst + 5 * dstStride, q5, laneStride);
  }
}

/** Aᵀ m: six values to four. */
@inline export function outputTransform6(src: usize, srcStride: usize, dst: usize, dstStride: usize): void {
  const m0 = v128.load(src), m1 = v128.load(src + srcStride), m2 = v128.load(src + 2 * srcStride);
  const m3 = v128.load(src + 3 * srcStride), m4 = v128.load(src + 4 * srcStride), m5 = v128.load(src + 5 * srcStride);
  const s12 = f32x4.add(m1, m2), d12 = f32x4.sub(m1, m2);
  const s34 = f32x4.add(m3, m4), d34 = f32x4.sub(m3, m4);
  v128.store(dst, f32x4.add(f32x4.add(m0, s12), s34));
  v128.store(dst + dstStride, mulAdd(d12, d34, 2));
  v128.store(dst + 2 * dstStride, mulAdd(s12, s34, 4));
  v128.store(dst + 3 * dstStride, f32x4.add(mulAdd(d12, d34, 8), m5));
}

/** A y, the adjoint of {@link outputTransform6}: four values to six. */
@inline export function outputGradient4(src: usize, srcStride: usize, dst: usize, dstStride: usize): void {
  const y0 = v128.load(src), y1 = v128.load(src + srcStride), y2 = v128.load(src + 2 * srcStride), y3 = v128.load(src + 3 * srcStride);
  const s02 = f32x4.add(y0, y2), s13 = f32x4.add(y1, y3);
  const e02 = mulAdd(y0, y2, 4), e13 = mulAdd(y1, y3, 4);
  v128.store(dst, y0);
  v128.store(dst + dstStride, f32x4.add(s02, s13));
  v128.store(dst + 2 * dstStride, f32x4.sub(s02, s13));
  v128.store(dst + 3 * dstStride, f32x4.add(e02, f32x4.add(e13, e13)));
  v128.store(dst + 4 * dstStride, f32x4.sub(e02, f32x4.add(e13, e13)));
  v128.store(dst + 5 * dstStride, y3);
}

/** G g: three filter taps to six. */
@inline export function filterTransform3(src: usize, srcStride: usize, dst: usize, dstStride: usize): void {
  const g0 = v128.load(src), g1 = v128.load(src + srcStride), g2 = v128.load(src + 2 * srcStride);
  const s02 = f32x4.add(g0, g2);
  const outer = f32x4.mul(g0, f32x4.splat(<f32>(1.0 / 24.0)));
  const inner = mulAdd(outer, g2, <f32>(1.0 / 6.0));
  const sixth = f32x4.splat(<f32>(-1.0 / 6.0));
  v128.store(dst, f32x4.mul(g0, f32x4.splat(0.25)));
  v128.store(dst + dstStride, f32x4.mul(f32x4.add(s02, g1), sixth));
  v128.store(dst + 2 * dstStride, f32x4.mul(f32x4.sub(s02, g1), sixth));
  v128.store(dst + 3 * dstStride, mulAdd(inner, g1, <f32>(1.0 / 12.0)));
  v128.store(dst + 4 * dstStride, mulAdd(inner, g1, <f32>(-1.0 / 12.0)));
  v128.store(dst + 5 * dstStride, g2);
}

/** Gᵀ u, the adjoint of {@link filterTransform3}: six values to three filter taps. */
@inline export function filterGradient6(src: usize, srcStride: usize, dst: usize, dstStride: usize): void {
  const u0 = v128.load(src), u1 = v128.load(src + srcStride), u2 = v128.load(src + 2 * srcStride);
  const u3 = v128.load(src + 3 * srcStride), u4 = v128.load(src + 4 * srcStride), u5 = v128.load(src + 5 * srcStride);
  const s12 = f32x4.add(u1, u2), s34 = f32x4.add(u3, u4);
  v128.store(dst, f32x4.add(f32x4.mul(u0, f32x4.splat(0.25)), f32x4.add(
    f32x4.mul(s12, f32x4.splat(<f32>(-1.0 / 6.0))), f32x4.mul(s34, f32x4.splat(<f32>(1.0 / 24.0))))));
  v128.store(dst + dstStride, f32x4.add(
    f32x4.mul(f32x4.sub(u2, u1), f32x4.splat(<f32>(1.0 / 6.0))), f32x4.mul(f32x4.sub(u3, u4), f32x4.splat(<f32>(1.0 / 12.0)))));
  v128.store(dst + 2 * dstStride, f32x4.add(f32x4.mul(f32x4.sub(s34, s12), f32x4.splat(<f32>(1.0 / 6.0))), u5));
}
