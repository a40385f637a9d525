/**
 * Fused scaled dot-product attention on the wasm module (asm/attention.ts): the forward pass in
 * blocks of query rows spread over threads, the backward pass one head per task. Rows of more than
 * {@link MAX_KEYS} keys (whose per-row buffers would not fit a thread's scratch) are declined: the
 * backend runs the reference kernel for them.
 * @module
 */
import type { AttentionInfo } from '../kernels.js';
import type { WasmRuntime } from './runtime.js';
import { descriptorViews } from './descriptor-views.js';

// Descriptor words, mirrored from asm/attention.ts.
const Q = 0, K = 1, V = 2, OUT = 3, LSE = 4, DOUT = 5, DQ = 6, DK = 7, DV = 8, HEADS = 9, TQ = 10, TK = 11, KD = 12, VD = 13, SCALE = 14, CAUSAL = 15, ROWS_PER_TASK = 16;
/** Most keys per row the kernels take, mirrored from asm/attention.ts. */
export const MAX_KEYS = 16384;
/** Multiply-adds below which a call stays on the calling thread. */
const PARALLEL_MIN_WORK = 1 << 15;
/** Multiply-adds per forward task for large calls. */
const WORK_PER_TASK = 1 << 16;

function describe(rt: WasmRuntime, info: AttentionInfo, arrays: (Float32Array | null)[]): { desc: number; work: number } {
  const { words: d, floats, offset } = descriptorViews(rt, 1);
  [Q, K, V, OUT, LSE, DOUT, DQ, DK, DV].forEach((slot, i) => (d[slot] = arrays[i] ? arrays[i].byteOffset : 0));
  d[HEADS] = info.heads;
  d[TQ] = info.tq;
  d[TK] = info.tk;
  d[KD] = info.dk;
  d[VD] = info.dv;
  floats[SCALE] = info.scale;
  d[CAUSAL] = info.causal ? 1 : 0;
  return { desc: offset, work: info.heads * info.tq * info.tk * (info.dk + info.dv) };
}

/** See `Backend.attention`; every array lives in the runtime's memory. False (nothing written) when the rows have more than {@link MAX_KEYS} keys. */
export function attention(rt: WasmRuntime, q: Float32Array, k: Float32Array, v: Float32Array, info: AttentionInfo, out: Float32Array, logSumExp: Float32Array): boolean {
  if (info.tk > MAX_KEYS) return false;
  const rows = info.heads * info.tq;
  if (rows === 0) return true;
  const { desc, work } = describe(rt, info, [q, k, v, out, logSumExp, null, null, null, null]);
  const parallel = work >= PARALLEL_MIN_WORK;
  const perRow = Math.max(1, info.tk * (info.dk + info.dv));
  const perTask = parallel ? Math.max(1, Math.floor(WORK_PER_TASK / perRow)) : rows;
  const { words } = descriptorViews(rt, 1);
  words[ROWS_PER_TASK] = perTask;
  rt.pool.run('attentionTask', desc, Math.ceil(rows / perTask), parallel);
  return true;
}

/** See `Backend.attentionBackward`; every array lives in the runtime's memory. False (nothing written) when the rows have more than {@link MAX_KEYS} keys. */
export function attentionBackward(
  rt: WasmRuntime, q: Float32Array, k: Float32Array, v: Float32Array, out: Float32Array, logSumExp: Float32Array, dOut: Float32Array, info: AttentionInfo,
  dq: Float32Array, dk: Float32Array, dv: Float32Array,
): boolean {
  if (info.tk > MAX_KEYS) return false;
  if (info.heads === 0) return true;
  const { desc, work } = describe(rt, info, [q, k, v, out, logSumExp, dOut, dq, dk, dv]);
  rt.pool.run('attentionBackwardTask', desc, info.heads, work >= PARALLEL_MIN_WORK && info.heads > 1);
  return true;
}
