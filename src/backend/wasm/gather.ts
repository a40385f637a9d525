/**
 * Gather and scatter-add on the wasm module (asm/gather.ts). Index lists made by the ops are plain
 * `Int32Array`s: they are copied into the wasm memory for the call (one word per index).
 * @module
 */
import type { AxisView } from '../kernels.js';
import type { TypedArray } from '../../tensor/dtype.js';
import type { WasmRuntime } from './runtime.js';
import { descriptorViews } from './descriptor-views.js';

// Descriptor words (9), mirrored from asm/gather.ts.
const X = 0, OUT = 1, INDICES = 2, OUTER = 3, SIZE = 4, INNER = 5, M = 6, ELEM_BYTES = 7, PER_TASK = 8;
const PARALLEL_MIN_ELEMENTS = 1 << 16;
const ELEMENTS_PER_TASK = 1 << 14;
/** Columns per scatter-add task when columns are split (a multiple of 4). */
const SCATTER_COLUMNS = 256;

/** Runs `body` with `indices` readable by the module: as they are when they live in its memory, else a temporary copy. */
function withIndices(rt: WasmRuntime, indices: Int32Array, body: (pointer: number) => void): void {
  if (rt.heap.owns(indices)) return body(indices.byteOffset);
  const copy = rt.heap.alloc('int32', Math.max(1, indices.length), false) as Int32Array;
  try {
    copy.set(indices);
    body(copy.byteOffset);
  } finally {
    rt.heap.free(copy);
  }
}

function describe(rt: WasmRuntime, x: TypedArray, out: TypedArray, indices: number, view: AxisView, m: number, elemBytes: number, perTask: number): number {
  const { words: d, offset: desc } = descriptorViews(rt, 1);
  d[X] = x.byteOffset;
  d[OUT] = out.byteOffset;
  d[INDICES] = indices;
  d[OUTER] = view.outer;
  d[SIZE] = view.size;
  d[INNER] = view.inner;
  d[M] = m;
  d[ELEM_BYTES] = elemBytes;
  d[PER_TASK] = perTask;
  return desc;
}

/** See `Backend.gather`; `x` and `out` live in the runtime's memory and share a dtype. */
export function gather(rt: WasmRuntime, x: TypedArray, view: AxisView, indices: Int32Array, out: TypedArray): void {
  const units = view.outer * indices.length;
  if (units === 0 || view.inner === 0) return;
  const parallel = out.length >= PARALLEL_MIN_ELEMENTS;
  const perTask = parallel ? Math.max(1, Math.floor(ELEMENTS_PER_TASK / view.inner)) : units;
  withIndices(rt, indices, (pointer) => {
    const desc = describe(rt, x, out, pointer, view, indices.length, x.BYTES_PER_ELEMENT, perTask);
    rt.pool.run('gatherTask', desc, Math.ceil(units / perTask), parallel);
  });
}

/** See `Backend.scatterAdd`; `updates` and `out` live in the runtime's memory. */
export function scatterAdd(rt: WasmRuntime, updates: Float32Array, view: AxisView, indices: Int32Array, out: Float32Array): void {
  if (out.length === 0) return;
  const parallel = updates.length + out.length >= PARALLEL_MIN_ELEMENTS;
  // Column blocks split the work when there are few outer entries (an embedding table has one).
  const columns = parallel && view.outer < 4 ? Math.min(view.inner, SCATTER_COLUMNS) : view.inner;
  const tasks = view.outer * Math.ceil(view.inner / columns);
  withIndices(rt, indices, (pointer) => {
    const desc = describe(rt, updates, out, pointer, view, indices.length, 4, columns);
    rt.pool.run('scatterAddTask', desc, tasks, parallel);
  });
}
