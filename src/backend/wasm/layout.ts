/**
 * Transpose on the wasm module. A permutation is first simplified: size-1 axes are dropped and
 * axes that stay adjacent and in order are merged; if what remains swaps the last two groups
 * (e.g. NHWC -> NCHW is `[N, HW, C] -> [N, C, HW]`), it is a batched 2-D transpose (asm/transpose.ts).
 * @module
 */
import type { TypedArray } from '../../tensor/dtype.js';
import type { Shape } from '../../tensor/shape.js';
import { descriptorViews } from './descriptor-views.js';
import type { WasmRuntime } from './runtime.js';

const PARALLEL_MIN_ELEMENTS = 1 << 16;
const ELEMENTS_PER_TASK = 1 << 15;

/** `[batch, rows, cols]` when permuting `shape` by `perm` is a batched 2-D transpose, else null. */
export function asBatchedTranspose(shape: Shape, perm: readonly number[]): [number, number, number] | null {
  const kept = perm.filter((axis) => shape[axis] !== 1);
  // Groups of input axes that remain adjacent and ordered in the output.
  const groups: number[][] = [];
  for (const axis of kept) {
    const last = groups[groups.length - 1];
    if (last && last[last.length - 1]! + 1 === axis) last.push(axis);
    else groups.push([axis]);
  }
  const size = (g: number[]): number => g.reduce((p, a) => p * shape[a]!, 1);
  // Input order of the groups: sort by first axis.
  const inputOrder = [...groups].sort((a, b) => a[0]! - b[0]!);
  const n = groups.length;
  if (n < 2) return null;
  for (let i = 0; i < n - 2; i++) if (groups[i] !== inputOrder[i]) return null;
  if (groups[n - 2] !== inputOrder[n - 1] || groups[n - 1] !== inputOrder[n - 2]) return null;
  const batch = groups.slice(0, n - 2).reduce((p, g) => p * size(g), 1);
  return [batch, size(inputOrder[n - 2]!), size(inputOrder[n - 1]!)];
}

/** Transposes 32-bit `x` into `out` when the permutation is a batched 2-D transpose; false otherwise. */
export function transpose(rt: WasmRuntime, x: TypedArray, shape: Shape, perm: readonly number[], out: TypedArray): boolean {
  if (x.BYTES_PER_ELEMENT !== 4 || out.BYTES_PER_ELEMENT !== 4) return false;
  const plan = asBatchedTranspose(shape, perm);
  if (!plan) return false;
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
