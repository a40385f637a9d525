/**
 * Reference elementwise kernels: unary maps, broadcasting binary maps, select and cast.
 * @module
 */
import type { BinaryOp, UnaryOp, UnaryParams } from '../kernels.js';
import type { TypedArray } from '../../tensor/dtype.js';
import { sizeOf, stridesOf, type Shape } from '../../tensor/shape.js';

/** Error function (Abramowitz–Stegun 7.1.26 is too coarse for gelu parity; this uses a series/continued fraction in float64). */
export function erf(x: number): number {
  const ax = Math.abs(x);
  if (ax < 2.5) {
    // Maclaurin series: converges quickly for |x| < 2.5 in float64.
    let term = x;
    let sum = x;
    const x2 = x * x;
    for (let n = 1; n < 60; n++) {
      term *= -x2 / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    return (2 / Math.sqrt(Math.PI)) * sum;
  }
  // Continued fraction for erfc, accurate for large |x|.
  let f = 0;
  for (let n = 60; n >= 1; n--) f = (n / 2) / (ax + f);
  const erfc = Math.exp(-ax * ax) / Math.sqrt(Math.PI) / (ax + f);
  return x > 0 ? 1 - erfc : erfc - 1;
}

function sigmoid(v: number): number {
  return v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v));
}

/** Returns the scalar function behind a unary op. */
export function unaryFunction(op: UnaryOp, params: UnaryParams = {}): (v: number) => number {
  const alpha = params.alpha ?? 0;
  switch (op) {
    case 'neg': return (v) => -v;
    case 'abs': return Math.abs;
    case 'sign': return (v) => (v > 0 ? 1 : v < 0 ? -1 : v === 0 ? 0 : NaN);
    case 'floor': return Math.floor;
    case 'ceil': return Math.ceil;
    // Round half to even, as NumPy and PyTorch do.
    case 'round': return (v) => {
      const r = Math.round(v);
      return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
    };
    case 'reciprocal': return (v) => 1 / v;
    case 'exp': return Math.exp;
    case 'expm1': return Math.expm1;
    case 'log': return Math.log;
    case 'log1p': return Math.log1p;
    case 'sqrt': return Math.sqrt;
    case 'rsqrt': return (v) => 1 / Math.sqrt(v);
    case 'square': return (v) => v * v;
    case 'sin': return Math.sin;
    case 'cos': return Math.cos;
    case 'tanh': return Math.tanh;
    case 'sigmoid': return sigmoid;
    case 'erf': return erf;
    // v < 0 is false for NaN (kept) and −0 (kept, as PyTorch's clamp_min).
    case 'relu': return (v) => (v < 0 ? 0 : v);
    case 'leakyRelu': return (v) => (v > 0 ? v : alpha * v);
    case 'elu': return (v) => (v > 0 ? v : alpha * Math.expm1(v));
    case 'gelu': return (v) => 0.5 * v * (1 + erf(v / Math.SQRT2));
    // log(1 + e^v) without overflow.
    case 'softplus': return (v) => (v > 0 ? v + Math.log1p(Math.exp(-v)) : Math.log1p(Math.exp(v)));
    case 'clip': {
      const lo = params.min ?? -Infinity;
      const hi = params.max ?? Infinity;
      return (v) => (v < lo ? lo : v > hi ? hi : v);
    }
    case 'logicalNot': return (v) => (v ? 0 : 1);
    case 'isNaN': return (v) => (Number.isNaN(v) ? 1 : 0);
    case 'isFinite': return (v) => (Number.isFinite(v) ? 1 : 0);
  }
}

/** Returns the scalar function behind a binary op. */
export function binaryFunction(op: BinaryOp): (a: number, b: number) => number {
  switch (op) {
    case 'add': return (a, b) => a + b;
    case 'sub': return (a, b) => a - b;
    case 'mul': return (a, b) => a * b;
    case 'div': return (a, b) => a / b;
    case 'pow': return Math.pow;
    case 'minimum': return (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.min(a, b));
    case 'maximum': return (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.max(a, b));
    // Python's modulo: the result has the sign of the divisor.
    case 'mod': return (a, b) => ((a % b) + b) % b;
    case 'floorDiv': return (a, b) => Math.floor(a / b);
    case 'squaredDifference': return (a, b) => (a - b) * (a - b);
    case 'equal': return (a, b) => (a === b ? 1 : 0);
    case 'notEqual': return (a, b) => (a !== b ? 1 : 0);
    case 'less': return (a, b) => (a < b ? 1 : 0);
    case 'lessEqual': return (a, b) => (a <= b ? 1 : 0);
    case 'greater': return (a, b) => (a > b ? 1 : 0);
    case 'greaterEqual': return (a, b) => (a >= b ? 1 : 0);
    case 'logicalAnd': return (a, b) => (a && b ? 1 : 0);
    case 'logicalOr': return (a, b) => (a || b ? 1 : 0);
    // PyTorch's threshold_backward: 0 where x <= 0, dy elsewhere (NaN included).
    case 'reluGrad': return (dy, x) => (x <= 0 ? 0 : dy);
    case 'sigmoidGrad': return (dy, y) => dy * y * (1 - y);
    case 'tanhGrad': return (dy, y) => dy * (1 - y * y);
    // x·φ(x) vanishes for |x| > 20, also at ±Infinity (where the product would be NaN).
    case 'geluGrad': return (dy, x) => dy * (0.5 * (1 + erf(x * Math.SQRT1_2)) + (Math.abs(x) < 20 ? x * Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI) : 0));
  }
}

