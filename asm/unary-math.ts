/**
 * Elementwise float32 functions beyond asm/unary.ts, four lanes at a time: log, log1p, expm1, erf,
 * gelu, softplus, elu, sin, cos, sign, the float32 -> bool tests isNaN and isFinite, and
 * logicalNot on bool bytes.
 * sin/cos inputs beyond TRIG_LIMIT (finite) set the descriptor's FLAG word so the caller can use
 * the reference kernel instead (their reduction by π/2 would need more bits of π).
 */
import { exp4, expm14, log1p4, log4 } from './vector-math';
import { erf4, gelu4, sinCos4, TRIG_LIMIT } from './special-math';

// Op codes, mirrored in src/backend/wasm/unary-math.ts.
const LOG = 0, LOG1P = 1, EXPM1 = 2, ERF = 3, GELU = 4, SOFTPLUS = 5, ELU = 6, SIN = 7, COS = 8, SIGN = 9;
const IS_NAN = 10, IS_FINITE = 11, LOGICAL_NOT = 12;
// Descriptor words: op, x, out, n, elements per task, alpha (f32), flag.
const OP = 0, X = 1, OUT = 2, N = 3, PER_TASK = 4, ALPHA = 5, FLAG = 6;

@inline function apply(op: i32, x: v128, alpha: v128): v128 {
  switch (op) {
    case LOG: return log4(x);
    case LOG1P: return log1p4(x);
    case EXPM1: return expm14(x);
    case ERF: return erf4(x);
    case GELU: return gelu4(x);
    case SOFTPLUS: {
      // max(x, 0) + log1p(e^−|x|); NaN: the first term is 0, the second NaN.
      const positive = v128.and(x, f32x4.gt(x, f32x4.splat(0)));
      return f32x4.add(positive, log1p4(exp4(f32x4.neg(f32x4.abs(x)))));
    }
    case ELU: return v128.bitselect(x, f32x4.mul(alpha, expm14(x)), f32x4.gt(x, f32x4.splat(0)));
    case SIN: return sinCos4(x, false);
    case COS: return sinCos4(x, true);
    default: { // SIGN: ±1, 0 for ±0, NaN kept
      const one = f32x4.splat(1.0);
      const r = v128.or(v128.and(one, f32x4.gt(x, f32x4.splat(0))), v128.and(f32x4.neg(one), f32x4.lt(x, f32x4.splat(0))));
      return v128.bitselect(x, r, f32x4.ne(x, x));
    }
  }
}

/** Lanes with TRIG_LIMIT < |x| < Inf, as a mask. */
@inline function outOfRange(x: v128): v128 {
  const ax = f32x4.abs(x);
  return v128.and(f32x4.gt(ax, f32x4.splat(TRIG_LIMIT)), f32x4.lt(ax, f32x4.splat(Infinity)));
}

@inline function loadTail(src: usize, count: i32): v128 {
  let v = f32x4.replace_lane(f32x4.splat(0), 0, load<f32>(src));
  if (count > 1) v = f32x4.replace_lane(v, 1, load<f32>(src, 4));
  if (count > 2) v = f32x4.replace_lane(v, 2, load<f32>(src, 8));
  return v;
}

/** out = op(x) over n floats; returns true when a sin/cos input was out of range. */
@inline function loop(op: i32, dst: usize, src: usize, n: i32, alpha: v128): bool {
  const trig = op == SIN || op == COS;
  let bad = i32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const off = <usize>i << 2;
    const x = v128.load(src + off);
    if (trig) bad = v128.or(bad, outOfRange(x));
    v128.store(dst + off, apply(op, x, alpha));
  }
  if (i < n) {
    // The tail goes through a vector too, so it gets exactly the same function.
    const off = <usize>i << 2;
    const count = n - i;
    const x = loadTail(src + off, count);
    if (trig) bad = v128.or(bad, outOfRange(x));
    const v = apply(op, x, alpha);
    store<f32>(dst + off, f32x4.extract_lane(v, 0));
    if (count > 1) store<f32>(dst + off + 4, f32x4.extract_lane(v, 1));
    if (count > 2) store<f32>(dst + off + 8, f32x4.extract_lane(v, 2));
  }
  return v128.any_true(bad);
}

/** Four lane masks (all ones or zero) as four 0/1 bytes in one i32. */
@inline function maskBytes(mask: v128): i32 {
  const narrow = i8x16.narrow_i16x8_s(i16x8.narrow_i32x4_s(mask, mask), mask);
  return i32x4.extract_lane(v128.and(narrow, i8x16.splat(1)), 0);
}

