/**
 * SGEMM task bodies: `C[b] = op(A[b]) · op(B[b])` for a batch of matrices with arbitrary leading
 * dimensions, split into independent tasks that any thread may run (see src/backend/wasm/gemm.ts
 * for how the TypeScript side fills the descriptor and schedules the phases).
 *
 * Phase 1 packs every NR-column panel of B once (tasks = B matrices x panel groups). Phase 2 computes
 * (tasks = batch x row blocks x column blocks x k splits): per KC-deep slice it packs an MC x KC block
 * of A into thread scratch (L2-resident) and sweeps it against each packed B sliver (L1-resident).
 * With k splits, each split writes its partial product to its own slice of C and phase 3 sums them.
 * FLAGS: bit 0 transA, bit 1 transB, bit 2 accumulate (C += product instead of C = product).
 */
import { MR, NR, microKernel } from './gemm-micro';
import { packABlock, packBPanel } from './gemm-pack';

/** Depth of one packed slice: an NR x KC sliver of B (8 KiB) stays in L1 while A streams past. */
export const KC: i32 = 256;

// Descriptor word offsets (i32), mirrored in src/backend/wasm/gemm-descriptor.ts.
const A = 0, B = 1, C = 2, M = 3, N = 4, K = 5, LDA = 6, LDB = 7, LDC = 8, FLAGS = 9;
const A_BATCH = 10, B_BATCH = 11, C_BATCH = 12, BATCH = 13, PACKED_B = 14, PACKED_B_BATCH = 15;
const ROW_BLOCKS = 16, COL_BLOCKS = 17, K_SPLITS = 18, K_PER_SPLIT = 19, C_SPLIT = 20, MC = 21;
const PANELS_PER_COL_BLOCK = 22, PANELS_PER_PACK_TASK = 23;
const FINAL_C = 24, FINAL_LDC = 25, FINAL_C_BATCH = 26, SUM_ROWS_PER_TASK = 27;

@inline function word(desc: usize, index: i32): i32 {
  return load<i32>(desc + (<usize>index << 2));
}

/** Phase 1: packs a group of B panels of one batch entry into the packed-B buffer. */
export function gemmPackBTask(desc: usize, task: i32, scratch: usize): void {
  const n = word(desc, N), k = word(desc, K);
  const panels = (n + NR - 1) / NR;
  const perTask = word(desc, PANELS_PER_PACK_TASK);
  const groups = (panels + perTask - 1) / perTask;
  const entry = task / groups;
  const first = (task % groups) * perTask;
  const last = min(panels, first + perTask);
  const b = <usize>word(desc, B) + (<usize>(entry * word(desc, B_BATCH)) << 2);
  const transB = (word(desc, FLAGS) & 2) != 0;
  const packed = <usize>word(desc, PACKED_B) + (<usize>(entry * word(desc, PACKED_B_BATCH)) << 2);
  for (let panel = first; panel < last; panel++) {
    packBPanel(b, word(desc, LDB), transB, k, n, panel * NR, packed + (<usize>(panel * k * NR) << 2));
  }
}

