/**
 * Broadcasting binary float32 kernels. The TypeScript side coalesces the output shape and both
 * operands' broadcast strides into at most MAX_RANK dimensions (same-shape becomes one dimension,
 * a bias add two, an NHWC per-(image, channel) statistic three); the last dimension is the row,
 * where each operand has stride 1 (a vector) or 0 (a scalar for the whole row). Long rows are cut
 * into chunks so that even a single row spreads over threads.
 */

// Op codes, mirrored in src/backend/wasm/elementwise.ts.
const ADD = 0, SUB = 1, MUL = 2, DIV = 3, MINIMUM = 4, MAXIMUM = 5, SQUARED_DIFFERENCE = 6;
const RELU_GRAD = 7, SIGMOID_GRAD = 8, TANH_GRAD = 9;
// Descriptor words: op, pointers, rank, chunking, then dims, a strides, b strides (MAX_RANK each).
const OP = 0, A = 1, B = 2, OUT = 3, RANK = 4, CHUNK = 5, UNITS_PER_TASK = 6, DIMS = 8, A_STRIDES = 14, B_STRIDES = 20;
const MAX_RANK = 6;

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

@inline function dim(desc: usize, table: i32, d: i32): i32 {
  return load<i32>(desc + (<usize>(table + d) << 2));
}

/**
 * Units `task·UNITS_PER_TASK ...` of `out = op(a, b)`. A unit is a chunk of CHUNK elements of one
 * row (rows are the last dimension; rows shorter than CHUNK are one unit).
 */
export function binaryTask(desc: usize, task: i32, scratch: usize): void {
  const op = word(desc, OP), rank = word(desc, RANK), chunk = word(desc, CHUNK);
  const a = <usize>word(desc, A), b = <usize>word(desc, B), out = <usize>word(desc, OUT);
  const last = rank - 1;
  const inner = dim(desc, DIMS, last);
  const aStep = dim(desc, A_STRIDES, last), bStep = dim(desc, B_STRIDES, last);
  const shape = aStep == 1 && bStep == 1 ? VV : aStep == 1 ? VS : bStep == 1 ? SV : -1;
  const chunksPerRow = (inner + chunk - 1) / chunk;
  let rows = 1;
  for (let d = 0; d < last; d++) rows *= dim(desc, DIMS, d);
  const perTask = word(desc, UNITS_PER_TASK);
  const begin = task * perTask;
  const end = min(rows * chunksPerRow, begin + perTask);
  if (begin >= end) return;
  // Offsets of the first row of this task; later rows step like an odometer (index in scratch).
  let row = begin / chunksPerRow, part = begin % chunksPerRow;
  let aOff = 0, bOff = 0, rest = row;
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
    const dst = out + (<usize>(row * inner + from) << 2);
    const ap = a + (<usize>(aOff + from * aStep) << 2), bp = b + (<usize>(bOff + from * bStep) << 2);
    if (shape == VV) applyRow(op, VV, dst, ap, bp, 0, len);
    else if (shape == VS) applyRow(op, VS, dst, ap, 0, load<f32>(bp), len);
    else if (shape == SV) applyRow(op, SV, dst, 0, bp, load<f32>(ap), len);
    else {
      const v = applyS(op, load<f32>(ap), load<f32>(bp));
      for (let i = 0; i < len; i++) store<f32>(dst + (<usize>i << 2), v);
    }
    if (++part < chunksPerRow) continue;
    part = 0;
    row++;
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
