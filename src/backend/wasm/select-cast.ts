/**
 * `select` and `cast` on the wasm module (asm/select-cast.ts). select takes 32-bit elements whose
 * operands are each either the output's size or a single element (the common `where(mask, x, 0)`);
 * cast converts between float32, int32 and bool. Other cases use the reference kernels.
 * @module
 */
import type { TypedArray } from '../../tensor/dtype.js';
import type { WasmRuntime } from './runtime.js';
import { descriptorViews } from './descriptor-views.js';

const PARALLEL_MIN_ELEMENTS = 1 << 16;
/** Elements per task for large calls (a multiple of 4). */
const ELEMENTS_PER_TASK = 1 << 14;

function split(n: number): { parallel: boolean; perTask: number; tasks: number } {
  const parallel = n >= PARALLEL_MIN_ELEMENTS;
  const perTask = parallel ? ELEMENTS_PER_TASK : n;
  return { parallel, perTask, tasks: Math.ceil(n / perTask) };
}

/** `out = cond ? a : b` when every operand is full-size or a scalar and the values are 32-bit; false otherwise. */
export function select(rt: WasmRuntime, cond: Uint8Array, a: TypedArray, b: TypedArray, out: TypedArray): boolean {
  const n = out.length;
  const sameKind = (out instanceof Float32Array && a instanceof Float32Array && b instanceof Float32Array) ||
    (out instanceof Int32Array && a instanceof Int32Array && b instanceof Int32Array);
  const fits = (t: TypedArray): boolean => t.length === n || t.length === 1;
  if (!sameKind || !fits(cond) || !fits(a) || !fits(b)) return false;
  if (n === 0) return true;
  const { parallel, perTask, tasks } = split(n);
  const { words: d, offset: desc } = descriptorViews(rt, 1);
  d[0] = cond.byteOffset;
  d[1] = a.byteOffset;
  d[2] = b.byteOffset;
  d[3] = out.byteOffset;
  d[4] = n;
  d[5] = perTask;
  // A one-element operand of a one-element output is "full-size" and "scalar" alike.
  d[6] = cond.length === n ? 0 : 1;
  d[7] = a.length === n ? 0 : 1;
  d[8] = b.length === n ? 0 : 1;
  rt.pool.run('selectTask', desc, tasks, parallel);
  return true;
}

/** The asm/select-cast.ts mode of a conversion, or -1 when it has none (same dtype: a plain copy is as fast). */
function castMode(x: TypedArray, out: TypedArray): number {
  if (x instanceof Float32Array) return out instanceof Int32Array ? 0 : out instanceof Uint8Array ? 2 : -1;
  if (x instanceof Int32Array) return out instanceof Float32Array ? 1 : out instanceof Uint8Array ? 3 : -1;
  return out instanceof Float32Array ? 4 : out instanceof Int32Array ? 5 : -1;
}

/** Converts `x` into `out` between float32, int32 and bool; false for same-dtype copies. */
export function cast(rt: WasmRuntime, x: TypedArray, out: TypedArray): boolean {
  const mode = castMode(x, out);
  if (mode < 0) return false;
  const n = out.length;
  if (n === 0) return true;
  const { parallel, perTask, tasks } = split(n);
  const { words: d, offset: desc } = descriptorViews(rt, 1);
  d[0] = mode;
  d[1] = x.byteOffset;
  d[2] = out.byteOffset;
  d[3] = n;
  d[4] = perTask;
  rt.pool.run('castTask', desc, tasks, parallel);
  return true;
}
