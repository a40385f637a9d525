/**
 * Broadcasting comparisons (equal, notEqual, less, lessEqual, greater, greaterEqual) of float32 or
 * int32 operands into bool bytes. Same descriptor and row walk as asm/binary.ts: the TypeScript
 * side coalesces the broadcast into at most MAX_RANK dimensions whose last one is the row, where
 * each operand is a vector (stride 1) or a scalar (stride 0).
 */

// Op codes, mirrored in src/backend/wasm/compare.ts.
const EQUAL = 0, NOT_EQUAL = 1, LESS = 2, LESS_EQUAL = 3, GREATER = 4;
// Descriptor words: as asm/binary.ts, plus IS_INT (1 for int32 operands).
const OP = 0, A = 1, B = 2, OUT = 3, RANK = 4, CHUNK = 5, UNITS_PER_TASK = 6, IS_INT = 7, DIMS = 8, A_STRIDES = 14, B_STRIDES = 20;
const VV = 0, VS = 1, SV = 2;

@inline function maskV(op: i32, isInt: bool, x: v128, y: v128): v128 {
  if (isInt) {
    switch (op) {
      case EQUAL: return i32x4.eq(x, y);
      case NOT_EQUAL: return i32x4.ne(x, y);
      case LESS: return i32x4.lt_s(x, y);
      case LESS_EQUAL: return i32x4.le_s(x, y);
      case GREATER: return i32x4.gt_s(x, y);
      default: return i32x4.ge_s(x, y);
    }
  }
  switch (op) {
    case EQUAL: return f32x4.eq(x, y);
    case NOT_EQUAL: return f32x4.ne(x, y);
    case LESS: return f32x4.lt(x, y);
    case LESS_EQUAL: return f32x4.le(x, y);
    case GREATER: return f32x4.gt(x, y);
    default: return f32x4.ge(x, y);
  }
}

@inline function testS(op: i32, isInt: bool, a: usize, b: usize): u8 {
  if (isInt) {
    const x = load<i32>(a), y = load<i32>(b);
    switch (op) {
      case EQUAL: return <u8>(x == y);
      case NOT_EQUAL: return <u8>(x != y);
      case LESS: return <u8>(x < y);
      case LESS_EQUAL: return <u8>(x <= y);
      case GREATER: return <u8>(x > y);
      default: return <u8>(x >= y);
    }
  }
  const x = load<f32>(a), y = load<f32>(b);
  switch (op) {
    case EQUAL: return <u8>(x == y);
    case NOT_EQUAL: return <u8>(x != y);
    case LESS: return <u8>(x < y);
    case LESS_EQUAL: return <u8>(x <= y);
    case GREATER: return <u8>(x > y);
    default: return <u8>(x >= y);
  }
}

/** Four lane masks (all ones or zero) as four 0/1 bytes in one i32. */
@inline function maskBytes(mask: v128): i32 {
  const narrow = i8x16.narrow_i16x8_s(i16x8.narrow_i32x4_s(mask, mask), mask);
  return i32x4.extract_lane(v128.and(narrow, i8x16.splat(1)), 0);
}

/** One row of `n` results; a pointer steps 4 bytes per element when its operand is a vector, none when a scalar. */
@inline function row(op: i32, isInt: bool, shape: i32, dst: usize, a: usize, b: usize, n: i32): void {
  const aStep: usize = shape == SV ? 0 : 4, bStep: usize = shape == VS ? 0 : 4;
  const as = v128.load32_splat(a), bs = v128.load32_splat(b);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const x = shape == SV ? as : v128.load(a + (<usize>i << 2));
    const y = shape == VS ? bs : v128.load(b + (<usize>i << 2));
    store<i32>(dst + <usize>i, maskBytes(maskV(op, isInt, x, y)));
  }
  for (; i < n; i++) store<u8>(dst + <usize>i, testS(op, isInt, a + <usize>i * aStep, b + <usize>i * bStep));
}

// One function per (op, dtype), the op a literal, as in asm/binary.ts (binaryen folds the switch away).
function rowEqF(shape: i32, dst: usize, a: usize, b: usize, n: i32): void { row(EQUAL, false, shape, dst, a, b, n); }
function rowNeF(shape: i32, dst: usize, a: usize, b: usize, n: i32): void { row(NOT_EQUAL, false, shape, dst, a, b, n); }
function rowLtF(shape: i32, dst: usize, a: usize, b: usize, n: i32): void { row(LESS, false, shape, dst, a, b, n); }
function rowLeF(shape: i32, dst: usize, a: usize, b: usize, n: i32): void { row(LESS_EQUAL, false, shape, dst, a, b, n); }
function rowGtF(shape: i32, dst: usize, a: usize, b: usize, n: i32): void { row(GREATER, false, shape, dst, a, b, n); }
function rowGeF(shape: i32, dst: usize, a: usize, b: usize, n: i32): void { row(5, false, shape, dst, a, b, n); }
function rowEqI(shape: i32, dst: usize, a: usize, b: usize, n: i32): void { row(EQUAL, true, shape, dst, a, b, n); }
function rowNeI(shape: i32, dst: usize, a: usize, b: usize, n: i32): void { row(NOT_EQUAL, true, shape, dst, a, b, n); }
function rowLtI(shape: i32, dst: usize, a: usize, b: usize, n: i32): void { row(LESS, true, shape, dst, a, b, n); }
function rowLeI(shape: i32, dst: usize, a: usize, b: usize, n: i32): void { row(LESS_EQUAL, true, shape, dst, a, b, n); }
function rowGtI(shape: i32, dst: usize, a: usize, b: usize, n: i32): void { row(GREATER, true, shape, dst, a, b, n); }
function rowGeI(shape: i32, dst: usize, a: usize, b: usize, n: i32): void { row(5, true, shape, dst, a, b, n); }

