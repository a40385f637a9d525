/**
 * Transpose on the wasm module. A permutation is first simplified: size-1 axes are dropped and
 * axes that stay adjacent and in order are merged; if what remains swaps the last two groups
 * (e.g. NHWC -> NCHW is `[N, HW, C] -> [N, C, HW]`), it is a batched 2-D transpose (asm/transpose.ts);
 * if it keeps the innermost axes in place and swaps two groups of the others (`[T, B, H] -> [B, T, H]`),
 * whole innermost blocks move (one memory copy each).
 * @module
 */
import type { TypedArray } from '../../tensor/dtype.js';
import type { Shape } from '../../tensor/shape.js';
import { descriptorViews } from './descriptor-views.js';
import type { WasmRuntime } from './runtime.js';

const PARALLEL_MIN_ELEMENTS = 1 << 16;
const ELEMENTS_PER_TASK = 1 << 15;

/**
 * The permutation of `shape` by `perm` with size-1 axes dropped, as groups of input axes that stay
 * adjacent and in order in the output (in output order), and the element count of a group.
 */
function axisGroups(shape: Shape, perm: readonly number[]): { groups: number[][]; size: (g: number[]) => number } {
  const groups: number[][] = [];
  for (const axis of perm.filter((a) => shape[a] !== 1)) {
    const last = groups[groups.length - 1];
    if (last && last[last.length - 1]! + 1 === axis) last.push(axis);
    else groups.push([axis]);
  }
  return { groups, size: (g) => g.reduce((p, a) => p * shape[a]!, 1) };
}

/** `[batch, rows, cols]` when `groups` (output order) swap their last two: a batched 2-D transpose. */
function batchedPlan(groups: number[][], size: (g: number[]) => number): [number, number, number] | null {
  // Input order of the groups: sort by first axis.
  const inputOrder = [...groups].sort((a, b) => a[0]! - b[0]!);
  const n = groups.length;
  if (n < 2) return null;
  for (let i = 0; i < n - 2; i++) if (groups[i] !== inputOrder[i]) return null;
  if (groups[n - 2] !== inputOrder[n - 1] || groups[n - 1] !== inputOrder[n - 2]) return null;
  const batch = groups.slice(0, n - 2).reduce((p, g) => p * size(g), 1);
  return [batch, size(inputOrder[n - 2]!), size(inputOrder[n - 1]!)];
}

/** `[batch, rows, cols]` when permuting `shape` by `perm` is a batched 2-D transpose, else null. */
export function asBatchedTranspose(shape: Shape, perm: readonly number[]): [number, number, number] | null {
  const { groups, size } = axisGroups(shape, perm);
  return batchedPlan(groups, size);
}

/**
 * `[batch, rows, cols, block]` when the permutation keeps its innermost axes in place (a block of
 * `block` elements) and swaps two groups of the others, as `[T, B, H] -> [B, T, H]`; else null.
 */
export function asBlockTranspose(shape: Shape, perm: readonly number[]): [number, number, number, number] | null {
  const { groups, size } = axisGroups(shape, perm);
  const inner = groups[groups.length - 1];
  if (!inner || groups.some((g) => g[0]! > inner[0]!)) return null;
  const plan = batchedPlan(groups.slice(0, -1), size);
  return plan && [...plan, size(inner)];
}

/** Transposes 32-bit `x` into `out` when the permutation is a batched 2-D transpose; false otherwise. */
export function transpose(rt: WasmRuntime, x: TypedArray, shape: Shape, perm: readonly number[], out: TypedArray): boolean {
  if (x.BYTES_PER_ELEMENT !== 4 || out.BYTES_PER_ELEMENT !== 4) return false;
  const plan = asBatchedTranspose(shape, perm);
  if (!plan) return transposeBlocks(rt, x, shape, perm, out);
  const [batch, rows, cols] = plan;
  if (out.length === 0) return true;
  const parallel = x.length >= PARALLEL_MIN_ELEMENTS;
  const rowsPerTask = parallel ? Math.max(4, Math.ceil(ELEMENTS_PER_TASK / cols / 4) * 4) : Math.ceil(rows / 4) * 4;
  const { words: d, offset: desc } = descriptorViews(rt, 1);
  d[0] = x.byteOffset;
  d[1] = out.byteOffset;
  d[2] = batch;
  d[3] = rows;
  d[4] = cols;
  d[5] = rowsPerTask;
  rt.pool.run('transposeTask', desc, batch * Math.ceil(rows / rowsPerTask), parallel);
  return true;
}

/** Moves whole innermost blocks when the permutation keeps the innermost axes in place; false otherwise. */
function transposeBlocks(rt: WasmRuntime, x: TypedArray, shape: Shape, perm: readonly number[], out: TypedArray): boolean {
  const plan = asBlockTranspose(shape, perm);
  if (!plan) return false;
  const [batch, rows, cols, block] = plan;
  if (out.length === 0) return true;
  const parallel = x.length >= PARALLEL_MIN_ELEMENTS;
  const rowsPerTask = parallel ? Math.max(1, Math.ceil(ELEMENTS_PER_TASK / (cols * block))) : rows;
  const { words: d, offset: desc } = descriptorViews(rt, 1);
  d[0] = x.byteOffset;
  d[1] = out.byteOffset;
  d[2] = batch;
  d[3] = rows;
  d[4] = cols;
  d[5] = block * 4;
  d[6] = rowsPerTask;
  rt.pool.run('transposeBlocksTask', desc, batch * Math.ceil(rows / rowsPerTask), parallel);
  return true;
}
