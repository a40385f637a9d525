/**
 * One-hot rows: row i of `[rows, depth]` is `off` everywhere except `on` at column `indices[i]`
 * (no column when the index is out of range), as the reference writes it.
 */

// Descriptor words: indices, out, rows, depth, rows per task, on (f32), off (f32).
const INDICES = 0, OUT = 1, ROWS = 2, DEPTH = 3, PER_TASK = 4, ON = 5, OFF = 6;

@inline function word(desc: usize, index: i32): i32 {
  return load<i32>(desc + (<usize>index << 2));
}

/** Rows `task·PER_TASK ...`. */
export function oneHotTask(desc: usize, task: i32, scratch: usize): void {
  const indices = <usize>word(desc, INDICES), out = <usize>word(desc, OUT);
  const rows = word(desc, ROWS), depth = word(desc, DEPTH), perTask = word(desc, PER_TASK);
  const on = load<f32>(desc + (<usize>ON << 2)), off = load<f32>(desc + (<usize>OFF << 2));
  const begin = task * perTask, end = min(rows, begin + perTask);
  if (begin >= end) return;
  // The task's rows are one contiguous block: fill it, then place the ones.
  const first = out + (<usize>begin * <usize>depth << 2);
  const n = (end - begin) * depth;
  const v = f32x4.splat(off);
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(first + (<usize>i << 2), v);
  for (; i < n; i++) store<f32>(first + (<usize>i << 2), off);
  for (let r = begin; r < end; r++) {
    const c = load<i32>(indices + (<usize>r << 2));
    if (c >= 0 && c < depth) store<f32>(out + ((<usize>r * <usize>depth + <usize>c) << 2), on);
  }
}
