/**
 * Elementwise kernels on the wasm module: float32 unary functions and broadcasting binary
 * functions (asm/unary.ts, asm/binary.ts). Each call reports whether it handled the case; the
 * backend falls back to the reference kernel when it did not (other dtypes, ops without a vector
 * form, broadcasts that do not coalesce into six dimensions).
 * @module
 */
import type { BinaryOp, UnaryOp, UnaryParams } from '../kernels.js';
import type { TypedArray } from '../../tensor/dtype.js';
import type { Shape } from '../../tensor/shape.js';
import { broadcastStrides } from '../js/elementwise.js';
import { descriptorViews } from './descriptor-views.js';
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
  reluGrad: 7, sigmoidGrad: 8, tanhGrad: 9, geluGrad: 10,
};

/** `out = op(x)` when the op has a vector form and both arrays are float32; false otherwise. */
export function unary(rt: WasmRuntime, op: UnaryOp, x: TypedArray, out: TypedArray, params: UnaryParams = {}): boolean {
  const code = unaryCodes[op];
  if (code === undefined || !(x instanceof Float32Array) || !(out instanceof Float32Array)) return false;
  const n = out.length;
  if (n === 0) return true;
  const { words, floats, offset: desc } = descriptorViews(rt, 1);
  words[0] = code;
  words[1] = x.byteOffset;
  words[2] = out.byteOffset;
  words[3] = n;
  const parallel = n >= PARALLEL_MIN_ELEMENTS;
  words[4] = parallel ? ELEMENTS_PER_TASK : n;
  floats[5] = params.alpha ?? 0;
  floats[6] = params.min ?? -Infinity;
  floats[7] = params.max ?? Infinity;
  rt.pool.run('unaryTask', desc, Math.ceil(n / words[4]), parallel);
  return true;
}

/** Dimensions the strided binary kernel takes after coalescing (asm/binary.ts). */
const MAX_RANK = 6;

/**
 * The output shape and both operands' broadcast strides with size-1 dimensions dropped and
 * neighbouring dimensions merged wherever both operands step through them contiguously (so
 * same-shape operands give one dimension and `[N,1,1,C]` against `[N,H,W,C]` gives `[N, H·W, C]`).
 */
export function coalesceBroadcast(aShape: Shape, bShape: Shape, outShape: Shape): { dims: number[]; aStrides: number[]; bStrides: number[] } {
  const aAll = broadcastStrides(aShape, outShape);
  const bAll = broadcastStrides(bShape, outShape);
  const dims: number[] = [];
  const aStrides: number[] = [];
  const bStrides: number[] = [];
  for (let d = outShape.length - 1; d >= 0; d--) {
    const size = outShape[d]!;
    if (size === 1) continue;
    const k = dims.length - 1;
    if (k >= 0 && aAll[d] === aStrides[k]! * dims[k]! && bAll[d] === bStrides[k]! * dims[k]!) {
      dims[k]! *= size;
      continue;
    }
    dims.push(size);
    aStrides.push(aAll[d]!);
    bStrides.push(bAll[d]!);
  }
  if (dims.length === 0) {
    dims.push(1);
    aStrides.push(0);
    bStrides.push(0);
  }
  return { dims: dims.reverse(), aStrides: aStrides.reverse(), bStrides: bStrides.reverse() };
}

/**
 * Describes and runs a broadcasting two-operand job. `binaryTask`, `compareTask` and
 * `binaryExtraTask` share the descriptor layout: op code, a, b, out, rank, chunk, units per task,
 * `flag` (a kernel-specific word), then the coalesced dimensions and both operands' strides. False
 * when the broadcast does not coalesce into {@link MAX_RANK} dimensions.
 */
export function runBroadcast(
  rt: WasmRuntime, kernel: 'binaryTask' | 'compareTask' | 'binaryExtraTask', code: number,
  a: TypedArray, aShape: Shape, b: TypedArray, bShape: Shape, out: TypedArray, outShape: Shape, flag = 0,
): boolean {
  const total = out.length;
  if (total === 0) return true;
  const { dims, aStrides, bStrides } = coalesceBroadcast(aShape, bShape, outShape);
  const rank = dims.length;
  if (rank > MAX_RANK) return false;
  // The innermost dimension of a broadcast operand has stride 0 or 1 by construction.
  const inner = dims[rank - 1]!;
  const parallel = total >= PARALLEL_MIN_ELEMENTS;
  const chunk = Math.min(inner, ELEMENTS_PER_TASK);
  const units = (total / inner) * Math.ceil(inner / chunk);
  const unitsPerTask = parallel ? Math.max(1, Math.floor(ELEMENTS_PER_TASK / chunk)) : units;
  const { words: d, offset: desc } = descriptorViews(rt, 1);
  d[0] = code;
  d[1] = a.byteOffset;
  d[2] = b.byteOffset;
  d[3] = out.byteOffset;
  d[4] = rank;
  d[5] = chunk;
  d[6] = unitsPerTask;
  d[7] = flag;
  d.set(dims, 8);
  d.set(aStrides, 8 + MAX_RANK);
  d.set(bStrides, 8 + 2 * MAX_RANK);
  rt.pool.run(kernel, desc, Math.ceil(units / unitsPerTask), parallel);
  return true;
}

/** `out = op(a, b)` for float32 arrays with any NumPy broadcast of up to {@link MAX_RANK} coalesced dimensions; false otherwise. */
export function binary(rt: WasmRuntime, op: BinaryOp, a: TypedArray, aShape: Shape, b: TypedArray, bShape: Shape, out: TypedArray, outShape: Shape): boolean {
  const code = binaryCodes[op];
  if (code === undefined || !(a instanceof Float32Array) || !(b instanceof Float32Array) || !(out instanceof Float32Array)) return false;
  return runBroadcast(rt, 'binaryTask', code, a, aShape, b, bShape, out, outShape);
}
