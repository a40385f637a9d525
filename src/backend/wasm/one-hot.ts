/**
 * oneHot on the wasm module (asm/one-hot.ts): each task fills its block of rows and places the
 * `on` values.
 * @module
 */
import type { WasmRuntime } from './runtime.js';
import { descriptorViews } from './descriptor-views.js';

const ELEMENTS_PER_TASK = 1 << 15;
const PARALLEL_MIN_ELEMENTS = 1 << 16;
/** Outputs below this many floats stay with the reference (a native fill costs less than a job there). */
const MIN_ELEMENTS = 1024;

/** `out[i, indices[i]] = on`, every other entry `off`; `out` is `[indices.length, depth]`. False for small outputs. */
export function oneHot(rt: WasmRuntime, indices: Int32Array, depth: number, on: number, off: number, out: Float32Array): boolean {
  const rows = indices.length;
  if (out.length < MIN_ELEMENTS) return false;
  const parallel = out.length >= PARALLEL_MIN_ELEMENTS;
  const perTask = parallel ? Math.max(1, Math.floor(ELEMENTS_PER_TASK / Math.max(1, depth))) : rows;
  const { words, floats, offset: desc } = descriptorViews(rt, 1);
  words[0] = indices.byteOffset;
  words[1] = out.byteOffset;
  words[2] = rows;
  words[3] = depth;
  words[4] = perTask;
  floats[5] = on;
  floats[6] = off;
  rt.pool.run('oneHotTask', desc, Math.ceil(rows / perTask), parallel);
  return true;
}
