/**
 * Schedules narrow SGEMMs (fewer than 16 columns) on asm/gemm-narrow.ts: pack op(B) (n·k floats)
 * over ranges of k, then compute ranges of row tiles, each phase one parallel job. A is read in
 * place, never packed, which is where the blocked GEMM spends most of its time on such shapes
 * (Dense layers with few units: `x·W` and the weight gradient `xᵀ·dy`).
 * @module
 */
import { descriptorViews } from './descriptor-views.js';
import type { GemmJob } from './gemm.js';
import type { WasmRuntime } from './runtime.js';

/** Products with fewer columns than this take the narrow path. */
export const NARROW_MAX_COLUMNS = 15;
/** Below this many flops a product runs on the calling thread. */
const PARALLEL_MIN_FLOPS = 1 << 21;
/** Row tiles per thread needed for the narrow path when threaded: it splits rows only, never k. */
const MIN_TILES_PER_THREAD = 4;
/** Inner indices per pack task (a multiple of 4, the dot-product layout's quads). */
const K_PER_PACK_TASK = 2048;

// Tile shapes and descriptor words, mirrored from asm/gemm-narrow.ts.
const DOT_COLS = 4, DOT_ROWS = 2, AXPY_ROWS = 8, AXPY_COLS = 4;
const A = 0, B = 1, C = 2, M = 3, N = 4, K = 5, LDA = 6, LDB = 7, LDC = 8, FLAGS = 9;
const PACKED = 10, N_PAD = 11, UNITS_PER_TASK = 12, K_PER_PACK = 13;

/**
 * Runs `job` on the narrow kernels when it has fewer than 16 columns and enough row tiles to keep the
 * threads busy; returns false (nothing done) otherwise, and the caller uses the blocked GEMM.
 */
export function narrowSgemm(rt: WasmRuntime, job: GemmJob, allowParallel: boolean): boolean {
  const { m, n, k, batch, transA } = job;
  if (n > NARROW_MAX_COLUMNS || m === 0 || n === 0 || batch === 0) return false;
  const threads = rt.pool.threads;
  const parallel = allowParallel && threads > 1 && 2 * m * n * k >= PARALLEL_MIN_FLOPS;
  const rowsPerTile = transA ? AXPY_ROWS : DOT_ROWS;
  const tiles = Math.ceil(m / rowsPerTile);
  if (parallel && tiles < MIN_TILES_PER_THREAD * threads) return false;
  const nPad = transA ? Math.ceil(n / AXPY_COLS) * AXPY_COLS : Math.ceil(n / DOT_COLS) * DOT_COLS;
  const tasks = parallel ? Math.min(tiles, threads * MIN_TILES_PER_THREAD) : 1;
  const tilesPerTask = Math.ceil(tiles / tasks);
  const packTasks = Math.ceil(k / K_PER_PACK_TASK);

  const heap = rt.heap;
  // Every element is written by the pack phase (zero padding included); the dot-product layout
  // pads k to a multiple of 4.
  const kPad = transA ? k : Math.ceil(k / 4) * 4;
  const packed = heap.allocBytes(Math.max(1, nPad * kPad) * 4, false);
  try {
    const { words: d, offset } = descriptorViews(rt, 0);
    d[M] = m;
    d[N] = n;
    d[K] = k;
    d[LDA] = job.lda;
    d[LDB] = job.ldb;
    d[LDC] = job.ldc;
    d[FLAGS] = (transA ? 1 : 0) | (job.transB ? 2 : 0) | (job.accumulate ? 4 : 0);
    d[PACKED] = packed;
    d[N_PAD] = nPad;
    d[UNITS_PER_TASK] = tilesPerTask;
    d[K_PER_PACK] = K_PER_PACK_TASK;
    for (let entry = 0; entry < batch; entry++) {
      d[A] = job.a + entry * job.aBatch * 4;
      d[B] = job.b + entry * job.bBatch * 4;
      d[C] = job.c + entry * job.cBatch * 4;
      // A broadcast B (batch stride 0) is packed once.
      if (entry === 0 || job.bBatch !== 0) rt.pool.run('gemmNarrowPackTask', offset, packTasks, parallel && packTasks > 1);
      rt.pool.run('gemmNarrowTask', offset, Math.ceil(tiles / tilesPerTask), parallel);
    }
  } finally {
    heap.freeBytes(packed);
  }
  return true;
}
