/**
 * Elementwise kernels on the wasm module: float32 unary functions and broadcasting binary
 * functions (asm/unary.ts, asm/binary.ts). Each call reports whether it handled the case; the
 * backend falls back to the reference kernel when it did not (other dtypes, ops without a vector
 * form, broadcast patterns beyond row/column/scalar).
 * @module
 */
import type { BinaryOp, UnaryOp, UnaryParams } from '../kernels.js';
import type { TypedArray } from '../../tensor/dtype.js';
import { sizeOf, type Shape } from '../../tensor/shape.js';
import type { WasmRuntime } from './runtime.js';

/** Elements below which a kernel stays on the calling thread. */
const PARALLEL_MIN_ELEMENTS = 1 << 16;
/** Elements per task for large calls (a multiple of 4). */
const ELEMENTS_PER_TASK = 1 << 14;

const unaryCodes: Partial<Record<UnaryOp, number>> = {
  neg: 0, abs: 1, square: 2, sqrt: 3, rsqrt: 4, reciprocal: 5, floor: 6, ceil: 7, round: 8,
  relu: 9, leakyRelu: 10, clip: 11, exp: 12, sigmoid: 13, tanh: 14,
};

const binaryCodes: Partial<Record<BinaryOp, number>> = {
  add: 0, sub: 1, mul: 2, div: 3, minimum: 4, maximum: 5, squaredDifference: 6,
  reluGrad: 7, sigmoidGrad: 8, tanhGrad: 9,
};

/** `out = op(x)` when the op has a vector form and both arrays are float32; false otherwise. */
export function unary(rt: WasmRuntime, op: UnaryOp, x: TypedArray, out: TypedArray, params: UnaryParams = {}): boolean {
  const code = unaryCodes[op];
  if (code === undefined || !(x instanceof Float32Array) || !(out instanceof Float32Array)) return false;
  const n = out.length;
  if (n === 0) return true;
  const desc = rt.descriptors[1];
  const words = new Int32Array(rt.heap.buffer, desc, 8);
  const floats = new Float32Array(rt.heap.buffer, desc, 8);
  words[0] = code;
  words[1] = x.byteOffset;
  words[2] = out.byteOffset;
  words[3] = n;
  const parallel = n >= PARALLEL_MIN_ELEMENTS;
  words[4] = parallel ? ELEMENTS_PER_TASK : n;
  floats[5] = params.alpha ?? 0;
  floats[6] = params.min ?? -Infinity;
  floats[7] = params.max ?? Infinity;
  rt.pool.run('unaryTask', desc, Math.ceil(n / words[4]!), parallel);
  return true;
}

// Operand kinds of asm/binary.ts.
const FULL = 0, ROW = 1, COL = 2, SCALAR = 3;

/**
 * Classifies an operand of shape `shape` (left-padded to the output's rank) against the split of
 * the output into `[outer = dims before k, inner = dims from k]`, or -1 if it fits no kind.
 */
function kindAt(shape: Shape, outShape: Shape, k: number): number {
  const pad = outShape.length - shape.length;
  const dim = (i: number): number => (i < pad ? 1 : shape[i - pad]!);
  let full = true, scalar = true, row = true, col = true;
  for (let i = 0; i < outShape.length; i++) {
    const d = dim(i), o = outShape[i]!;
    if (d !== o) full = false;
    if (d !== 1) scalar = false;
    if (i < k ? d !== 1 && o !== 1 : d !== o) row = false;
    if (i < k ? d !== o : d !== 1 && o !== 1) col = false;
  }
  return full ? FULL : scalar ? SCALAR : row ? ROW : col ? COL : -1;
}

/** `out = op(a, b)` for float32 arrays when the broadcast fits the row/column/scalar kinds; false otherwise. */
export function binary(rt: WasmRuntime, op: BinaryOp, a: TypedArray, aShape: Shape, b: TypedArray, bShape: Shape, out: TypedArray, outShape: Shape): boolean {
  const code = binaryCodes[op];
  if (code === undefined || !(a instanceof Float32Array) || !(b instanceof Float32Array) || !(out instanceof Float32Array)) return false;
  const total = out.length;
  if (total === 0) return true;
  for (let k = 0; k <= outShape.length; k++) {
    const aKind = kindAt(aShape, outShape, k);
    const bKind = kindAt(bShape, outShape, k);
    if (aKind < 0 || bKind < 0) continue;
    let outer = sizeOf(outShape.slice(0, k));
    let inner = sizeOf(outShape.slice(k));
    if (aKind !== ROW && aKind !== COL && bKind !== ROW && bKind !== COL) {
      // Only full and scalar operands: any row length works, so pick one that splits into tasks.
      inner = Math.min(total, ELEMENTS_PER_TASK);
      outer = Math.ceil(total / inner);
    }
    runBinary(rt, code, a, aKind, b, bKind, out, outer, inner, total);
    return true;
  }
  return false;
}

function runBinary(rt: WasmRuntime, code: number, a: Float32Array, aKind: number, b: Float32Array, bKind: number, out: Float32Array, outer: number, inner: number, total: number): void {
  const desc = rt.descriptors[1];
  const d = new Int32Array(rt.heap.buffer, desc, 10);
  d[0] = code;
  d[1] = a.byteOffset;
  d[2] = b.byteOffset;
  d[3] = out.byteOffset;
  d[4] = aKind;
  d[5] = bKind;
  d[6] = outer;
  d[7] = inner;
  d[8] = total;
  const parallel = total >= PARALLEL_MIN_ELEMENTS && outer > 1;
  const rowsPerTask = parallel ? Math.max(1, Math.floor(ELEMENTS_PER_TASK / inner)) : outer;
  d[9] = rowsPerTask;
  rt.pool.run('binaryTask', desc, Math.ceil(outer / rowsPerTask), parallel);
}
