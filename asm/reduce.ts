/**
 * Reductions over the middle axis of an `[outer, size, inner]` view (sum, mean, max, min), and
 * softmax / log-softmax along contiguous rows. Sums accumulate in float64 (f64x2 lanes) like the
 * reference, so large reductions do not drift; max/min propagate NaN like the reference.
 */
import { log64 } from './vector-math';
import { rowExpShifted, rowExtreme } from './row-math';

// Op codes, mirrored in src/backend/wasm/reduce.ts.
const SUM = 0, MEAN = 1, MAX = 2, MIN = 3;
// Descriptor words.
const OP = 0, X = 1, OUT = 2, OUTER = 3, SIZE = 4, INNER = 5, PER_TASK = 6;
/** Columns of an inner > 1 reduction handled per unit of work (float64 accumulators in scratch). */
export const INNER_BLOCK: i32 = 512;

@inline function word(desc: usize, index: i32): i32 {
  return load<i32>(desc + (<usize>index << 2));
}

/** Sum of `n` contiguous floats, in float64. */
function sumRow(x: usize, n: i32): f64 {
  let lo = f64x2.splat(0), hi = f64x2.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const v = v128.load(x + (<usize>i << 2));
    lo = f64x2.add(lo, f64x2.promote_low_f32x4(v));
    hi = f64x2.add(hi, f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1)));
  }
  const both = f64x2.add(lo, hi);
  let s = f64x2.extract_lane(both, 0) + f64x2.extract_lane(both, 1);
  for (; i < n; i++) s += <f64>load<f32>(x + (<usize>i << 2));
  return s;
}

/** inner == 1: rows `task·PER_TASK ...`, each `size` contiguous floats. inner > 1: units of (outer, column block). */
export function reduceTask(desc: usize, task: i32, scratch: usize): void {
  const op = word(desc, OP), outer = word(desc, OUTER), size = word(desc, SIZE), inner = word(desc, INNER);
  const x = <usize>word(desc, X), out = <usize>word(desc, OUT), perTask = word(desc, PER_TASK);
  if (inner == 1) {
    const end = min(outer, (task + 1) * perTask);
    for (let o = task * perTask; o < end; o++) {
      const row = x + (<usize>o * <usize>size << 2);
      let r: f32;
      if (op == SUM) r = <f32>sumRow(row, size);
      else if (op == MEAN) r = <f32>(sumRow(row, size) / <f64>size);
      else r = rowExtreme(row, size, op == MAX);
      store<f32>(out + (<usize>o << 2), r);
    }
    return;
  }
  const blocks = (inner + INNER_BLOCK - 1) / INNER_BLOCK;
  const end = min(outer * blocks, (task + 1) * perTask);
  for (let unit = task * perTask; unit < end; unit++) {
    const o = unit / blocks;
    const i0 = (unit % blocks) * INNER_BLOCK;
    reduceColumns(op, x + (<usize>(o * size * inner + i0) << 2), out + (<usize>(o * inner + i0) << 2), size, inner, min(INNER_BLOCK, inner - i0), scratch);
  }
}

/** out[i] = reduce_j x[j·inner + i] for i < width, accumulating sums in float64 scratch. */
function reduceColumns(op: i32, x: usize, out: usize, size: i32, inner: i32, width: i32, scratch: usize): void {
  const stride = <usize>inner << 2;
  if (op == SUM || op == MEAN) {
    memory.fill(scratch, 0, <usize>width << 3);
    for (let j = 0; j < size; j++) {
      const row = x + <usize>j * stride;
      let i = 0;
      for (; i + 4 <= width; i += 4) {
        const v = v128.load(row + (<usize>i << 2));
        const acc = scratch + (<usize>i << 3);
        v128.store(acc, f64x2.add(v128.load(acc), f64x2.promote_low_f32x4(v)));
        v128.store(acc, f64x2.add(v128.load(acc, 16), f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1))), 16);
      }
      for (; i < width; i++) {
        const acc = scratch + (<usize>i << 3);
        store<f64>(acc, load<f64>(acc) + <f64>load<f32>(row + (<usize>i << 2)));
      }
    }
    const scale: f64 = op == MEAN ? 1.0 / <f64>size : 1.0;
    for (let i = 0; i < width; i++) {
      const s = load<f64>(scratch + (<usize>i << 3));
      store<f32>(out + (<usize>i << 2), <f32>(op == MEAN ? s / <f64>size : s * scale));
    }
    return;
  }
  const isMax = op == MAX;
  const init: f32 = isMax ? -Infinity : Infinity;
  for (let i = 0; i < width; i++) store<f32>(out + (<usize>i << 2), init);
  for (let j = 0; j < size; j++) {
    const row = x + <usize>j * stride;
    let i = 0;
    for (; i + 4 <= width; i += 4) {
      const off = <usize>i << 2;
      const v = v128.load(row + off), acc = v128.load(out + off);
      v128.store(out + off, isMax ? f32x4.max(acc, v) : f32x4.min(acc, v));
    }
    for (; i < width; i++) {
      const off = <usize>i << 2;
      const v = load<f32>(row + off), acc = load<f32>(out + off);
      store<f32>(out + off, isMax ? max(acc, v) : min(acc, v));
    }
  }
}

/**
 * Softmax (or log-softmax when OP is 1) of rows `task·PER_TASK ...`, each SIZE contiguous floats:
 * shift by the row max, exponentiate, normalise by the float64 sum.
 */
export function softmaxTask(desc: usize, task: i32, scratch: usize): void {
  const logSoftmax = word(desc, OP) == 1;
  const outer = word(desc, OUTER), size = word(desc, SIZE), perTask = word(desc, PER_TASK);
  const x = <usize>word(desc, X), out = <usize>word(desc, OUT);
  const end = min(outer, (task + 1) * perTask);
  for (let o = task * perTask; o < end; o++) {
    const offset = <usize>o * <usize>size << 2;
    const src = x + offset, dst = out + offset;
    const m = rowExtreme(src, size, true);
    // dst = e^(x - max); the sum in float64.
    const sum = rowExpShifted(dst, src, size, m);
    if (logSoftmax) {
      // x - (max + log(sum)), in float64 before rounding like the reference (which uses the max
      // itself when it is not finite).
      const lse = isFinite(m) ? <f64>m + log64(sum) : <f64>m;
      for (let j = 0; j < size; j++) {
        const off = <usize>j << 2;
        store<f32>(dst + off, <f32>(<f64>load<f32>(src + off) - lse));
      }
    } else {
      const inv = f32x4.splat(<f32>(1.0 / sum));
      let j = 0;
      for (; j + 4 <= size; j += 4) {
        const off = <usize>j << 2;
        v128.store(dst + off, f32x4.mul(v128.load(dst + off), inv));
      }
      for (; j < size; j++) {
        const off = <usize>j << 2;
        store<f32>(dst + off, <f32>(<f64>load<f32>(dst + off) / sum));
      }
    }
  }
}
