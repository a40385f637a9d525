/**
 * Broadcasting binary kernels beyond asm/binary.ts: int32 add/sub/mul/maximum/minimum, float32
 * pow, and logicalAnd/logicalOr on bool bytes, on the shared broadcast walk (asm/broadcast-walk.ts).
 *
 * int32 results match the reference, which computes in float64 and wraps with ToInt32: sums and
 * differences wrap like int32 arithmetic; products do too unless |a·b| > 2^53, where float64 rounds
 * first, so vectors with an operand of magnitude >= 2^26 take that exact scalar route.
 */
import { pow4 } from './pow';
import { A, B, OP, OUT, Walk, nextRow, walkStart, word } from './broadcast-walk';

// Op codes, mirrored in src/backend/wasm/binary-extra.ts.
const I_ADD = 0, I_SUB = 1, I_MUL = 2, I_MAX = 3, I_MIN = 4, POW = 5, AND = 6, OR = 7;
const VV = 0, VS = 1, SV = 2;

/** ToInt32 of the float64 product, as the reference computes it (|a·b| < 2^63, so the i64 conversion is exact). */
@inline function mulLikeReference(x: i32, y: i32): i32 {
  return <i32><i64>(<f64>x * <f64>y);
}

@inline function intV(op: i32, x: v128, y: v128): v128 {
  switch (op) {
    case I_ADD: return i32x4.add(x, y);
    case I_SUB: return i32x4.sub(x, y);
    case I_MUL: {
      const product = i32x4.mul(x, y);
      // Any operand of magnitude >= 2^26 (i32x4.abs leaves INT_MIN negative: caught too)?
      const big = i32x4.shr_u(v128.or(i32x4.abs(x), i32x4.abs(y)), 26);
      if (!v128.any_true(big)) return product;
      let r = i32x4.splat(mulLikeReference(i32x4.extract_lane(x, 0), i32x4.extract_lane(y, 0)));
      r = i32x4.replace_lane(r, 1, mulLikeReference(i32x4.extract_lane(x, 1), i32x4.extract_lane(y, 1)));
      r = i32x4.replace_lane(r, 2, mulLikeReference(i32x4.extract_lane(x, 2), i32x4.extract_lane(y, 2)));
      return i32x4.replace_lane(r, 3, mulLikeReference(i32x4.extract_lane(x, 3), i32x4.extract_lane(y, 3)));
    }
    case I_MAX: return i32x4.max_s(x, y);
    default: return i32x4.min_s(x, y); // I_MIN
  }
}

@inline function intS(op: i32, x: i32, y: i32): i32 {
  switch (op) {
    case I_ADD: return x + y;
    case I_SUB: return x - y;
    case I_MUL: return mulLikeReference(x, y);
    case I_MAX: return max(x, y);
    default: return min(x, y);
  }
}

/** One row of 32-bit results (int ops and pow); a pointer steps 4 bytes per element when its operand is a vector, none when a scalar. */
@inline function row32(op: i32, shape: i32, dst: usize, a: usize, b: usize, n: i32): void {
  const aStep: usize = shape == SV ? 0 : 4, bStep: usize = shape == VS ? 0 : 4;
  const as = v128.load32_splat(a), bs = v128.load32_splat(b);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const x = shape == SV ? as : v128.load(a + (<usize>i << 2));
    const y = shape == VS ? bs : v128.load(b + (<usize>i << 2));
    v128.store(dst + (<usize>i << 2), op == POW ? pow4(x, y) : intV(op, x, y));
  }
  for (; i < n; i++) {
    const pa = a + <usize>i * aStep, pb = b + <usize>i * bStep;
    if (op == POW) store<f32>(dst + (<usize>i << 2), f32x4.extract_lane(pow4(v128.load32_splat(pa), v128.load32_splat(pb)), 0));
    else store<i32>(dst + (<usize>i << 2), intS(op, load<i32>(pa), load<i32>(pb)));
  }
}

/** One row of bool results from bool bytes. */
@inline function row8(isAnd: bool, shape: i32, dst: usize, a: usize, b: usize, n: i32): void {
  const aStep: usize = shape == SV ? 0 : 1, bStep: usize = shape == VS ? 0 : 1;
  const zero = i8x16.splat(0), one = i8x16.splat(1);
  const as = i8x16.ne(v128.load8_splat(a), zero), bs = i8x16.ne(v128.load8_splat(b), zero);
  let i = 0;
  for (; i + 16 <= n; i += 16) {
    const x = shape == SV ? as : i8x16.ne(v128.load(a + <usize>i), zero);
    const y = shape == VS ? bs : i8x16.ne(v128.load(b + <usize>i), zero);
    v128.store(dst + <usize>i, v128.and(isAnd ? v128.and(x, y) : v128.or(x, y), one));
  }
  for (; i < n; i++) {
    const x = load<u8>(a + <usize>i * aStep) != 0, y = load<u8>(b + <usize>i * bStep) != 0;
    store<u8>(dst + <usize>i, <u8>(isAnd ? x && y : x || y));
  }
}

// One function per op with the op as a literal (see asm/binary.ts for why).
function rowAdd(shape: i32, d: usize, a: usize, b: usize, n: i32): void { row32(I_ADD, shape, d, a, b, n); }
function rowSub(shape: i32, d: usize, a: usize, b: usize, n: i32): void { row32(I_SUB, shape, d, a, b, n); }
function rowMul(shape: i32, d: usize, a: usize, b: usize, n: i32): void { row32(I_MUL, shape, d, a, b, n); }
function rowMax(shape: i32, d: usize, a: usize, b: usize, n: i32): void { row32(I_MAX, shape, d, a, b, n); }
function rowMin(shape: i32, d: usize, a: usize, b: usize, n: i32): void { row32(I_MIN, shape, d, a, b, n); }
function rowPow(shape: i32, d: usize, a: usize, b: usize, n: i32): void { row32(POW, shape, d, a, b, n); }
function rowAnd(shape: i32, d: usize, a: usize, b: usize, n: i32): void { row8(true, shape, d, a, b, n); }
function rowOr(shape: i32, d: usize, a: usize, b: usize, n: i32): void { row8(false, shape, d, a, b, n); }

function applyRow(op: i32, shape: i32, dst: usize, a: usize, b: usize, n: i32): void {
  switch (op) {
    case I_ADD: rowAdd(shape, dst, a, b, n); break;
    case I_SUB: rowSub(shape, dst, a, b, n); break;
    case I_MUL: rowMul(shape, dst, a, b, n); break;
    case I_MAX: rowMax(shape, dst, a, b, n); break;
    case I_MIN: rowMin(shape, dst, a, b, n); break;
    case POW: rowPow(shape, dst, a, b, n); break;
    case AND: rowAnd(shape, dst, a, b, n); break;
    default: rowOr(shape, dst, a, b, n);
  }
}

/** Units `task·UNITS_PER_TASK ...` (chunks of CHUNK elements of one row) of `out = op(a, b)`. */
export function binaryExtraTask(desc: usize, task: i32, scratch: usize): void {
  const op = word(desc, OP);
  const shift: usize = op == AND || op == OR ? 0 : 2;
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
    applyRow(op, shape, out + (<usize>o << shift), a + (<usize>ai << shift), b + (<usize>bi << shift), len);
    if (++part < chunksPerRow) continue;
    part = 0;
    row++;
    const moved = nextRow(desc, w);
    aRow += <i32>(moved >> 32);
    bRow += <i32>moved;
  }
}
