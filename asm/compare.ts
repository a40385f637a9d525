/**
 * Broadcasting comparisons (equal, notEqual, less, lessEqual, greater, greaterEqual) of float32 or
 * int32 operands into bool bytes, on the shared broadcast walk (asm/broadcast-walk.ts); the
 * descriptor's FLAG word is 1 for int32 operands.
 */
import { A, B, FLAG, OP, OUT, Walk, nextRow, walkStart, word } from './broadcast-walk';

// Op codes, mirrored in src/backend/wasm/compare.ts.
const EQUAL = 0, NOT_EQUAL = 1, LESS = 2, LESS_EQUAL = 3, GREATER = 4;
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

/** Units `task·UNITS_PER_TASK ...` (chunks of CHUNK elements of one row) of `out = op(a, b)`. */
export function compareTask(desc: usize, task: i32, scratch: usize): void {
  const op = word(desc, OP), isInt = word(desc, FLAG) != 0;
  const a = <usize>word(desc, A), b = <usize>word(desc, B), out = <usize>word(desc, OUT);
  const w = changetype<Walk>(scratch);
  const units = walkStart(desc, task, w);
  const inner = w.inner, chunk = w.chunk, chunksPerRow = w.chunksPerRow, aStep = w.aStep, bStep = w.bStep;
  let row = w.row, part = w.part, aRow = w.aRow, bRow = w.bRow;
  // Both strides are 0 only for a single-element output (a row of length 1), which SV handles too.
  const shape = aStep == 1 && bStep == 1 ? VV : aStep == 1 ? VS : SV;
  for (let unit = 0; unit < units; unit++) {
    const from = part * chunk;
    const len = min(chunk, inner - from);
    const o = row * inner + from, ai = aRow + from * aStep, bi = bRow + from * bStep;
    applyRow(op, isInt, shape, out + <usize>o, a + (<usize>ai << 2), b + (<usize>bi << 2), len);
    if (++part < chunksPerRow) continue;
    part = 0;
    row++;
    const moved = nextRow(desc, w);
    aRow += <i32>(moved >> 32);
    bRow += <i32>moved;
  }
}
