/**
 * Elementwise float32 functions of one argument, four lanes at a time. Ops without a vector form
 * here (sin, erf, gelu, log...) use the reference kernels.
 */
import { exp4, sigmoid4, tanh4 } from './vector-math';

// Op codes, mirrored in src/backend/wasm/elementwise.ts.
const NEG = 0, ABS = 1, SQUARE = 2, SQRT = 3, RSQRT = 4, RECIPROCAL = 5, FLOOR = 6, CEIL = 7, ROUND = 8;
const RELU = 9, LEAKY_RELU = 10, CLIP = 11, EXP = 12, SIGMOID = 13, TANH = 14;
// Descriptor words: op, x, out, n, elements per task, then f32 parameters alpha, min, max.
const OP = 0, X = 1, OUT = 2, N = 3, PER_TASK = 4, ALPHA = 5, MIN = 6, MAX = 7;

@inline function apply(op: i32, x: v128, alpha: v128, lo: v128, hi: v128): v128 {
  switch (op) {
    case NEG: return f32x4.neg(x);
    case ABS: return f32x4.abs(x);
    case SQUARE: return f32x4.mul(x, x);
    case SQRT: return f32x4.sqrt(x);
    case RSQRT: return f32x4.div(f32x4.splat(1), f32x4.sqrt(x));
    case RECIPROCAL: return f32x4.div(f32x4.splat(1), x);
    case FLOOR: return f32x4.floor(x);
    case CEIL: return f32x4.ceil(x);
    case ROUND: return f32x4.nearest(x); // ties to even, like NumPy
    // x < 0 ? 0 : x, as the reference: NaN and −0 pass (as PyTorch); one compare and one andnot.
    case RELU: return v128.andnot(x, f32x4.lt(x, f32x4.splat(0)));
    case LEAKY_RELU: return v128.bitselect(x, f32x4.mul(x, alpha), f32x4.gt(x, f32x4.splat(0)));
    // pmax(x, lo) = x < lo ? lo : x and pmin(x, hi) = hi < x ? hi : x: the reference's comparisons, NaN kept.
    case CLIP: return f32x4.pmin(f32x4.pmax(x, lo), hi);
    case EXP: return exp4(x);
    case SIGMOID: return sigmoid4(x);
    default: return tanh4(x); // TANH
  }
}

@inline function loop(op: i32, dst: usize, src: usize, n: i32, alpha: v128, lo: v128, hi: v128): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const off = <usize>i << 2;
    v128.store(dst + off, apply(op, v128.load(src + off), alpha, lo, hi));
  }
  if (i < n) {
    // The tail goes through a vector too, so it gets exactly the same function.
    const off = <usize>i << 2;
    const count = n - i;
    let v = f32x4.replace_lane(f32x4.splat(0), 0, load<f32>(src + off));
    if (count > 1) v = f32x4.replace_lane(v, 1, load<f32>(src + off, 4));
    if (count > 2) v = f32x4.replace_lane(v, 2, load<f32>(src + off, 8));
    storeTail(dst + off, apply(op, v, alpha, lo, hi), count);
  }
}

@inline function storeTail(dst: usize, v: v128, count: i32): void {
  store<f32>(dst, f32x4.extract_lane(v, 0));
  if (count > 1) store<f32>(dst + 4, f32x4.extract_lane(v, 1));
  if (count > 2) store<f32>(dst + 8, f32x4.extract_lane(v, 2));
}

@inline function word(desc: usize, index: i32): i32 {
  return load<i32>(desc + (<usize>index << 2));
}

