/**
 * argmax/argmin over contiguous rows and over column blocks, for asm/reduce-extra.ts, with the
 * reference's rule: the first extremum wins ties and the first NaN wins over numbers (once the
 * best is NaN nothing replaces it).
 */

@inline function at(p: usize, i: i32): usize {
  return p + (<usize>i << 2);
}

/** True when candidate (v, i) beats the current best (b, bi) under the reference's rule. */
@inline function beats(isMax: bool, v: f32, i: i32, b: f32, bi: i32): bool {
  if (isNaN(b)) return isNaN(v) && i < bi;
  if (isNaN(v)) return true;
  return (isMax ? v > b : v < b) || (v == b && i < bi);
}

/** One step of a lane-wise arg search: lanes where `v` beats `best` under the reference's rule take it and its index. */
@inline function stepF32(isMax: bool, v: v128, best: v128): v128 {
  const better = isMax ? f32x4.gt(v, best) : f32x4.lt(v, best);
  return v128.and(f32x4.eq(best, best), v128.or(better, f32x4.ne(v, v)));
}

/** Index of the first extremum (or first NaN) of `n >= 1` contiguous float32 values. */
@inline function argRowF32(x: usize, n: i32, isMax: bool): i32 {
  // Two vectors of lanes, lane k following elements k, k+8, ... with the reference's sequential
  // rule (two independent chains hide the compare/select latency); the eight lanes merge after.
  let best0 = f32x4.splat(load<f32>(x)), best1 = best0;
  let index0 = i32x4.splat(0), index1 = index0;
  let idx0 = i32x4(0, 1, 2, 3), idx1 = i32x4(4, 5, 6, 7);
  const eight = i32x4.splat(8);
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    const v0 = v128.load(at(x, i)), v1 = v128.load(at(x, i + 4));
    const take0 = stepF32(isMax, v0, best0), take1 = stepF32(isMax, v1, best1);
    best0 = v128.bitselect(v0, best0, take0);
    index0 = v128.bitselect(idx0, index0, take0);
    best1 = v128.bitselect(v1, best1, take1);
    index1 = v128.bitselect(idx1, index1, take1);
    idx0 = i32x4.add(idx0, eight);
    idx1 = i32x4.add(idx1, eight);
  }
  let b = f32x4.extract_lane(best0, 0), bi = i32x4.extract_lane(index0, 0);
  let v = f32x4.extract_lane(best0, 1), vi = i32x4.extract_lane(index0, 1);
  if (beats(isMax, v, vi, b, bi)) { b = v; bi = vi; }
  v = f32x4.extract_lane(best0, 2); vi = i32x4.extract_lane(index0, 2);
  if (beats(isMax, v, vi, b, bi)) { b = v; bi = vi; }
  v = f32x4.extract_lane(best0, 3); vi = i32x4.extract_lane(index0, 3);
  if (beats(isMax, v, vi, b, bi)) { b = v; bi = vi; }
  v = f32x4.extract_lane(best1, 0); vi = i32x4.extract_lane(index1, 0);
  if (beats(isMax, v, vi, b, bi)) { b = v; bi = vi; }
  v = f32x4.extract_lane(best1, 1); vi = i32x4.extract_lane(index1, 1);
  if (beats(isMax, v, vi, b, bi)) { b = v; bi = vi; }
  v = f32x4.extract_lane(best1, 2); vi = i32x4.extract_lane(index1, 2);
  if (beats(isMax, v, vi, b, bi)) { b = v; bi = vi; }
  v = f32x4.extract_lane(best1, 3); vi = i32x4.extract_lane(index1, 3);
  if (beats(isMax, v, vi, b, bi)) { b = v; bi = vi; }
  for (; i < n; i++) {
    if (isNaN(b)) break;
    const e = load<f32>(at(x, i));
    if (isNaN(e) || (isMax ? e > b : e < b)) { b = e; bi = i; }
  }
  return bi;
}

/** Index of the first extremum of `n >= 1` contiguous int32 values. */
@inline function argRowI32(x: usize, n: i32, isMax: bool): i32 {
  let best = i32x4.splat(load<i32>(x));
  let bestIdx = i32x4.splat(0);
  let idx = i32x4(0, 1, 2, 3);
  const four = i32x4.splat(4);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const v = v128.load(at(x, i));
    const take = isMax ? i32x4.gt_s(v, best) : i32x4.lt_s(v, best);
    best = v128.bitselect(v, best, take);
    bestIdx = v128.bitselect(idx, bestIdx, take);
    idx = i32x4.add(idx, four);
  }
  let b = i32x4.extract_lane(best, 0), bi = i32x4.extract_lane(bestIdx, 0);
  for (let k = 1; k < 4; k++) {
    const v = laneI(best, k), vi = laneI(bestIdx, k);
    if ((isMax ? v > b : v < b) || (v == b && vi < bi)) { b = v; bi = vi; }
  }
  for (; i < n; i++) {
    const e = load<i32>(at(x, i));
    if (isMax ? e > b : e < b) { b = e; bi = i; }
  }
  return bi;
}

@inline function laneI(v: v128, k: i32): i32 {
  return k == 1 ? i32x4.extract_lane(v, 1) : k == 2 ? i32x4.extract_lane(v, 2) : i32x4.extract_lane(v, 3);
}

export function argmaxRowF32(x: usize, n: i32): i32 { return argRowF32(x, n, true); }
export function argminRowF32(x: usize, n: i32): i32 { return argRowF32(x, n, false); }
export function argmaxRowI32(x: usize, n: i32): i32 { return argRowI32(x, n, true); }
export function argminRowI32(x: usize, n: i32): i32 { return argRowI32(x, n, false); }

/** Columns `[0, width)` of an arg reduction with row stride `inner`; best values in scratch, indices in out. */
export function argColumns(isMax: bool, isInt: bool, x: usize, out: usize, size: i32, inner: i32, width: i32, scratch: usize): void {
  memory.copy(scratch, x, <usize>width << 2);
  memory.fill(out, 0, <usize>width << 2);
  const stride = <usize>inner << 2;
  for (let j = 1; j < size; j++) {
    const row = x + <usize>j * stride;
    const jv = i32x4.splat(j);
    let i = 0;
    for (; i + 4 <= width; i += 4) {
      const v = v128.load(at(row, i)), b = v128.load(at(scratch, i));
      let take: v128;
      if (isInt) take = isMax ? i32x4.gt_s(v, b) : i32x4.lt_s(v, b);
      else take = v128.and(f32x4.eq(b, b), v128.or(isMax ? f32x4.gt(v, b) : f32x4.lt(v, b), f32x4.ne(v, v)));
      v128.store(at(scratch, i), v128.bitselect(v, b, take));
      v128.store(at(out, i), v128.bitselect(jv, v128.load(at(out, i)), take));
    }
    for (; i < width; i++) {
      let take: bool;
      if (isInt) {
        const v = load<i32>(at(row, i)), b = load<i32>(at(scratch, i));
        take = isMax ? v > b : v < b;
      } else {
        const v = load<f32>(at(row, i)), b = load<f32>(at(scratch, i));
        take = !isNaN(b) && (isNaN(v) || (isMax ? v > b : v < b));
      }
      if (take) {
        store<i32>(at(scratch, i), load<i32>(at(row, i)));
        store<i32>(at(out, i), j);
      }
    }
  }
}

