/**
 * Reference indexing kernels over `[outer, size, inner]` views: running sums, gather and its adjoint
 * scatter-add, one-hot encoding and top-k selection.
 * @module
 */
import type { AxisView } from '../kernels.js';
import type { TypedArray } from '../../tensor/dtype.js';

/** Running sum along the middle axis, accumulated in float64; `exclusive` leaves out the current element. */
export function cumsum(x: TypedArray, view: AxisView, out: TypedArray, exclusive: boolean, reverse: boolean): void {
  const { outer, size, inner } = view;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const start = o * size * inner + i;
      let total = 0;
      for (let step = 0; step < size; step++) {
        const j = reverse ? size - 1 - step : step;
        const at = start + j * inner;
        const v = x[at]!;
        if (exclusive) {
          out[at] = total;
          total += v;
        } else {
          total += v;
          out[at] = total;
        }
      }
    }
  }
}

/** `out[o, j, i] = x[o, indices[j], i]`; `out` is `[outer, indices.length, inner]`. */
export function gather(x: TypedArray, view: AxisView, indices: Int32Array, out: TypedArray): void {
  const { outer, size, inner } = view;
  const m = indices.length;
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < m; j++) {
      const from = (o * size + indices[j]!) * inner;
      const to = (o * m + j) * inner;
      for (let i = 0; i < inner; i++) out[to + i] = x[from + i]!;
    }
  }
}

/** `out[o, indices[j], i] += updates[o, j, i]` into a zeroed `out` of `[outer, size, inner]`, summing in float64. */
export function scatterAdd(updates: Float32Array, view: AxisView, indices: Int32Array, out: Float32Array): void {
  const { outer, size, inner } = view;
  const m = indices.length;
  const sums = new Float64Array(outer * size * inner);
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < m; j++) {
      const to = (o * size + indices[j]!) * inner;
      const from = (o * m + j) * inner;
      for (let i = 0; i < inner; i++) sums[to + i]! += updates[from + i]!;
    }
  }
  out.set(sums);
}

/** Row `i` of `out` (`[indices.length, depth]`) is `off` except `on` at column `indices[i]` (none when out of range). */
export function oneHot(indices: Int32Array, depth: number, on: number, off: number, out: Float32Array): void {
  out.fill(off);
  for (let i = 0; i < indices.length; i++) {
    const c = indices[i]!;
    if (c >= 0 && c < depth) out[i * depth + c] = on;
  }
}

/**
 * The `k` largest values of each row of `[outer, size]`, sorted descending; equal values keep index
 * order (lower index first) and NaN counts as larger than everything, as PyTorch orders them.
 */
export function topK(x: TypedArray, outer: number, size: number, k: number, values: TypedArray, indices: Int32Array): void {
  const order = new Array<number>(size);
  for (let o = 0; o < outer; o++) {
    const row = o * size;
    for (let j = 0; j < size; j++) order[j] = j;
    order.sort((a, b) => {
      const va = x[row + a]!;
      const vb = x[row + b]!;
      const nanA = Number.isNaN(va);
      const nanB = Number.isNaN(vb);
      if (nanA !== nanB) return nanA ? -1 : 1;
      if (!nanA && va !== vb) return vb - va;
      return a - b;
    });
    for (let j = 0; j < k; j++) {
      values[o * k + j] = x[row + order[j]!]!;
      indices[o * k + j] = order[j]!;
    }
  }
}
