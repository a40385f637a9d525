/**
 * Broadcasting binary kernels beyond the float32 arithmetic of elementwise.ts, on the wasm module
 * (asm/binary-extra.ts): int32 add/sub/mul/maximum/minimum, float32 pow, and logicalAnd/logicalOr
 * of two bool operands. Returns false for other ops and dtypes (the reference runs then).
 * @module
 */
import type { BinaryOp } from '../kernels.js';
import type { TypedArray } from '../../tensor/dtype.js';
import type { Shape } from '../../tensor/shape.js';
import { runBroadcast, unary } from './elementwise.js';
import type { WasmRuntime } from './runtime.js';

const intCodes: Partial<Record<BinaryOp, number>> = { add: 0, sub: 1, mul: 2, maximum: 3, minimum: 4 };
const POW = 5;
const boolCodes: Partial<Record<BinaryOp, number>> = { logicalAnd: 6, logicalOr: 7 };
/**
 * Outputs below this many elements stay with the reference for the integer and bool ops: its
 * same-shape loop beats the cost of describing a job to the module there.
 */
const MIN_ELEMENTS = 64;

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
  return runBroadcast(rt, 'binaryExtraTask', code, a, aShape, b, bShape, out, outShape);
}