function applyRow(op: i32, isInt: bool, shape: i32, dst: usize, a: usize, b: usize, n: i32): void {
  if (isInt) {
    switch (op) {
      case EQUAL: rowEqI(shape, dst, a, b, n); break;
      case NOT_EQUAL: rowNeI(shape, dst, a, b, n); break;
      case LESS: rowLtI(shape, dst, a, b, n); break;
      case LESS_EQUAL: rowLeI(shape, dst, a, b, n); break;
      case GREATER: rowGtI(shape, dst, a, b, n); break;
      default: rowGeI(shape, dst, a, b, n);
    }
    return;
  }
  switch (op) {
    case EQUAL: rowEqF(shape, dst, a, b, n); break;
    case NOT_EQUAL: rowNeF(shape, dst, a, b, n); break;
    case LESS: rowLtF(shape, dst, a, b, n); break;
    case LESS_EQUAL: rowLeF(shape, dst, a, b, n); break;
    case GREATER: rowGtF(shape, dst, a, b, n); break;
    default: rowGeF(shape, dst, a, b, n);
  }
}

@inline function word(desc: usize, index: i32): i32 {
  return load<i32>(desc + (<usize>index << 2));
}

@inline function dim(desc: usize, table: i32, d: i32): i32 {
  return load<i32>(desc + (<usize>(table + d) << 2));
}

/** Units `task·UNITS_PER_TASK ...` (chunks of CHUNK elements of one row) of `out = op(a, b)`. */
export function compareTask(desc: usize, task: i32, scratch: usize): void {
  const op = word(desc, OP), rank = word(desc, RANK), chunk = word(desc, CHUNK), isInt = word(desc, IS_INT) != 0;
  const a = <usize>word(desc, A), b = <usize>word(desc, B), out = <usize>word(desc, OUT);
  const last = rank - 1;
  const inner = dim(desc, DIMS, last);
  const aStep = dim(desc, A_STRIDES, last), bStep = dim(desc, B_STRIDES, last);
  // Both strides are 0 only for a single-element output (a row of length 1), which SV handles too.
  const shape = aStep == 1 && bStep == 1 ? VV : aStep == 1 ? VS : SV;
  const chunksPerRow = (inner + chunk - 1) / chunk;
  let rows = 1;
  for (let d = 0; d < last; d++) rows *= dim(desc, DIMS, d);
  const perTask = word(desc, UNITS_PER_TASK);
  const begin = task * perTask;
  const end = min(rows * chunksPerRow, begin + perTask);
  if (begin >= end) return;
  let r = begin / chunksPerRow, part = begin % chunksPerRow;
  let aOff = 0, bOff = 0, rest = r;
  for (let d = last - 1; d >= 0; d--) {
    const size = dim(desc, DIMS, d);
    const i = rest % size;
    rest /= size;
    store<i32>(scratch + (<usize>d << 2), i);
    aOff += i * dim(desc, A_STRIDES, d);
    bOff += i * dim(desc, B_STRIDES, d);
  }
  for (let unit = begin; unit < end; unit++) {
    const from = part * chunk;
    const len = min(chunk, inner - from);
    applyRow(op, isInt, shape, out + <usize>(r * inner + from), a + (<usize>(aOff + from * aStep) << 2), b + (<usize>(bOff + from * bStep) << 2), len);
    if (++part < chunksPerRow) continue;
    part = 0;
    r++;
    for (let d = last - 1; d >= 0; d--) {
      const p = scratch + (<usize>d << 2);
      const i = load<i32>(p) + 1;
      const size = dim(desc, DIMS, d);
      if (i < size) {
        store<i32>(p, i);
        aOff += dim(desc, A_STRIDES, d);
        bOff += dim(desc, B_STRIDES, d);
        break;
      }
      store<i32>(p, 0);
      aOff -= (size - 1) * dim(desc, A_STRIDES, d);
      bOff -= (size - 1) * dim(desc, B_STRIDES, d);
    }
  }
}
