/**
 * Reference axis kernels over an `[outer, size, inner]` view: reductions, softmax, log-softmax.
 * Accumulation is in float64 for accuracy (the reference must be obviously right, not fast).
 * @module
 */
import type { AxisView, ReduceOp } from '../kernels.js';
import type { TypedArray } from '../../tensor/dtype.js';

function reduceLine(op: ReduceOp, x: TypedArray, start: number, size: number, stride: number): number {
  switch (op) {
    case 'sum':
    case 'mean': {
      let s = 0;
      for (let j = 0; j < size; j++) s += x[start + j * stride]!;
      return op === 'mean' ? s / size : s;
    }
    case 'prod': {
      let p = 1;
      for (let j = 0; j < size; j++) p *= x[start + j * stride]!;
      return p;
    }
    case 'max':
    case 'min': {
      let best = op === 'max' ? -Infinity : Infinity;
      for (let j = 0; j < size; j++) {
        const v = x[start + j * stride]!;
        if (Number.isNaN(v)) return NaN;
        if (op === 'max' ? v > best : v < best) best = v;
      }
      return best;
    }
    case 'argmax':
    case 'argmin': {
      let best = 0;
      let bestValue = x[start]!;
      for (let j = 1; j < size; j++) {
        const v = x[start + j * stride]!;
        if (Number.isNaN(bestValue)) break;
        if (Number.isNaN(v) || (op === 'argmax' ? v > bestValue : v < bestValue)) {
          best = j;
          bestValue = v;
        }
      }
      return best;
    }
    case 'logSumExp': {
      let m = -Infinity;
      for (let j = 0; j < size; j++) m = Math.max(m, x[start + j * stride]!);
      if (m === -Infinity || !Number.isFinite(m)) return m;
      let s = 0;
      for (let j = 0; j < size; j++) s += Math.exp(x[start + j * stride]! - m);
      return m + Math.log(s);
    }
    case 'any': {
      for (let j = 0; j < size; j++) if (x[start + j * stride]) return 1;
      return 0;
    }
    case 'all': {
      for (let j = 0; j < size; j++) if (!x[start + j * stride]) return 0;
      return 1;
    }
  }
}

/** Reduces the middle axis of `[outer, size, inner]` into `[outer, inner]`. */
export function reduce(op: ReduceOp, x: TypedArray, view: AxisView, out: TypedArray): void {
  const { outer, size, inner } = view;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) out[o * inner + i] = reduceLine(op, x, o * size * inner + i, size, inner);
  }
}

/** Softmax along the middle axis, shifted by the maximum for stability. */
export function softmax(x: TypedArray, view: AxisView, out: TypedArray): void {
  const { outer, size, inner } = view;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const start = o * size * inner + i;
      const m = reduceLine('max', x, start, size, inner);
      let s = 0;
      for (let j = 0; j < size; j++) s += Math.exp(x[start + j * inner]! - m);
      for (let j = 0; j < size; j++) out[start + j * inner] = Math.exp(x[start + j * inner]! - m) / s;
    }
  }
}

/** Log-softmax along the middle axis: `x - logSumExp(x)`. */
export function logSoftmax(x: TypedArray, view: AxisView, out: TypedArray): void {
  const { outer, size, inner } = view;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const start = o * size * inner + i;
      const lse = reduceLine('logSumExp', x, start, size, inner);
      for (let j = 0; j < size; j++) out[start + j * inner] = x[start + j * inner]! - lse;
    }
  }
}
