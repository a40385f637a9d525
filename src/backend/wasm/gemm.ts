/**
 * Schedules an SGEMM on the wasm kernels (asm/gemm.ts): packs B, computes tiles, and sums k splits,
 * each phase one parallel job. Chooses the tiling so that every thread has work: row blocks of A
 * first; then, when the inner dimension is long (weight gradients, whose k is the batch), splits of
 * k, else column blocks of B (each of which re-packs its rows of A).
 * @module
 */
import { descriptorViews } from './descriptor-views.js';
import type { WasmRuntime } from './runtime.js';
import { NARROW_MAX_COLUMNS, narrowSgemm } from './gemm-narrow.js';

// Micro-tile and blocking constants, mirrored from asm/gemm-micro.ts and asm/gemm.ts.
/** Rows of C per micro-tile. */
export const MR = 5;
/** Columns of C per micro-tile (the width of a packed B panel). */
export const NR = 8;
/** Deepest slice of the inner dimension per packed block. */
export const KC = 256;
/** Rows of A packed per block (a multiple of MR): 120 x 256 floats = 120 KiB, L2-resident. */
export const MC = 120;
/** Below this many flops a product runs on the calling thread: waking workers costs more. */
const PARALLEL_MIN_FLOPS = 1 << 21;
/** Tasks per thread to aim for, so uneven tasks and busy cores still balance. */
const TASKS_PER_THREAD = 3;

/** A batched product `C[p] = op(A[p]) · op(B[p])` on wasm memory: offsets in bytes, strides in elements. */
export interface GemmJob {
  a: number;
  /** Row stride of A as stored (`[m, lda]`, or `[k, lda]` when `transA`). */
  lda: number;
  b: number;
  /** Row stride of B as stored (`[k, ldb]`, or `[n, ldb]` when `transB`). */
  ldb: number;
  c: number;
  ldc: number;
  m: number;
  n: number;
  k: number;
  transA: boolean;
  transB: boolean;
  batch: number;
  /** Elements between batch entries; 0 broadcasts one matrix. */
  aBatch: number;
  bBatch: number;
  cBatch: number;
  /** Add the product to C instead of overwriting it. */
  accumulate?: boolean;
  /**
   * `op(B)` already packed by {@link packGemmB} (one matrix, `bBatch` 0): the product skips its
   * packing phase. For loops that multiply by one matrix many times (recurrent weights).
   */
  packedB?: number;
}

// Descriptor word offsets, mirrored from asm/gemm.ts.
const A = 0, B = 1, C = 2, M = 3, N = 4, K = 5, LDA = 6, LDB = 7, LDC = 8, FLAGS = 9;
const A_BATCH = 10, B_BATCH = 11, C_BATCH = 12, BATCH = 13, PACKED_B = 14, PACKED_B_BATCH = 15;
const ROW_BLOCKS = 16, COL_BLOCKS = 17, K_SPLITS = 18, K_PER_SPLIT = 19, C_SPLIT = 20, MC_WORD = 21;
const PANELS_PER_COL_BLOCK = 22, PANELS_PER_PACK_TASK = 23;
const FINAL_C = 24, FINAL_LDC = 25, FINAL_C_BATCH = 26, SUM_ROWS_PER_TASK = 27;

