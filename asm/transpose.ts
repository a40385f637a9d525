/**
 * Batched 2-D transpose of 32-bit elements (float32 or int32): `out[b, c, r] = x[b, r, c]`, in 4x4
 * register blocks. Any permutation that only swaps two adjacent groups of axes reduces to this.
 */
import { storeTransposed4x4 } from './transpose4';

// Descriptor words.
const X = 0, OUT = 1, ROWS = 3, COLS = 4, ROWS_PER_TASK = 5;
/** Rows and columns per tile (at power-of-two row strides, larger tiles thrash L1 sets). */
const TILE = 16;

@inline function word(desc: usize, index: i32): i32 {
  return load<i32>(desc + (<usize>index << 2));
}

/** One band of ROWS_PER_TASK (a multiple of 4) source rows of one batch entry. */
export function transposeTask(desc: usize, task: i32, scratch: usize): void {
  const rows = word(desc, ROWS), cols = word(desc, COLS), perTask = word(desc, ROWS_PER_TASK);
  const bands = (rows + perTask - 1) / perTask;
  const entry = task / bands;
  const r0 = (task % bands) * perTask;
  const r1 = min(rows, r0 + perTask);
  const matrixBytes = <usize>rows * <usize>cols << 2;
  const x = <usize>word(desc, X) + <usize>entry * matrixBytes;
  const out = <usize>word(desc, OUT) + <usize>entry * matrixBytes;
  const srcRow = <usize>cols << 2, dstRow = <usize>rows << 2;
  // TILE x TILE tiles: reads and writes both stay within a few pages and cache lines.
  for (let t0 = r0; t0 < r1; t0 += TILE) {
    const t1 = min(r1, t0 + TILE);
    const fullRows = t0 + ((t1 - t0) & ~3);
    for (let c0 = 0; c0 < cols; c0 += TILE) {
      const c1 = min(cols, c0 + TILE);
      const c1Full = c0 + ((c1 - c0) & ~3);
      for (let r = t0; r < fullRows; r += 4) {
        const src = x + <usize>r * srcRow;
        for (let c = c0; c < c1Full; c += 4) {
          const s = src + (<usize>c << 2);
          storeTransposed4x4(v128.load(s), v128.load(s + srcRow), v128.load(s + 2 * srcRow), v128.load(s + 3 * srcRow), out + <usize>c * dstRow + (<usize>r << 2), dstRow);
        }
        for (let c = c1Full; c < c1; c++) {
          for (let i = 0; i < 4; i++) store<u32>(out + <usize>c * dstRow + (<usize>(r + i) << 2), load<u32>(src + <usize>i * srcRow + (<usize>c << 2)));
        }
      }
      for (let r = fullRows; r < t1; r++) {
        const src = x + <usize>r * srcRow;
        for (let c = c0; c < c1; c++) store<u32>(out + <usize>c * dstRow + (<usize>r << 2), load<u32>(src + (<usize>c << 2)));
      }
    }
  }
}

// Block-transpose descriptor words (the innermost axes stay innermost: blocks move whole).
const B_X = 0, B_OUT = 1, B_ROWS = 3, B_COLS = 4, B_BLOCK_BYTES = 5, B_ROWS_PER_TASK = 6;

/**
 * `out[b, c, r, :] = x[b, r, c, :]` for blocks of BLOCK_BYTES (the innermost axes, which the
 * permutation keeps in place): one band of ROWS_PER_TASK source rows of one batch entry, each block
 * one `memory.copy`.
 */
export function transposeBlocksTask(desc: usize, task: i32, scratch: usize): void {
  const rows = word(desc, B_ROWS), cols = word(desc, B_COLS), perTask = word(desc, B_ROWS_PER_TASK);
  const block = <usize>word(desc, B_BLOCK_BYTES);
  const bands = (rows + perTask - 1) / perTask;
  const entry = task / bands;
  const r0 = (task % bands) * perTask;
  const r1 = min(rows, r0 + perTask);
  const matrixBytes = <usize>rows * <usize>cols * block;
  const x = <usize>word(desc, B_X) + <usize>entry * matrixBytes;
  const out = <usize>word(desc, B_OUT) + <usize>entry * matrixBytes;
  for (let r = r0; r < r1; r++) {
    const src = x + <usize>r * <usize>cols * block;
    for (let c = 0; c < cols; c++) memory.copy(out + (<usize>c * <usize>rows + <usize>r) * block, src + <usize>c * block, block);
  }
}
