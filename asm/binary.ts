/**
 * Broadcasting binary float32 kernels. The TypeScript side views the output as `[outer, inner]`
 * rows and each operand as FULL (same shape), ROW (one row repeated: broadcast over leading axes),
 * COL (one value per row: broadcast over trailing axes) or SCALAR, which covers same-shape, scalar,
 * bias-add and per-row normalisation patterns; anything else uses the reference kernel.
 */

// Op codes, mirrored in src/backend/wasm/elementwise.ts.
const ADD = 0, SUB = 1, MUL = 2, DIV = 3, MINIMUM = 4, MAXIMUM = 5, SQUARED_DIFFERENCE = 6;
const RELU_GRAD = 7, SIGMOID_GRAD = 8, TANH_GRAD = 9;
// Operand kinds.
const FULL = 0, ROW = 1, COL = 2;
// Descriptor words.
const OP = 0, A = 1, B = 2, OUT = 3, A_KIND = 4, B_KIND = 5, OUTER = 6, INNER = 7, TOTAL = 8, ROWS_PER_TASK = 9;

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
    // x = dy, y = the relu input: dy where y > 0 (false for NaN), else 0.
    case RELU_GRAD: return v128.and(x, f32x4.gt(y, f32x4.splat(0)));
    case SIGMOID_GRAD: return f32x4.mul(f32x4.mul(x, y), f32x4.sub(f32x4.splat(1), y));
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
    case RELU_GRAD: return y > 0 ? x : 0;
    case SIGMOID_GRAD: return x * y * (1 - y);
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
    default: rowTanhGrad(shape, dst, a, b, s, n);
  }
}

@inline function word(desc: usize, index: i32): i32 {
  return load<i32>(desc + (<usize>index << 2));
}

/** Rows `task·ROWS_PER_TASK ...` of `out = op(a, b)`; the last row may be short (TOTAL elements in all). */
export function binaryTask(desc: usize, task: i32, scratch: usize): void {
  const op = word(desc, OP), aKind = word(desc, A_KIND), bKind = word(desc, B_KIND);
  const a = <usize>word(desc, A), b = <usize>word(desc, B), out = <usize>word(desc, OUT);
  const inner = word(desc, INNER), total = word(desc, TOTAL), perTask = word(desc, ROWS_PER_TASK);
  const begin = task * perTask;
  const end = min(word(desc, OUTER), begin + perTask);
  const aVector = aKind == FULL || aKind == ROW, bVector = bKind == FULL || bKind == ROW;
  for (let o = begin; o < end; o++) {
    const rowStart = o * inner;
    const len = min(inner, total - rowStart);
    const rowOffset = <usize>rowStart << 2;
    const dst = out + rowOffset;
    const ap = aKind == FULL ? a + rowOffset : a;
    const bp = bKind == FULL ? b + rowOffset : b;
    const as = aKind == COL ? load<f32>(a + (<usize>o << 2)) : load<f32>(a);
    const bs = bKind == COL ? load<f32>(b + (<usize>o << 2)) : load<f32>(b);
    if (aVector && bVector) applyRow(op, VV, dst, ap, bp, 0, len);
    else if (aVector) applyRow(op, VS, dst, ap, 0, bs, len);
    else if (bVector) applyRow(op, SV, dst, 0, bp, as, len);
    else {
      const v = applyS(op, as, bs);
      for (let i = 0; i < len; i++) store<f32>(dst + (<usize>i << 2), v);
    }
  }
}
