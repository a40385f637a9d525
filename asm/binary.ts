/**
 * Broadcasting binary float32 kernels, on the shared broadcast walk (asm/broadcast-walk.ts): the
 * TypeScript side coalesces the output shape and both operands' broadcast strides (same-shape
 * becomes one dimension, a bias add two, an NHWC per-(image, channel) statistic three); each row is
 * a vector or a scalar per operand, cut into chunks so that even a single row spreads over threads.
 */

// Op codes, mirrored in src/backend/wasm/elementwise.ts.
const ADD = 0, SUB = 1, MUL = 2, DIV = 3, MINIMUM = 4, MAXIMUM = 5, SQUARED_DIFFERENCE = 6;
const RELU_GRAD = 7, SIGMOID_GRAD = 8, TANH_GRAD = 9, GELU_GRAD = 10;
import { A, B, OP, OUT, Walk, nextRow, walkStart, word } from './broadcast-walk';
import { erf4 } from './special-math';
import { exp4 } from './vector-math';

/** dy·(Φ(x) + x·φ(x)), the derivative of the exact (erf) GELU times dy. */
@inline function geluGrad4(dy: v128, x: v128): v128 {
  const cdf = f32x4.mul(f32x4.add(erf4(f32x4.mul(x, f32x4.splat(<f32>Math.SQRT1_2))), f32x4.splat(1)), f32x4.splat(0.5));
  // x·φ(x) vanishes for |x| > 20 (also at ±Infinity, where the product would be NaN); the exponent is
  // clamped because exp4 of a huge negative argument is not 0.
  const pdf = f32x4.mul(exp4(f32x4.max(f32x4.mul(f32x4.mul(x, x), f32x4.splat(-0.5)), f32x4.splat(-87))), f32x4.splat(<f32>0.3989422804014327));
  const tail = v128.and(f32x4.mul(x, pdf), f32x4.lt(f32x4.abs(x), f32x4.splat(20)));
  return f32x4.mul(dy, f32x4.add(cdf, tail));
}

@inline function applyV(op: i32, x: v128, y: v128): v128 {
  switch (op) {
    case ADD: return f32x4.add(x, y);
    case SUB: return f32x4.sub(x, y);
    case MUL: return f32x4.mul(x, y);
    case DIV: return f32x4.div(x, y);
    case MINIMUM: return f32x4.min(x, y);
    case MAXIMUM: return f32x4.max(x, y);
    case SQUARED_DIFFERENCE: {
      const d = f32x4.sub(x, y);
      return f32x4.mul(d, d);
    }
    // x = dy, y = the relu input: 0 where y <= 0, else dy (NaN included, as PyTorch).
    case RELU_GRAD: return v128.andnot(x, f32x4.le(y, f32x4.splat(0)));
    case SIGMOID_GRAD: return f32x4.mul(f32x4.mul(x, y), f32x4.sub(f32x4.splat(1), y));
    case GELU_GRAD: return geluGrad4(x, y);
    default: return f32x4.mul(x, f32x4.sub(f32x4.splat(1), f32x4.mul(y, y))); // TANH_GRAD
  }
}

@inline function applyS(op: i32, x: f32, y: f32): f32 {
  switch (op) {
    case ADD: return x + y;
    case SUB: return x - y;
    case MUL: return x * y;
    case DIV: return x / y;
    case MINIMUM: return min<f32>(x, y);
    case MAXIMUM: return max<f32>(x, y);
    case SQUARED_DIFFERENCE: return (x - y) * (x - y);
    case RELU_GRAD: return y <= 0 ? 0 : x;
    case SIGMOID_GRAD: return x * y * (1 - y);
    case GELU_GRAD: return f32x4.extract_lane(geluGrad4(f32x4.splat(x), f32x4.splat(y)), 0);
    default: return x * (1 - y * y); // TANH_GRAD
  }
}

@inline function loopVV(op: i32, dst: usize, a: usize, b: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const off = <usize>i << 2;
    v128.store(dst + off, applyV(op, v128.load(a + off), v128.load(b + off)));
  }
  for (; i < n; i++) {
    const off = <usize>i << 2;
    store<f32>(dst + off, applyS(op, load<f32>(a + off), load<f32>(b + off)));
  }
}

@inline function loopVS(op: i32, dst: usize, a: usize, s: f32, n: i32): void {
  const sv = f32x4.splat(s);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const off = <usize>i << 2;
    v128.store(dst + off, applyV(op, v128.load(a + off), sv));
  }
  for (; i < n; i++) {
    const off = <usize>i << 2;
    store<f32>(dst + off, applyS(op, load<f32>(a + off), s));
  }
}

@inline function loopSV(op: i32, dst: usize, s: f32, b: usize, n: i32): void {
  const sv = f32x4.splat(s);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const off = <usize>i << 2;
    v128.store(dst + off, applyV(op, sv, v128.load(b + off)));
  }
  for (; i < n; i++) {
    const off = <usize>i << 2;
    store<f32>(dst + off, applyS(op, s, load<f32>(b + off)));
  }
}

// Row shapes: vector-vector, vector-scalar, scalar-vector.
const VV = 0, VS = 1, SV = 2;

@inline function row(op: i32, shape: i32, dst: usize, a: usize, b: usize, s: f32, n: i32): void {
  if (shape == VV) loopVV(op, dst, a, b, n);
  else if (shape == VS) loopVS(op, dst, a, s, n);
  else loopSV(op, dst, s, b, n);
}