/** Phase 2: one (batch entry, row block, column block, k split) tile of the product. */
export function gemmComputeTask(desc: usize, task: i32, scratch: usize): void {
  const m = word(desc, M), n = word(desc, N), k = word(desc, K);
  const kSplits = word(desc, K_SPLITS), colBlocks = word(desc, COL_BLOCKS), rowBlocks = word(desc, ROW_BLOCKS);
  const split = task % kSplits;
  let rest = task / kSplits;
  const colBlock = rest % colBlocks;
  rest /= colBlocks;
  const rowBlock = rest % rowBlocks;
  const entry = rest / rowBlocks;

  const mcMax = word(desc, MC);
  const row0 = rowBlock * mcMax;
  const mc = min(mcMax, m - row0);
  const panels = (n + NR - 1) / NR;
  const panelsPerBlock = word(desc, PANELS_PER_COL_BLOCK);
  const panel0 = colBlock * panelsPerBlock;
  const panelEnd = min(panels, panel0 + panelsPerBlock);
  const kPerSplit = word(desc, K_PER_SPLIT);
  const kStart = split * kPerSplit;
  const kEnd = min(k, kStart + kPerSplit);

  const flags = word(desc, FLAGS);
  const a = <usize>word(desc, A) + (<usize>(entry * word(desc, A_BATCH)) << 2);
  const packedB = <usize>word(desc, PACKED_B) + (<usize>(entry * word(desc, PACKED_B_BATCH)) << 2);
  const ldc = word(desc, LDC);
  const ldcBytes = <usize>ldc << 2;
  const c = <usize>word(desc, C) + (<usize>(entry * word(desc, C_BATCH) + split * word(desc, C_SPLIT)) << 2);
  const packedA = scratch;
  const tile = scratch + (<usize>(mcMax * KC) << 2);

  // Equal slices of at most KC (288 = 144 + 144, not 256 + 32: short slices waste the C tile traffic).
  const slices = (kEnd - kStart + KC - 1) / KC;
  const step = slices > 0 ? (kEnd - kStart + slices - 1) / slices : KC;
  for (let p0 = kStart; p0 < kEnd; p0 += step) {
    const kc = min(step, kEnd - p0);
    packABlock(a, word(desc, LDA), (flags & 1) != 0, m, row0, mc, p0, kc, packedA);
    // With k splits the partial buffers start from zero and phase 3 applies the accumulate flag.
    const accumulate = p0 != kStart || ((flags & 4) != 0 && kSplits == 1);
    for (let panel = panel0; panel < panelEnd; panel++) {
      const col0 = panel * NR;
      const nr = min(NR, n - col0);
      const pb = packedB + (<usize>(panel * k * NR + p0 * NR) << 2);
      for (let r = 0; r < mc; r += MR) {
        const pa = packedA + (<usize>(r * kc) << 2);
        const cTile = c + <usize>(row0 + r) * ldcBytes + (<usize>col0 << 2);
        microKernel(kc, pa, pb, cTile, ldcBytes, accumulate, min(MR, mc - r), nr, tile);
      }
    }
  }
  // An empty k range (k == 0) still has to define C.
  if (kStart >= kEnd && (flags & 4) == 0) {
    for (let i = row0; i < row0 + mc; i++) {
      memory.fill(c + <usize>i * ldcBytes + (<usize>(panel0 * NR) << 2), 0, <usize>(min(n, panelEnd * NR) - panel0 * NR) << 2);
    }
  }
}

/** Phase 3 (k splits only): sums the partial products into the final C, a few rows per task. */
export function gemmSumSplitsTask(desc: usize, task: i32, scratch: usize): void {
  const m = word(desc, M), n = word(desc, N), batch = word(desc, BATCH), kSplits = word(desc, K_SPLITS);
  const perTask = word(desc, SUM_ROWS_PER_TASK);
  const rowsTotal = batch * m;
  const first = task * perTask;
  const last = min(rowsTotal, first + perTask);
  const partial = <usize>word(desc, C);
  const splitBytes = <usize>word(desc, C_SPLIT) << 2;
  const finalC = <usize>word(desc, FINAL_C);
  const finalLdc = word(desc, FINAL_LDC), finalBatch = word(desc, FINAL_C_BATCH);
  const accumulate = (word(desc, FLAGS) & 4) != 0;
  for (let row = first; row < last; row++) {
    const entry = row / m, i = row % m;
    // Partials are dense [split][batch][m][n].
    const src = partial + (<usize>(row * n) << 2);
    const dst = finalC + (<usize>(entry * finalBatch + i * finalLdc) << 2);
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      const off = <usize>j << 2;
      let acc = v128.load(src + off);
      for (let s = 1; s < kSplits; s++) acc = f32x4.add(acc, v128.load(src + <usize>s * splitBytes + off));
      if (accumulate) acc = f32x4.add(acc, v128.load(dst + off));
      v128.store(dst + off, acc);
    }
    for (; j < n; j++) {
      const off = <usize>j << 2;
      let acc = load<f32>(src + off);
      for (let s = 1; s < kSplits; s++) acc += load<f32>(src + <usize>s * splitBytes + off);
      if (accumulate) acc += load<f32>(dst + off);
      store<f32>(dst + off, acc);
    }
  }
}
