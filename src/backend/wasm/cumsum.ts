/**
 * Running sums (asm/cumsum.ts) of float32 or int32 tensors over `[outer, size, inner]`; false for
 * other dtypes (the reference runs then).
 * @module
 */
import type { AxisView } from '../kernels.js';
import type { TypedArray } from '../../tensor/dtype.js';
import type { WasmRuntime } from './runtime.js';
import { descriptorViews } from './descriptor-views.js';

/** Mirrors asm/cumsum.ts. */
const BLOCK = 512;
const ELEMENTS_PER_TASK = 1 << 15;
const PARALLEL_MIN_ELEMENTS = 1 << 16;

/** `out` = running sums of `x` along the view's middle axis; false when the dtypes are not float32 or int32 pairs. */
export function cumsum(rt: WasmRuntime, x: TypedArray, view: AxisView, out: TypedArray, exclusive: boolean, reverse: boolean): boolean {
  const isInt = x instanceof Int32Array && out instanceof Int32Array;
  if (!isInt && !(x instanceof Float32Array && out instanceof Float32Array)) return false;
  if (out.length === 0) return true;
  const parallel = x.length >= PARALLEL_MIN_ELEMENTS;
  const units = view.inner === 1 ? view.outer : view.outer * Math.ceil(view.inner / BLOCK);
  const unitElements = Math.max(1, view.size * Math.min(view.inner, BLOCK));
  const perTask = parallel ? Math.max(1, Math.floor(ELEMENTS_PER_TASK / unitElements)) : units;
  const { words: d, offset: desc } = descriptorViews(rt, 1);
  d[0] = x.byteOffset;
  d[1] = out.byteOffset;
  d[2] = view.outer;
  d[3] = view.size;
  d[4] = view.inner;
  d[5] = perTask;
  d[6] = (exclusive ? 1 : 0) | (reverse ? 2 : 0) | (isInt ? 4 : 0);
  rt.pool.run('cumsumTask', desc, Math.ceil(units / perTask), parallel);
  return true;
}