// One function per op with the op as a literal, so the op switch folds away inside each loop (see
// asm/binary.ts for why selecting among inlined copies in one function does not work).
function negLoop(d: usize, s: usize, n: i32, a: v128, lo: v128, hi: v128): void { loop(NEG, d, s, n, a, lo, hi); }
function absLoop(d: usize, s: usize, n: i32, a: v128, lo: v128, hi: v128): void { loop(ABS, d, s, n, a, lo, hi); }
function squareLoop(d: usize, s: usize, n: i32, a: v128, lo: v128, hi: v128): void { loop(SQUARE, d, s, n, a, lo, hi); }
function sqrtLoop(d: usize, s: usize, n: i32, a: v128, lo: v128, hi: v128): void { loop(SQRT, d, s, n, a, lo, hi); }
function rsqrtLoop(d: usize, s: usize, n: i32, a: v128, lo: v128, hi: v128): void { loop(RSQRT, d, s, n, a, lo, hi); }
function reciprocalLoop(d: usize, s: usize, n: i32, a: v128, lo: v128, hi: v128): void { loop(RECIPROCAL, d, s, n, a, lo, hi); }
function floorLoop(d: usize, s: usize, n: i32, a: v128, lo: v128, hi: v128): void { loop(FLOOR, d, s, n, a, lo, hi); }
function ceilLoop(d: usize, s: usize, n: i32, a: v128, lo: v128, hi: v128): void { loop(CEIL, d, s, n, a, lo, hi); }
function roundLoop(d: usize, s: usize, n: i32, a: v128, lo: v128, hi: v128): void { loop(ROUND, d, s, n, a, lo, hi); }
function reluLoop(d: usize, s: usize, n: i32, a: v128, lo: v128, hi: v128): void { loop(RELU, d, s, n, a, lo, hi); }
function leakyReluLoop(d: usize, s: usize, n: i32, a: v128, lo: v128, hi: v128): void { loop(LEAKY_RELU, d, s, n, a, lo, hi); }
function clipLoop(d: usize, s: usize, n: i32, a: v128, lo: v128, hi: v128): void { loop(CLIP, d, s, n, a, lo, hi); }
function expLoop(d: usize, s: usize, n: i32, a: v128, lo: v128, hi: v128): void { loop(EXP, d, s, n, a, lo, hi); }
function sigmoidLoop(d: usize, s: usize, n: i32, a: v128, lo: v128, hi: v128): void { loop(SIGMOID, d, s, n, a, lo, hi); }
function tanhLoop(d: usize, s: usize, n: i32, a: v128, lo: v128, hi: v128): void { loop(TANH, d, s, n, a, lo, hi); }

/** Elements `task·PER_TASK ...` of `out = op(x)`. */
export function unaryTask(desc: usize, task: i32, scratch: usize): void {
  const op = word(desc, OP), n = word(desc, N), perTask = word(desc, PER_TASK);
  const begin = task * perTask;
  const count = min(n, begin + perTask) - begin;
  const offset = <usize>begin << 2;
  const dst = <usize>word(desc, OUT) + offset, src = <usize>word(desc, X) + offset;
  const alpha = f32x4.splat(load<f32>(desc + (<usize>ALPHA << 2)));
  const lo = f32x4.splat(load<f32>(desc + (<usize>MIN << 2)));
  const hi = f32x4.splat(load<f32>(desc + (<usize>MAX << 2)));
  switch (op) {
    case NEG: negLoop(dst, src, count, alpha, lo, hi); break;
    case ABS: absLoop(dst, src, count, alpha, lo, hi); break;
    case SQUARE: squareLoop(dst, src, count, alpha, lo, hi); break;
    case SQRT: sqrtLoop(dst, src, count, alpha, lo, hi); break;
    case RSQRT: rsqrtLoop(dst, src, count, alpha, lo, hi); break;
    case RECIPROCAL: reciprocalLoop(dst, src, count, alpha, lo, hi); break;
    case FLOOR: floorLoop(dst, src, count, alpha, lo, hi); break;
    case CEIL: ceilLoop(dst, src, count, alpha, lo, hi); break;
    case ROUND: roundLoop(dst, src, count, alpha, lo, hi); break;
    case RELU: reluLoop(dst, src, count, alpha, lo, hi); break;
    case LEAKY_RELU: leakyReluLoop(dst, src, count, alpha, lo, hi); break;
    case CLIP: clipLoop(dst, src, count, alpha, lo, hi); break;
    case EXP: expLoop(dst, src, count, alpha, lo, hi); break;
    case SIGMOID: sigmoidLoop(dst, src, count, alpha, lo, hi); break;
    default: tanhLoop(dst, src, count, alpha, lo, hi);
  }
}