/** Runs `job`, spreading its phases over the pool's threads when large enough unless `allowParallel` is false. */
export function sgemm(rt: WasmRuntime, job: GemmJob, allowParallel = true): void {
  const { m, n, k, batch } = job;
  if (m === 0 || n === 0 || batch === 0) return;
  if (n <= NARROW_MAX_COLUMNS && narrowSgemm(rt, job, allowParallel)) return;
  const threads = rt.pool.threads;
  const parallel = allowParallel && threads > 1 && 2 * batch * m * n * k >= PARALLEL_MIN_FLOPS;
  const want = parallel ? threads * TASKS_PER_THREAD : 1;

  const panels = Math.ceil(n / NR);
  const packBatches = job.bBatch === 0 ? 1 : batch;
  const packedBatchFloats = panels * k * NR;
  const rowBlocks = Math.ceil(m / MC);
  // Equal row blocks (256 rows: 3 x 90, not 120 + 120 + 16), so tasks are even.
  const mc = Math.ceil(Math.ceil(m / rowBlocks) / MR) * MR;
  let tiles = batch * rowBlocks;
  let panelsPerColBlock = panels;
  let kPerSplit = Math.max(k, 1);
  if (tiles < want) {
    const more = Math.ceil(want / tiles);
    if (k >= 2 * KC && k >= 2 * n) {
      // A long inner dimension (weight gradients: k is the batch): split k. Each split writes an
      // m x n partial product, cheap next to re-packing A once per column block.
      kPerSplit = Math.ceil(k / Math.min(more, Math.floor(k / KC)) / KC) * KC;
    } else {
      panelsPerColBlock = Math.ceil(panels / Math.min(panels, more));
    }
  }
  const colBlocks = Math.ceil(panels / panelsPerColBlock);
  tiles *= colBlocks;
  if (parallel && tiles < threads && k >= 2 * KC && kPerSplit === Math.max(k, 1)) {
    const splits = Math.min(Math.ceil(want / tiles), Math.floor(k / KC));
    kPerSplit = Math.ceil(k / splits / KC) * KC;
  }
  const kSplits = Math.ceil(Math.max(k, 1) / kPerSplit);

  const heap = rt.heap;
  const prepacked = job.packedB !== undefined && job.bBatch === 0;
  // Both are overwritten entirely by the pack and compute phases: no need to clear them.
  const packed = prepacked ? job.packedB! : heap.allocBytes(Math.max(1, packBatches * packedBatchFloats) * 4, false);
  const partial = kSplits > 1 ? heap.allocBytes(kSplits * batch * m * n * 4, false) : 0;
  try {
    const { words: d, offset: desc } = descriptorViews(rt, 0);
    d[A] = job.a;
    d[B] = job.b;
    d[M] = m;
    d[N] = n;
    d[K] = k;
    d[LDA] = job.lda;
    d[LDB] = job.ldb;
    d[FLAGS] = (job.transA ? 1 : 0) | (job.transB ? 2 : 0) | (job.accumulate ? 4 : 0);
    d[A_BATCH] = job.aBatch;
    d[B_BATCH] = job.bBatch;
    d[BATCH] = batch;
    d[PACKED_B] = packed;
    d[PACKED_B_BATCH] = job.bBatch === 0 ? 0 : packedBatchFloats;
    d[ROW_BLOCKS] = rowBlocks;
    d[COL_BLOCKS] = colBlocks;
    d[K_SPLITS] = kSplits;
    d[K_PER_SPLIT] = kPerSplit;
    d[MC_WORD] = mc;
    d[PANELS_PER_COL_BLOCK] = panelsPerColBlock;
    if (kSplits > 1) {
      // Each split writes a dense [batch, m, n] partial product; phase 3 adds them into C.
      d[C] = partial;
      d[LDC] = n;
      d[C_BATCH] = m * n;
      d[C_SPLIT] = batch * m * n;
      d[FINAL_C] = job.c;
      d[FINAL_LDC] = job.ldc;
      d[FINAL_C_BATCH] = job.cBatch;
      d[SUM_ROWS_PER_TASK] = Math.max(1, Math.ceil((batch * m) / want));
    } else {
      d[C] = job.c;
      d[LDC] = job.ldc;
      d[C_BATCH] = job.cBatch;
      d[C_SPLIT] = 0;
    }
    const perPackTask = Math.max(1, Math.min(panels, Math.ceil((panels * packBatches) / want)));
    d[PANELS_PER_PACK_TASK] = perPackTask;

    const pool = rt.pool;
    if (k > 0 && !prepacked) pool.run('gemmPackBTask', desc, packBatches * Math.ceil(panels / perPackTask), parallel);
    pool.run('gemmComputeTask', desc, tiles * kSplits, parallel);
    if (kSplits > 1) pool.run('gemmSumSplitsTask', desc, Math.ceil((batch * m) / d[SUM_ROWS_PER_TASK]!), parallel);
  } finally {
    if (!prepacked) heap.freeBytes(packed);
    if (partial) heap.freeBytes(partial);
  }
}

/**
 * Packs `op(B)` (`[k, n]`, stored `[k, ldb]`, or `[n, ldb]` when `transB`) into the panel layout the
 * compute phase reads, for {@link GemmJob.packedB}. Returns a heap block: free it with `rt.heap.freeBytes`.
 */
export function packGemmB(rt: WasmRuntime, b: number, ldb: number, transB: boolean, k: number, n: number): number {
  const panels = Math.ceil(n / NR);
  const packed = rt.heap.allocBytes(Math.max(1, panels * k * NR) * 4, false);
  const parallel = rt.pool.threads > 1 && k * n >= PARALLEL_MIN_FLOPS / 8;
  const perTask = parallel ? Math.ceil(panels / (rt.pool.threads * TASKS_PER_THREAD)) : panels;
  const { words: d, offset: desc } = descriptorViews(rt, 0);
  d[B] = b;
  d[N] = n;
  d[K] = k;
  d[LDB] = ldb;
  d[FLAGS] = transB ? 2 : 0;
  d[B_BATCH] = 0;
  d[PACKED_B] = packed;
  d[PACKED_B_BATCH] = 0;
  d[PANELS_PER_PACK_TASK] = perTask;
  if (k > 0) rt.pool.run('gemmPackBTask', desc, Math.ceil(panels / perTask), parallel);
  return packed;
}
