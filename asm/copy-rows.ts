/**
 * Strided copies of contiguous rows, for slices with unit steps, writes into a region (concat,
 * stack, split's adjoint) and the interior of a constant pad: `rows` rows of ROW_BYTES bytes, the
 * row index walked over up to MAX_RANK outer dimensions with byte strides on both sides. Plus a
 * 32-bit pattern fill for pad's border.
 */

// Descriptor words, mirrored in src/backend/wasm/copy-rows.ts.
const SRC = 0, DST = 1, ROW_BYTES = 2, RANK = 3, ROWS_PER_TASK = 4, DIMS = 8, SRC_STRIDES = 14, DST_STRIDES = 20;
// fillTask words.
const FILL_DST = 0, FILL_BYTES = 1, FILL_PATTERN = 2, FILL_PER_TASK = 3;

@inline function word(desc: usize, index: i32): i32 {
  return load<i32>(desc + (<usize>index << 2));
}

/** Rows `task·ROWS_PER_TASK ...` of the copy; the odometer position lives in the thread's scratch. */
export function copyRowsTask(desc: usize, task: i32, scratch: usize): void {
  const rank = word(desc, RANK), perTask = word(desc, ROWS_PER_TASK);
  const rowBytes = <usize>word(desc, ROW_BYTES);
  let rows = 1;
  for (let d = 0; d < rank; d++) rows *= word(desc, DIMS + d);
  const begin = task * perTask, end = min(rows, begin + perTask);
  if (begin >= end) return;
  let src = <usize>word(desc, SRC), dst = <usize>word(desc, DST), rest = begin;
  for (let d = rank - 1; d >= 0; d--) {
    const size = word(desc, DIMS + d);
    const i = rest % size;
    rest /= size;
    store<i32>(scratch + (<usize>d << 2), i);
    src += <usize>(i * word(desc, SRC_STRIDES + d));
    dst += <usize>(i * word(desc, DST_STRIDES + d));
  }
  for (let r = begin; r < end; r++) {
    memory.copy(dst, src, rowBytes);
    for (let d = rank - 1; d >= 0; d--) {
      const p = scratch + (<usize>d << 2);
      const i = load<i32>(p) + 1;
      const size = word(desc, DIMS + d);
      if (i < size) {
        store<i32>(p, i);
        src += <usize>word(desc, SRC_STRIDES + d);
        dst += <usize>word(desc, DST_STRIDES + d);
        break;
      }
      store<i32>(p, 0);
      src -= <usize>((size - 1) * word(desc, SRC_STRIDES + d));
      dst -= <usize>((size - 1) * word(desc, DST_STRIDES + d));
    }
  }
}

/** Bytes `task·FILL_PER_TASK ...` (a multiple of 16) of FILL_DST set to the repeated 32-bit FILL_PATTERN. */
export function fillTask(desc: usize, task: i32, scratch: usize): void {
  const dst = <usize>word(desc, FILL_DST), total = word(desc, FILL_BYTES), perTask = word(desc, FILL_PER_TASK);
  const pattern = word(desc, FILL_PATTERN);
  const begin = task * perTask, end = min(total, begin + perTask);
  const v = i32x4.splat(pattern);
  let i = begin;
  for (; i + 16 <= end; i += 16) v128.store(dst + <usize>i, v);
  // Tail bytes: the pattern's byte at each position (little-endian), so fills stay periodic.
  for (; i < end; i++) store<u8>(dst + <usize>i, <u8>(pattern >>> ((i & 3) << 3)));
}
