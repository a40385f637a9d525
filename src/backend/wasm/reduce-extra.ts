/**
 * The reductions that src/backend/wasm/reduce.ts leaves to the reference: argmax/argmin, logSumExp,
 * prod, any/all, sum/max/min of int32, and softmax/log-softmax along a non-last axis
 * (asm/reduce-extra.ts). Each function
 * returns false for the cases it does not take (other dtypes), so the caller falls back.
 * @module
 */
import type { AxisView, ReduceOp } from '../kernels.js';
import type { TypedArray } from '../../tensor/dtype.js';
import type { WasmRuntime } from './runtime.js';
import { runAxisJob } from './reduce.js';

const codes: Partial<Record<ReduceOp, number>> = { argmax: 0, argmin: 1, logSumExp: 2, prod: 3, any: 4, all: 5 };
/** int32 in, int32 out. */
const intCodes: Partial<Record<ReduceOp, number>> = { sum: 6, max: 7, min: 8 };
/** Inputs below this many elements of int32 sum/max/min stay with the reference. */
const MIN_INT_ELEMENTS = 64;

/** Element type code of `x` for the module (0 float32, 1 int32, 2 bool), or -1. */
function dtypeCode(x: TypedArray): number {
  return x instanceof Float32Array ? 0 : x instanceof Int32Array ? 1 : x instanceof Uint8Array ? 2 : -1;
}

/** Whether the module handles `op` on `x` into `out` (the dtypes the reference writes). */
function supported(op: ReduceOp, x: TypedArray, out: TypedArray): boolean {
  switch (op) {
    case 'argmax':
    case 'argmin':
      return (x instanceof Float32Array || x instanceof Int32Array) && out instanceof Int32Array;
    case 'logSumExp':
    case 'prod':
      return x instanceof Float32Array && out instanceof Float32Array;
    case 'any':
    case 'all':
      return dtypeCode(x) >= 0 && out instanceof Uint8Array;
    default:
      return false;
  }
}

function run(rt: WasmRuntime, kernel: 'reduceExtraTask' | 'softmaxColumnsTask', op: number, x: TypedArray, out: TypedArray, view: AxisView): void {
  runAxisJob(rt, kernel, op, x, out, view, dtypeCode(x));
}

/** argmax/argmin, logSumExp, prod, any/all, int32 sum/max/min over `[outer, size, inner]`; false for ops or dtypes it does not take. */
export function reduceExtra(rt: WasmRuntime, op: ReduceOp, x: TypedArray, view: AxisView, out: TypedArray): boolean {
  const intCode = x instanceof Int32Array && out instanceof Int32Array ? intCodes[op] : undefined;
  const code = intCode ?? codes[op];
  if (code === undefined || (intCode === undefined && !supported(op, x, out))) return false;
  // Tiny integer sums (a batch's count of correct predictions) are cheaper in the reference's loop.
  if (intCode !== undefined && x.length < MIN_INT_ELEMENTS) return false;
  if (out.length === 0) return true;
  run(rt, 'reduceExtraTask', code, x, out, view);
  return true;
}

/** Softmax (or log-softmax) of float32 `x` along a middle axis that is not last (inner > 1); false otherwise. */
export function softmaxColumns(rt: WasmRuntime, x: TypedArray, view: AxisView, out: TypedArray, log: boolean): boolean {
  if (view.inner === 1 || !(x instanceof Float32Array) || !(out instanceof Float32Array)) return false;
  if (out.length === 0) return true;
  run(rt, 'softmaxColumnsTask', log ? 1 : 0, x, out, view);
  return true;
}