/** `out[i] = op(x[i])`. */
export function unary(op: UnaryOp, x: TypedArray, out: TypedArray, params?: UnaryParams): void {
  const f = unaryFunction(op, params);
  for (let i = 0; i < out.length; i++) out[i] = f(x[i]!);
}

/**
 * Strides of `shape` as seen from `outShape` after broadcasting: 0 on broadcast axes, so that
 * `sum(index[i] * strides[i])` addresses the input for any output index.
 */
export function broadcastStrides(shape: Shape, outShape: Shape): number[] {
  const own = stridesOf(shape);
  const offset = outShape.length - shape.length;
  return outShape.map((_, i) => (i < offset || shape[i - offset] === 1 ? 0 : own[i - offset]!));
}

/**
 * Calls `visit(outIndex, offsets)` for every output element in row-major order, with the flat offset
 * of the matching element of each broadcast input.
 */
export function forEachBroadcast(outShape: Shape, inputShapes: readonly Shape[], visit: (i: number, offsets: Int32Array) => void): void {
  const rank = outShape.length;
  const strides = inputShapes.map((s) => broadcastStrides(s, outShape));
  const offsets = new Int32Array(inputShapes.length);
  const index = new Int32Array(rank);
  const n = sizeOf(outShape);
  for (let i = 0; i < n; i++) {
    visit(i, offsets);
    // Increment the multi-index like an odometer, updating each input offset incrementally.
    for (let axis = rank - 1; axis >= 0; axis--) {
      index[axis]!++;
      for (let k = 0; k < strides.length; k++) offsets[k]! += strides[k]![axis]!;
      if (index[axis]! < outShape[axis]!) break;
      for (let k = 0; k < strides.length; k++) offsets[k]! -= strides[k]![axis]! * outShape[axis]!;
      index[axis] = 0;
    }
  }
}

/** `out = op(a, b)` with broadcasting; fast paths for equal shapes and scalar operands. */
export function binary(op: BinaryOp, a: TypedArray, aShape: Shape, b: TypedArray, bShape: Shape, out: TypedArray, outShape: Shape): void {
  const f = binaryFunction(op);
  const n = out.length;
  if (a.length === n && b.length === n) {
    for (let i = 0; i < n; i++) out[i] = f(a[i]!, b[i]!);
  } else if (b.length === 1 && a.length === n) {
    const bv = b[0]!;
    for (let i = 0; i < n; i++) out[i] = f(a[i]!, bv);
  } else if (a.length === 1 && b.length === n) {
    const av = a[0]!;
    for (let i = 0; i < n; i++) out[i] = f(av, b[i]!);
  } else {
    forEachBroadcast(outShape, [aShape, bShape], (i, o) => {
      out[i] = f(a[o[0]!]!, b[o[1]!]!);
    });
  }
}

/** `out = cond ? a : b` with broadcasting. */
export function select(cond: Uint8Array, condShape: Shape, a: TypedArray, aShape: Shape, b: TypedArray, bShape: Shape, out: TypedArray, outShape: Shape): void {
  forEachBroadcast(outShape, [condShape, aShape, bShape], (i, o) => {
    out[i] = cond[o[0]!] ? a[o[1]!]! : b[o[2]!]!;
  });
}

/** Converts between dtypes; typed-array assignment already truncates floats to int32, bool needs `!= 0`. */
export function cast(x: TypedArray, out: TypedArray): void {
  if (out instanceof Uint8Array) {
    for (let i = 0; i < out.length; i++) out[i] = x[i] !== 0 ? 1 : 0;
  } else if (out instanceof Int32Array && x instanceof Float32Array) {
    for (let i = 0; i < out.length; i++) out[i] = Math.trunc(x[i]!);
  } else {
    out.set(x);
  }
}
