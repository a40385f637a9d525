/**
 * Broadcasting comparisons of float32 or int32 operands into bool on the wasm module
 * (asm/compare.ts), with the broadcast coalesced as for the arithmetic binary kernels.
 * @module
 */
import type { BinaryOp } from '../kernels.js';
import type { TypedArray } from '../../tensor/dtype.js';
import type { Shape } from '../../tensor/shape.js';
import { runBroadcast } from './elementwise.js';
import type { WasmRuntime } from './runtime.js';

const codes: Partial<Record<BinaryOp, number>> = { equal: 0, notEqual: 1, less: 2, lessEqual: 3, greater: 4, greaterEqual: 5 };

/** `out = op(a, b)` for comparisons of two float32 or two int32 operands into a bool `out`; false for anything else. */
export function compare(rt: WasmRuntime, op: BinaryOp, a: TypedArray, aShape: Shape, b: TypedArray, bShape: Shape, out: TypedArray, outShape: Shape): boolean {
  const code = codes[op];
  const isFloat = a instanceof Float32Array && b instanceof Float32Array;
  const isInt = a instanceof Int32Array && b instanceof Int32Array;
  if (code === undefined || !(isFloat || isInt) || !(out instanceof Uint8Array)) return false;
  return runBroadcast(rt, 'compareTask', code, a, aShape, b, bShape, out, outShape, isInt ? 1 : 0);
}