@inline function testLoop(isNaNTest: bool, dst: usize, src: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const x = v128.load(src + (<usize>i << 2));
    const mask = isNaNTest ? f32x4.ne(x, x) : f32x4.lt(f32x4.abs(x), f32x4.splat(Infinity));
    store<i32>(dst + <usize>i, maskBytes(mask));
  }
  for (; i < n; i++) {
    const x = load<f32>(src + (<usize>i << 2));
    store<u8>(dst + <usize>i, <u8>(isNaNTest ? isNaN(x) : isFinite(x)));
  }
}

/** out = x ? 0 : 1 over n bool bytes, 16 per vector. */
function logicalNotLoop(dst: usize, src: usize, n: i32): void {
  const zero = i8x16.splat(0), one = i8x16.splat(1);
  let i = 0;
  for (; i + 16 <= n; i += 16) v128.store(dst + <usize>i, v128.and(i8x16.eq(v128.load(src + <usize>i), zero), one));
  for (; i < n; i++) store<u8>(dst + <usize>i, <u8>(load<u8>(src + <usize>i) == 0));
}

// One function per op with the op as a literal (see asm/binary.ts for why).
function logLoop(d: usize, s: usize, n: i32, a: v128): bool { return loop(LOG, d, s, n, a); }
function log1pLoop(d: usize, s: usize, n: i32, a: v128): bool { return loop(LOG1P, d, s, n, a); }
function expm1Loop(d: usize, s: usize, n: i32, a: v128): bool { return loop(EXPM1, d, s, n, a); }
function erfLoop(d: usize, s: usize, n: i32, a: v128): bool { return loop(ERF, d, s, n, a); }
function geluLoop(d: usize, s: usize, n: i32, a: v128): bool { return loop(GELU, d, s, n, a); }
function softplusLoop(d: usize, s: usize, n: i32, a: v128): bool { return loop(SOFTPLUS, d, s, n, a); }
function eluLoop(d: usize, s: usize, n: i32, a: v128): bool { return loop(ELU, d, s, n, a); }
function sinLoop(d: usize, s: usize, n: i32, a: v128): bool { return loop(SIN, d, s, n, a); }
function cosLoop(d: usize, s: usize, n: i32, a: v128): bool { return loop(COS, d, s, n, a); }
function signLoop(d: usize, s: usize, n: i32, a: v128): bool { return loop(SIGN, d, s, n, a); }
function isNaNLoop(d: usize, s: usize, n: i32): void { testLoop(true, d, s, n); }
function isFiniteLoop(d: usize, s: usize, n: i32): void { testLoop(false, d, s, n); }

@inline function word(desc: usize, index: i32): i32 {
  return load<i32>(desc + (<usize>index << 2));
}

/** Elements `task·PER_TASK ...` of `out = op(x)`. */
export function unaryMathTask(desc: usize, task: i32, scratch: usize): void {
  const op = word(desc, OP), n = word(desc, N), perTask = word(desc, PER_TASK);
  const begin = task * perTask;
  const count = min(n, begin + perTask) - begin;
  if (op == LOGICAL_NOT) {
    logicalNotLoop(<usize>word(desc, OUT) + <usize>begin, <usize>word(desc, X) + <usize>begin, count);
    return;
  }
  const src = <usize>word(desc, X) + (<usize>begin << 2);
  if (op == IS_NAN || op == IS_FINITE) {
    const dst = <usize>word(desc, OUT) + <usize>begin;
    if (op == IS_NAN) isNaNLoop(dst, src, count);
    else isFiniteLoop(dst, src, count);
    return;
  }
  const dst = <usize>word(desc, OUT) + (<usize>begin << 2);
  const alpha = f32x4.splat(load<f32>(desc + (<usize>ALPHA << 2)));
  let bad = false;
  switch (op) {
    case LOG: logLoop(dst, src, count, alpha); break;
    case LOG1P: log1pLoop(dst, src, count, alpha); break;
    case EXPM1: expm1Loop(dst, src, count, alpha); break;
    case ERF: erfLoop(dst, src, count, alpha); break;
    case GELU: geluLoop(dst, src, count, alpha); break;
    case SOFTPLUS: softplusLoop(dst, src, count, alpha); break;
    case ELU: eluLoop(dst, src, count, alpha); break;
    case SIN: bad = sinLoop(dst, src, count, alpha); break;
    case COS: bad = cosLoop(dst, src, count, alpha); break;
    default: signLoop(dst, src, count, alpha);
  }
  // Several tasks may set the flag; they all write the same value, and the caller reads it after the job.
  if (bad) store<i32>(desc + (<usize>FLAG << 2), 1);
}