// One function per op, each with the op as a literal: binaryen then folds the op switch away inside
// the loops. (Selecting among inlined copies in one function does not work: binaryen merges the
// identical copies back into one loop that dispatches on the op for every vector.) Functions with
// loops are not inlined back by binaryen.
function rowAdd(shape: i32, dst: usize, a: usize, b: usize, s: f32, n: i32): void { row(ADD, shape, dst, a, b, s, n); }
function rowSub(shape: i32, dst: usize, a: usize, b: usize, s: f32, n: i32): void { row(SUB, shape, dst, a, b, s, n); }
function rowMul(shape: i32, dst: usize, a: usize, b: usize, s: f32, n: i32): void { row(MUL, shape, dst, a, b, s, n); }
function rowDiv(shape: i32, dst: usize, a: usize, b: usize, s: f32, n: i32): void { row(DIV, shape, dst, a, b, s, n); }
function rowMinimum(shape: i32, dst: usize, a: usize, b: usize, s: f32, n: i32): void { row(MINIMUM, shape, dst, a, b, s, n); }
function rowMaximum(shape: i32, dst: usize, a: usize, b: usize, s: f32, n: i32): void { row(MAXIMUM, shape, dst, a, b, s, n); }
function rowSquaredDifference(shape: i32, dst: usize, a: usize, b: usize, s: f32, n: i32): void { row(SQUARED_DIFFERENCE, shape, dst, a, b, s, n); }
function rowReluGrad(shape: i32, dst: usize, a: usize, b: usize, s: f32, n: i32): void { row(RELU_GRAD, shape, dst, a, b, s, n); }
function rowSigmoidGrad(shape: i32, dst: usize, a: usize, b: usize, s: f32, n: i32): void { row(SIGMOID_GRAD, shape, dst, a, b, s, n); }
function rowTanhGrad(shape: i32, dst: usize, a: usize, b: usize, s: f32, n: i32): void { row(TANH_GRAD, shape, dst, a, b, s, n); }
function rowGeluGrad(shape: i32, dst: usize, a: usize, b: usize, s: f32, n: i32): void { row(GELU_GRAD, shape, dst, a, b, s, n); }

/** Applies `op` to one row; `s` is the scalar operand of the VS and SV shapes. */
function applyRow(op: i32, shape: i32, dst: usize, a: usize, b: usize, s: f32, n: i32): void {
  switch (op) {
    case ADD: rowAdd(shape, dst, a, b, s, n); break;
    case SUB: rowSub(shape, dst, a, b, s, n); break;
    case MUL: rowMul(shape, dst, a, b, s, n); break;
    case DIV: rowDiv(shape, dst, a, b, s, n); break;
    case MINIMUM: rowMinimum(shape, dst, a, b, s, n); break;
    case MAXIMUM: rowMaximum(shape, dst, a, b, s, n); break;
    case SQUARED_DIFFERENCE: rowSquaredDifference(shape, dst, a, b, s, n); break;
    case RELU_GRAD: rowReluGrad(shape, dst, a, b, s, n); break;
    case SIGMOID_GRAD: rowSigmoidGrad(shape, dst, a, b, s, n); break;
    case GELU_GRAD: rowGeluGrad(shape, dst, a, b, s, n); break;
    default: rowTanhGrad(shape, dst, a, b, s, n);
  }
}

/**
 * Units `task·UNITS_PER_TASK ...` of `out = op(a, b)`. A unit is a chunk of CHUNK elements of one
 * row (rows are the last dimension; rows shorter than CHUNK are one unit).
 */
export function binaryTask(desc: usize, task: i32, scratch: usize): void {
  const op = word(desc, OP);
  const a = <usize>word(desc, A), b = <usize>word(desc, B), out = <usize>word(desc, OUT);
  const w = changetype<Walk>(scratch);
  const units = walkStart(desc, task, w);
  const inner = w.inner, chunk = w.chunk, chunksPerRow = w.chunksPerRow, aStep = w.aStep, bStep = w.bStep;
  let row = w.row, part = w.part, aRow = w.aRow, bRow = w.bRow;
  const shape = aStep == 1 && bStep == 1 ? VV : aStep == 1 ? VS : bStep == 1 ? SV : -1;
  for (let unit = 0; unit < units; unit++) {
    const from = part * chunk;
    const len = min(chunk, inner - from);
    const o = row * inner + from, ai = aRow + from * aStep, bi = bRow + from * bStep;
    const dst = out + (<usize>o << 2);
    const ap = a + (<usize>ai << 2), bp = b + (<usize>bi << 2);
    if (shape == VV) applyRow(op, VV, dst, ap, bp, 0, len);
    else if (shape == VS) applyRow(op, VS, dst, ap, 0, load<f32>(bp), len);
    else if (shape == SV) applyRow(op, SV, dst, 0, bp, load<f32>(ap), len);
    else {
      const v = applyS(op, load<f32>(ap), load<f32>(bp));
      for (let k = 0; k < len; k++) store<f32>(dst + (<usize>k << 2), v);
    }
    if (++part < chunksPerRow) continue;
    part = 0;
    row++;
    const moved = nextRow(desc, w);
    aRow += <i32>(moved >> 32);
    bRow += <i32>moved;
  }
}
