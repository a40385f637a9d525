/**
 * Running sums along the middle axis of an `[outer, size, inner]` view (inclusive or exclusive,
 * forward or reverse). float32 sums run in float64 like the reference and are rounded at each
 * write; int32 sums wrap like the reference's float64 total under ToInt32 (equal while |total| <
 * 2^53). Rows (inner == 1) are sequential scalar loops; with inner > 1, blocks of BLOCK columns
 * keep their totals in scratch and advance two float64 (or four int32) lanes per vector.
 */

// Descriptor words.
const X = 0, OUT = 1, OUTER = 2, SIZE = 3, INNER = 4, PER_TASK = 5, FLAGS = 6;
// FLAGS bits.
const EXCLUSIVE = 1, REVERSE = 2, INT32 = 4;
const BLOCK: i32 = 512;

@inline function word(desc: usize, index: i32): i32 {
  return load<i32>(desc + (<usize>index << 2));
}

@inline function at(p: usize, i: i32): usize {
  return p + (<usize>i << 2);
}

function rowF32(x: usize, out: usize, size: i32, exclusive: bool, reverse: bool): void {
  let total: f64 = 0;
  for (let step = 0; step < size; step++) {
    const j = reverse ? size - 1 - step : step;
    const v = <f64>load<f32>(at(x, j));
    if (exclusive) {
      store<f32>(at(out, j), <f32>total);
      total += v;
    } else {
      total += v;
      store<f32>(at(out, j), <f32>total);
    }
  }
}

function rowI32(x: usize, out: usize, size: i32, exclusive: bool, reverse: bool): void {
  let total: i32 = 0;
  for (let step = 0; step < size; step++) {
    const j = reverse ? size - 1 - step : step;
    const v = load<i32>(at(x, j));
    if (exclusive) {
      store<i32>(at(out, j), total);
      total += v;
    } else {
      total += v;
      store<i32>(at(out, j), total);
    }
  }
}

/** Columns `[0, width)` with row stride `inner`; float64 totals in scratch. */
function columnsF32(x: usize, out: usize, size: i32, inner: i32, width: i32, exclusive: bool, reverse: bool, scratch: usize): void {
  memory.fill(scratch, 0, <usize>width << 3);
  const stride = <usize>inner << 2;
  for (let step = 0; step < size; step++) {
    const j = reverse ? size - 1 - step : step;
    const row = x + <usize>j * stride, dst = out + <usize>j * stride;
    let i = 0;
    for (; i + 2 <= width; i += 2) {
      const acc = scratch + (<usize>i << 3);
      const before = v128.load(acc);
      const after = f64x2.add(before, f64x2.promote_low_f32x4(v128.load64_zero(at(row, i))));
      v128.store(acc, after);
      v128.store64_lane(at(dst, i), f32x4.demote_f64x2_zero(exclusive ? before : after), 0);
    }
    for (; i < width; i++) {
      const acc = scratch + (<usize>i << 3);
      const before = load<f64>(acc), after = before + <f64>load<f32>(at(row, i));
      store<f64>(acc, after);
      store<f32>(at(dst, i), <f32>(exclusive ? before : after));
    }
  }
}

function columnsI32(x: usize, out: usize, size: i32, inner: i32, width: i32, exclusive: bool, reverse: bool, scratch: usize): void {
  memory.fill(scratch, 0, <usize>width << 2);
  const stride = <usize>inner << 2;
  for (let step = 0; step < size; step++) {
    const j = reverse ? size - 1 - step : step;
    const row = x + <usize>j * stride, dst = out + <usize>j * stride;
    let i = 0;
    for (; i + 4 <= width; i += 4) {
      const before = v128.load(at(scratch, i));
      const after = i32x4.add(before, v128.load(at(row, i)));
      v128.store(at(scratch, i), after);
      v128.store(at(dst, i), exclusive ? before : after);
    }
    for (; i < width; i++) {
      const before = load<i32>(at(scratch, i)), after = before + load<i32>(at(row, i));
      store<i32>(at(scratch, i), after);
      store<i32>(at(dst, i), exclusive ? before : after);
    }
  }
}

/** Rows `task·PER_TASK ...` (inner == 1) or units of (outer, column block). */
export function cumsumTask(desc: usize, task: i32, scratch: usize): void {
  const x = <usize>word(desc, X), out = <usize>word(desc, OUT);
  const outer = word(desc, OUTER), size = word(desc, SIZE), inner = word(desc, INNER), perTask = word(desc, PER_TASK);
  const flags = word(desc, FLAGS);
  const exclusive = (flags & EXCLUSIVE) != 0, reverse = (flags & REVERSE) != 0, isInt = (flags & INT32) != 0;
  if (inner == 1) {
    const end = min(outer, (task + 1) * perTask);
    for (let o = task * perTask; o < end; o++) {
      const offset = <usize>o * <usize>size << 2;
      if (isInt) rowI32(x + offset, out + offset, size, exclusive, reverse);
      else rowF32(x + offset, out + offset, size, exclusive, reverse);
    }
    return;
  }
  const blocks = (inner + BLOCK - 1) / BLOCK;
  const end = min(outer * blocks, (task + 1) * perTask);
  for (let unit = task * perTask; unit < end; unit++) {
    const o = unit / blocks;
    const i0 = (unit % blocks) * BLOCK;
    const width = min(BLOCK, inner - i0);
    const offset = <usize>(o * size * inner + i0) << 2;
    if (isInt) columnsI32(x + offset, out + offset, size, inner, width, exclusive, reverse, scratch);
    else columnsF32(x + offset, out + offset, size, inner, width, exclusive, reverse, scratch);
  }
}
