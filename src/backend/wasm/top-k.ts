/**
 * topK on the wasm module (asm/top-k.ts) for float32 and int32 rows, k up to what a thread's
 * scratch holds as a heap of 64-bit keys; false otherwise (the reference runs then).
 * @module
 */
import type { TypedArray } from '../../tensor/dtype.js';
import { SCRATCH_BYTES, type WasmRuntime } from './runtime.js';
import { descriptorViews } from './descriptor-views.js';

const ELEMENTS_PER_TASK = 1 << 15;
const PARALLEL_MIN_ELEMENTS = 1 << 16;

/** The `k` largest of each row of `[outer, size]` into `values` / `indices`; false for other dtypes or k beyond the scratch. */
export function topK(rt: WasmRuntime, x: TypedArray, outer: number, size: number, k: number, values: TypedArray, indices: Int32Array): boolean {
  const isInt = x instanceof Int32Array && values instanceof Int32Array;
  if (!isInt && !(x instanceof Float32Array && values instanceof Float32Array)) return false;
  if (8 * k > SCRATCH_BYTES || k > size) return false;
  if (outer === 0 || k === 0) return true;
  const parallel = x.length >= PARALLEL_MIN_ELEMENTS;
  const perTask = parallel ? Math.max(1, Math.floor(ELEMENTS_PER_TASK / Math.max(1, size))) : outer;
  const { words: d, offset: desc } = descriptorViews(rt, 1);
  d[0] = x.byteOffset;
  d[1] = values.byteOffset;
  d[2] = indices.byteOffset;
  d[3] = outer;
  d[4] = size;
  d[5] = k;
  d[6] = perTask;
  d[7] = isInt ? 1 : 0;
  rt.pool.run('topKTask', desc, Math.ceil(outer / perTask), parallel);
  return true;
}
