/**
 * Broadcasting arithmetic: add, sub, mul, div, pow, minimum, maximum, mod, floorDiv,
 * squaredDifference, and `neg`.
 * @module
 */
import type { BinaryOp } from '../backend/kernels.js';
import { record } from '../autograd/tape.js';
import { promoteTypes, type DType } from '../tensor/dtype.js';
import { broadcastShapes } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { asTensor, compute, type TensorOrNumber } from './util.js';
import { sumToShape } from './shape-ops.js';
import { cast } from './cast.js';
import { select, greater, less, equal } from './compare.js';
import { log } from './math.js';

/**
 * Coerces two operands to tensors of one promoted dtype (a plain number adopts the tensor's dtype when it fits),
 * at least `minimum`. Arithmetic passes `'int32'`: bool storage holds only 0 and 1, so `true + true` is the
 * int32 2 (as `sum` of bools is), never a bool.
 */
export function coerceOperands(op: string, a: TensorOrNumber, b: TensorOrNumber, minimum?: DType): [Tensor, Tensor] {
  const typeOf = (v: TensorOrNumber): DType => (typeof v === 'number' ? (Number.isInteger(v) ? 'int32' : 'float32') : v.dtype);
  // A plain number is int32 when integral, else float32, then promoted with the other operand (bool < int32 < float32).
  let dtype = promoteTypes(typeOf(a), typeOf(b));
  if (minimum) dtype = promoteTypes(dtype, minimum);
  const ta = cast(asTensor(op, 'a', a, dtype), dtype);
  const tb = cast(asTensor(op, 'b', b, dtype), dtype);
  return [ta, tb];
}

/** Runs a broadcasting binary kernel on already-coerced operands. */
export function binaryKernel(op: BinaryOp, a: Tensor, b: Tensor, outDType: DType = a.dtype): Tensor {
  const shape = broadcastShapes(op, a.shape, b.shape);
  return compute(shape, outDType, (k, o) => k.binary(op, a.values, a.shape, b.values, b.shape, o.values, shape), true);
}

/** `a + b`, broadcast. Bool operands count as int32 (`true + true` is 2). */
export function add(a: TensorOrNumber, b: TensorOrNumber): Tensor {
  const [x, y] = coerceOperands('add', a, b, 'int32');
  const out = binaryKernel('add', x, y);
  return record('add', [x, y], out, (dy) => [sumToShape(dy, x.shape), sumToShape(dy, y.shape)]);
}

/** `a - b`, broadcast. */
export function sub(a: TensorOrNumber, b: TensorOrNumber): Tensor {
  const [x, y] = coerceOperands('sub', a, b, 'int32');
  const out = binaryKernel('sub', x, y);
  return record('sub', [x, y], out, (dy) => [sumToShape(dy, x.shape), sumToShape(neg(dy), y.shape)]);
}

/** `a * b`, elementwise and broadcast (see {@link matmul} for the matrix product). */
export function mul(a: TensorOrNumber, b: TensorOrNumber): Tensor {
  const [x, y] = coerceOperands('mul', a, b, 'int32');
  const out = binaryKernel('mul', x, y);
  return record('mul', [x, y], out, (dy) => [sumToShape(mul(dy, y), x.shape), sumToShape(mul(dy, x), y.shape)]);
}

/** `a / b`, broadcast; always float32 (true division, as NumPy's `/`). */
export function div(a: TensorOrNumber, b: TensorOrNumber): Tensor {
  const [x, y] = coerceOperands('div', a, b, 'float32');
  const out = binaryKernel('div', x, y);
  return record('div', [x, y], out, (dy) => [
    sumToShape(div(dy, y), x.shape),
    sumToShape(neg(div(mul(dy, out), y)), y.shape),
  ]);
}

/** `a ** b`, broadcast. The gradient with respect to `b` uses `log(a)` and is taken as 0 where `a <= 0`. */
export function pow(a: TensorOrNumber, b: TensorOrNumber): Tensor {
  const [x, y] = coerceOperands('pow', a, b, 'int32');
  const out = binaryKernel('pow', x, y);
  return record('pow', [x, y], out, (dy) => {
    const dx = mul(dy, mul(y, binaryKernel('pow', x, sub(y, 1))));
    const positive = greater(x, 0);
    const safeLog = log(select(positive, x, 1));
    const dyExp = select(positive, mul(dy, mul(out, safeLog)), 0);
    return [sumToShape(dx, x.shape), sumToShape(dyExp, y.shape)];
  });
}

/** `-x` (bool negates to int32). */
export function neg(x: TensorOrNumber): Tensor {
  const given = asTensor('neg', 'x', x);
  // -true is the int32 -1: bool storage cannot hold it.
  const t = given.dtype === 'bool' ? cast(given, 'int32') : given;
  const out = compute(t.shape, t.dtype, (b, o) => b.unary('neg', t.values, o.values), true);
  return record('neg', [t], out, (dy) => [neg(dy)]);
}

function minMax(op: 'minimum' | 'maximum', a: TensorOrNumber, b: TensorOrNumber): Tensor {
  const [x, y] = coerceOperands(op, a, b);
  const out = binaryKernel(op, x, y);
  return record(op, [x, y], out, (dy) => {
    // PyTorch's rule: each side gets dy unless it lost; ties send half to each side. With a NaN
    // nobody loses (every comparison is false), so both sides get the whole dy.
    const xLoses = cast(op === 'maximum' ? less(x, y) : greater(x, y), 'float32');
    const yLoses = cast(op === 'maximum' ? greater(x, y) : less(x, y), 'float32');
    const halfTies = mul(cast(equal(x, y), 'float32'), 0.5);
    const toX = sub(sub(1, xLoses), halfTies);
    const toY = sub(sub(1, yLoses), halfTies);
    return [sumToShape(mul(dy, toX), x.shape), sumToShape(mul(dy, toY), y.shape)];
  });
}

/** Elementwise minimum, broadcast (NaN wins; at a NaN both operands receive the whole gradient, as PyTorch). */
export function minimum(a: TensorOrNumber, b: TensorOrNumber): Tensor {
  return minMax('minimum', a, b);
}

/** Elementwise maximum, broadcast (NaN wins; at a NaN both operands receive the whole gradient, as PyTorch). */
export function maximum(a: TensorOrNumber, b: TensorOrNumber): Tensor {
  return minMax('maximum', a, b);
}

/** Python-style modulo (the sign of the divisor), broadcast. Not differentiable. */
export function mod(a: TensorOrNumber, b: TensorOrNumber): Tensor {
  const [x, y] = coerceOperands('mod', a, b, 'int32');
  return binaryKernel('mod', x, y);
}

/** `floor(a / b)`, broadcast. Not differentiable. */
export function floorDiv(a: TensorOrNumber, b: TensorOrNumber): Tensor {
  const [x, y] = coerceOperands('floorDiv', a, b, 'int32');
  return binaryKernel('floorDiv', x, y);
}

/** `(a - b)²`, broadcast, in one kernel. */
export function squaredDifference(a: TensorOrNumber, b: TensorOrNumber): Tensor {
  const [x, y] = coerceOperands('squaredDifference', a, b, 'int32');
  const out = binaryKernel('squaredDifference', x, y);
  return record('squaredDifference', [x, y], out, (dy) => {
    const g = mul(dy, mul(sub(x, y), 2));
    return [sumToShape(g, x.shape), sumToShape(neg(g), y.shape)];
  });
}
