/**
 * The walk every broadcasting two-operand kernel shares (binary.ts, compare.ts, binary-extra.ts).
 * The TypeScript side (`runBroadcast` in src/backend/wasm/elementwise.ts) coalesces the output shape
 * and both operands' broadcast strides into at most MAX_RANK dimensions; the last dimension is the
 * row, where each operand has stride 1 (a vector) or 0 (one value for the whole row). A unit is a
 * chunk of at most CHUNK elements of one row, so long rows still spread over threads; a task takes
 * UNITS_PER_TASK consecutive units, stepping through the outer dimensions like an odometer.
 *
 * Offsets are element indices (not byte offsets: the kernels' element sizes differ).
 */

// Descriptor words: op, pointers, rank, chunking, a kernel-specific word, then dims, a strides and
// b strides (MAX_RANK each).
export const OP = 0, A = 1, B = 2, OUT = 3, FLAG = 7;
const RANK = 4, CHUNK = 5, UNITS_PER_TASK = 6, DIMS = 8, A_STRIDES = 14, B_STRIDES = 20;

@inline export function word(desc: usize, index: i32): i32 {
  return load<i32>(desc + (<usize>index << 2));
}

@inline function dim(desc: usize, table: i32, d: i32): i32 {
  return load<i32>(desc + (<usize>(table + d) << 2));
}

/**
 * Where a task's walk starts, and the row geometry. Written by {@link walkStart} at the start of the
 * thread's scratch (the odometer follows it); kernels copy the fields into locals and step with
 * {@link nextRow}, so the per-unit loop runs on registers.
 */
@unmanaged export class Walk {
  /** First row and chunk of the task, and both operands' element offsets at that row's start. */
  row: i32 = 0;
  part: i32 = 0;
  aRow: i32 = 0;
  bRow: i32 = 0;
  /** Row length, chunk length and chunks per row. */
  inner: i32 = 0;
  chunk: i32 = 0;
  chunksPerRow: i32 = 0;
  /** Strides of `a` and `b` along the row: 1, or 0 where the operand is one value for the row. */
  aStep: i32 = 0;
  bStep: i32 = 0;
}

/** Bytes of {@link Walk}: the odometer's indices (one i32 per outer dimension) start there. */
const WALK_BYTES: usize = 9 * 4;

/** Sets up task `task`'s walk in `w` and returns how many units (row chunks) the task has. */
export function walkStart(desc: usize, task: i32, w: Walk): i32 {
  const last = word(desc, RANK) - 1;
  w.inner = dim(desc, DIMS, last);
  w.aStep = dim(desc, A_STRIDES, last);
  w.bStep = dim(desc, B_STRIDES, last);
  w.chunk = word(desc, CHUNK);
  w.chunksPerRow = (w.inner + w.chunk - 1) / w.chunk;
  let rows = 1;
  for (let d = 0; d < last; d++) rows *= dim(desc, DIMS, d);
  const perTask = word(desc, UNITS_PER_TASK);
  const begin = task * perTask;
  const end = min(rows * w.chunksPerRow, begin + perTask);
  if (begin >= end) return 0;
  w.row = begin / w.chunksPerRow;
  w.part = begin % w.chunksPerRow;
  const odometer = changetype<usize>(w) + WALK_BYTES;
  let aOff = 0, bOff = 0, rest = w.row;
  for (let d = last - 1; d >= 0; d--) {
    const size = dim(desc, DIMS, d);
    const i = rest % size;
    rest /= size;
    store<i32>(odometer + (<usize>d << 2), i);
    aOff += i * dim(desc, A_STRIDES, d);
    bOff += i * dim(desc, B_STRIDES, d);
  }
  w.aRow = aOff;
  w.bRow = bOff;
  return end - begin;
}

/**
 * Steps the odometer of `w` to the next row and returns how far each operand's row start moves:
 * `a`'s in the high 32 bits, `b`'s in the low 32 bits (both signed).
 */
@inline export function nextRow(desc: usize, w: Walk): i64 {
  const odometer = changetype<usize>(w) + WALK_BYTES;
  let da = 0, db = 0;
  for (let d = word(desc, RANK) - 2; d >= 0; d--) {
    const p = odometer + (<usize>d << 2);
    const i = load<i32>(p) + 1;
    const size = dim(desc, DIMS, d);
    if (i < size) {
      store<i32>(p, i);
      da += dim(desc, A_STRIDES, d);
      db += dim(desc, B_STRIDES, d);
      break;
    }
    store<i32>(p, 0);
    da -= (size - 1) * dim(desc, A_STRIDES, d);
    db -= (size - 1) * dim(desc, B_STRIDES, d);
  }
  return (<i64>da << 32) | <i64><u32>db;
}
