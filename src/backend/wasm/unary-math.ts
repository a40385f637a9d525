/**
 * Elementwise float32 functions without a form in asm/unary.ts, on the wasm module
 * (asm/unary-math.ts): log, log1p, expm1, erf, gelu, softplus, elu, sin, cos, sign, and isNaN /
 * isFinite into bool, logicalNot on bool. Returns false where the reference must run: other ops or dtypes, and sin/cos
 * of finite inputs beyond 1e6 in magnitude (the module flags them; the reference then redoes the call).
 * @module
 */
import type { UnaryOp, UnaryParams } from '../kernels.js';
import type { TypedArray } from '../../tensor/dtype.js';
import type { WasmRuntime } from './runtime.js';
import { descriptorViews } from './descriptor-views.js';

const codes: Partial<Record<UnaryOp, number>> = {
  log: 0, log1p: 1, expm1: 2, erf: 3, gelu: 4, softplus: 5, elu: 6, sin: 7, cos: 8, sign: 9, isNaN: 10, isFinite: 11, logicalNot: 12,
};
const PARALLEL_MIN_ELEMENTS = 1 << 16;
/** Elements per task for large calls (a multiple of 16, so bool outputs stay aligned). */
const ELEMENTS_PER_TASK = 1 << 14;

/** `out = op(x)` for float32 `x` (float32 out, or bool out for the tests) or bool logicalNot; false when the reference must run. */
export function unaryMath(rt: WasmRuntime, op: UnaryOp, x: TypedArray, out: TypedArray, params: UnaryParams = {}): boolean {
  const code = codes[op];
  if (code === undefined) return false;
  if (op === 'logicalNot') {
    if (!(x instanceof Uint8Array) || !(out instanceof Uint8Array)) return false;
  } else {
    const isTest = op === 'isNaN' || op === 'isFinite';
    if (!(x instanceof Float32Array) || (isTest ? !(out instanceof Uint8Array) : !(out instanceof Float32Array))) return false;
  }
  const n = out.length;
  if (n === 0) return true;
  // sin/cos may hand the call back to the reference after writing `out`, which must not be `x` then.
  if ((op === 'sin' || op === 'cos') && out.byteOffset === x.byteOffset) return false;
  const { words, floats, offset: desc } = descriptorViews(rt, 1);
  words[0] = code;
  words[1] = x.byteOffset;
  words[2] = out.byteOffset;
  words[3] = n;
  const parallel = n >= PARALLEL_MIN_ELEMENTS;
  words[4] = parallel ? ELEMENTS_PER_TASK : n;
  floats[5] = params.alpha ?? 0;
  words[6] = 0;
  rt.pool.run('unaryMathTask', desc, Math.ceil(n / words[4]), parallel);
  return words[6] === 0;
}
