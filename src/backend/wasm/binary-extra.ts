/**
 * Broadcasting binary kernels beyond the float32 arithmetic of elementwise.ts, on the wasm module
 * (asm/binary-extra.ts): int32 add/sub/mul/maximum/minimum, float32 pow, and logicalAnd/logicalOr
 * of two bool operands. Returns false for other ops and dtypes (the reference runs then).
 * @module
 */
import type { BinaryOp } from '../kernels.js';
import type { TypedArray } from '../../tensor/dtype.js';
import type { Shape } from '../../tensor/shape.js';
import { coalesceBroadcast, unary } from './elementwise.js';
import type { WasmRuntime } from './runtime.js';
import { descriptorViews } from './descriptor-views.js';

const intCodes: Partial<Record<BinaryOp, number>> = { add: 0, sub: 1, mul: 2, maximum: 3, minimum: 4 };
const POW = 5;
const boolCodes: Partial<Record<BinaryOp, number>> = { logicalAnd: 6, logicalOr: 7 };
/** Dimensions asm/binary-extra.ts walks after coalescing. */
const MAX_RANK = 6;
const PARALLEL_MIN_ELEMENTS = 1 << 16;
/**
 * Outputs below this many elements stay with the reference for the integer and bool ops: its
 * same-shape loop beats the cost of describing a job to the module there.
 */
const MIN_ELEMENTS = 64;
/** Elements per task for large calls (a multiple of 16). */
const ELEMENTS_PER_TASK = 1 << 14;

function opCode(op: BinaryOp, a: TypedArray, b: TypedArray, out: TypedArray): number | undefined {
  if (a instanceof Int32Array && b instanceof Int32Array && out instanceof Int32Array) return intCodes[op];
  if (op === 'pow' && a instanceof Float32Array && b instanceof Float32Array && out instanceof Float32Array) return POW;
  if (a instanceof Uint8Array && b instanceof Uint8Array && out instanceof Uint8Array) return boolCodes[op];
  return undefined;
}

/** `out = op(a, b)` with NumPy broadcasting for the op/dtype pairs above; false otherwise. */
export function binaryExtra(rt: WasmRuntime, op: BinaryOp, a: TypedArray, aShape: Shape, b: TypedArray, bShape: Shape, out: TypedArray, outShape: Shape): boolean {
  const code = opCode(op, a, b, out);
  if (code === undefined) return false;
  const total = out.length;
  if (total === 0) return true;
  if (code !== POW && total < MIN_ELEMENTS) return false;
  // x^2 with a scalar exponent is a square (float64 Math.pow(x, 2) rounds x·x once, as float32 x·x does).
  if (code === POW && b.length === 1 && b[0] === 2 && a.length === total) return unary(rt, 'square', a, out);
  const { dims, aStrides, bStrides } = coalesceBroadcast(aShape, bShape, outShape);
  const rank = dims.length;
  if (rank > MAX_RANK) return false;
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
  d.set(dims, 8);
  d.set(aStrides, 8 + MAX_RANK);
  d.set(bStrides, 8 + 2 * MAX_RANK);
  rt.pool.run('binaryExtraTask', desc, Math.ceil(units / unitsPerTask), parallel);
  return true;
}
