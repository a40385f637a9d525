/**
 * Reductions over one contiguous row of float32, shared by the kernels that need a row's extremum
 * or its shifted exponentials and their sum (reductions, softmax, cross-entropy, log-sum-exp,
 * attention).
 */
import { exp4 } from './vector-math';

/** Max (or min) of `n` contiguous floats; NaN if any is NaN; −Infinity (+Infinity) when empty. */
@inline export function rowExtreme(x: usize, n: i32, isMax: bool): f32 {
  let acc = f32x4.splat(isMax ? -Infinity : Infinity);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const v = v128.load(x + (<usize>i << 2));
    acc = isMax ? f32x4.max(acc, v) : f32x4.min(acc, v);
  }
  let r = isMax
    ? max(max(f32x4.extract_lane(acc, 0), f32x4.extract_lane(acc, 1)), max(f32x4.extract_lane(acc, 2), f32x4.extract_lane(acc, 3)))
    : min(min(f32x4.extract_lane(acc, 0), f32x4.extract_lane(acc, 1)), min(f32x4.extract_lane(acc, 2), f32x4.extract_lane(acc, 3)));
  for (; i < n; i++) {
    const v = load<f32>(x + (<usize>i << 2));
    r = isMax ? max(r, v) : min(r, v);
  }
  return r;
}

/** Maximum of `n` contiguous floats (NaN if any is NaN, −Infinity when empty). */
export function rowMax(x: usize, n: i32): f32 {
  return rowExtreme(x, n, true);
}

/** `dst[i] = e^(src[i] − m)` for `n` contiguous floats (`dst` may be `src`); returns their sum, in float64. */
export function rowExpShifted(dst: usize, src: usize, n: i32, m: f32): f64 {
  const mv = f32x4.splat(m);
  let lo = f64x2.splat(0), hi = f64x2.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const off = <usize>i << 2;
    const e = exp4(f32x4.sub(v128.load(src + off), mv));
    v128.store(dst + off, e);
    lo = f64x2.add(lo, f64x2.promote_low_f32x4(e));
    hi = f64x2.add(hi, f64x2.promote_low_f32x4(v128.shuffle<f32>(e, e, 2, 3, 0, 1)));
  }
  const both = f64x2.add(lo, hi);
  let sum = f64x2.extract_lane(both, 0) + f64x2.extract_lane(both, 1);
  for (; i < n; i++) {
    const off = <usize>i << 2;
    const e = f32x4.extract_lane(exp4(f32x4.splat(load<f32>(src + off) - m)), 0);
    store<f32>(dst + off, e);
    sum += <f64>e;
  }
  return sum;
}

/** Σ e^(x − m) over `n` contiguous floats, summed in float64. */
export function rowSumExp(x: usize, n: i32, m: f32): f64 {
  const mv = f32x4.splat(m);
  let lo = f64x2.splat(0), hi = f64x2.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const e = exp4(f32x4.sub(v128.load(x + (<usize>i << 2)), mv));
    lo = f64x2.add(lo, f64x2.promote_low_f32x4(e));
    hi = f64x2.add(hi, f64x2.promote_low_f32x4(v128.shuffle<f32>(e, e, 2, 3, 0, 1)));
  }
  const both = f64x2.add(lo, hi);
  let s = f64x2.extract_lane(both, 0) + f64x2.extract_lane(both, 1);
  for (; i < n; i++) s += <f64>f32x4.extract_lane(exp4(f32x4.splat(load<f32>(x + (<usize>i << 2)) - m)), 0);
  return s;
}
