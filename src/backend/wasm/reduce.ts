/**
 * Axis kernels on the wasm module: sum/mean/max/min reductions over `[outer, size, inner]` and
 * softmax/log-softmax along contiguous rows (asm/reduce.ts). Other ops, dtypes and layouts use
 * the reference kernels (each function returns false then).
 * @module
 */
import type { AxisView, ReduceOp } from '../kernels.js';
import type { TypedArray } from '../../tensor/dtype.js';
import { descriptorViews } from './descriptor-views.js';
import type { WasmRuntime } from './runtime.js';

const codes: Partial<Record<ReduceOp, number>> = { sum: 0, mean: 1, max: 2, min: 3 };
/** Mirrors asm/reduce.ts and asm/reduce-extra.ts (BLOCK). */
const INNER_BLOCK = 512;
/** Elements read per task for large inputs. */
const ELEMENTS_PER_TASK = 1 << 15;
const PARALLEL_MIN_ELEMENTS = 1 << 16;

function describe(rt: WasmRuntime, op: number, x: TypedArray, out: TypedArray, view: AxisView, perTask: number): number {
  const { words: d, offset: desc } = descriptorViews(rt, 1);
  d[0] = op;
  d[1] = x.byteOffset;
  d[2] = out.byteOffset;
  d[3] = view.outer;
  d[4] = view.size;
  d[5] = view.inner;
  d[6] = perTask;
  return desc;
}

/** Reduces float32 `x` into `out` when the op has a wasm kernel; false otherwise. */
export function reduce(rt: WasmRuntime, op: ReduceOp, x: TypedArray, view: AxisView, out: TypedArray): boolean {
  const code = codes[op];
  if (code === undefined || !(x instanceof Float32Array) || !(out instanceof Float32Array)) return false;
  if (out.length === 0) return true;
  runAxisJob(rt, 'reduceTask', code, x, out, view);
  return true;
}

/**
 * Runs an axis job over the view `[outer, size, inner]` in units of one row (inner == 1) or one
 * (row, block of {@link INNER_BLOCK} columns) pair, several units per task for large inputs. The
 * descriptor is op, x, out, outer, size, inner, units per task, then `flag` (kernel-specific);
 * asm/reduce.ts and asm/reduce-extra.ts read it.
 */
export function runAxisJob(rt: WasmRuntime, kernel: 'reduceTask' | 'reduceExtraTask' | 'softmaxColumnsTask', op: number, x: TypedArray, out: TypedArray, view: AxisView, flag = 0): void {
  const parallel = x.length >= PARALLEL_MIN_ELEMENTS;
  const units = view.inner === 1 ? view.outer : view.outer * Math.ceil(view.inner / INNER_BLOCK);
  const unitElements = Math.max(1, view.size * Math.min(view.inner, INNER_BLOCK));
  const perTask = parallel ? Math.max(1, Math.floor(ELEMENTS_PER_TASK / unitElements)) : units;
  const desc = describe(rt, op, x, out, view, perTask);
  descriptorViews(rt, 1).words[7] = flag;
  rt.pool.run(kernel, desc, Math.ceil(units / perTask), parallel);
}

/** Softmax (or log-softmax) along contiguous rows (inner == 1) of float32 `x`; false otherwise. */
export function softmax(rt: WasmRuntime, x: TypedArray, view: AxisView, out: TypedArray, log: boolean): boolean {
  if (view.inner !== 1 || !(x instanceof Float32Array) || !(out instanceof Float32Array)) return false;
  if (out.length === 0) return true;
  const parallel = x.length >= PARALLEL_MIN_ELEMENTS;
  const perTask = parallel ? Math.max(1, Math.floor(ELEMENTS_PER_TASK / Math.max(1, view.size))) : view.outer;
  rt.pool.run('softmaxTask', describe(rt, log ? 1 : 0, x, out, view, perTask), Math.ceil(view.outer / perTask), parallel);
  return true;
}
