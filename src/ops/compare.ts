/**
 * Comparisons and logic (bool results, no gradient) and `select`/`where`.
 * @module
 */
import type { BinaryOp } from '../backend/kernels.js';
import { DTypeError } from '../errors.js';
import { record } from '../autograd/tape.js';
import { broadcastShapes } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { assertTensor, compute, type TensorOrNumber } from './util.js';
import { binaryKernel, coerceOperands } from './arithmetic.js';
import { sumToShape } from './shape-ops.js';
import { unaryKernel } from './unary-kernel.js';
import { zerosLike } from '../tensor/creation.js';

function compare(op: BinaryOp, a: TensorOrNumber, b: TensorOrNumber): Tensor {
  const [x, y] = coerceOperands(op, a, b);
  return binaryKernel(op, x, y, 'bool');
}

/** `a == b` elementwise (bool). */
export function equal(a: TensorOrNumber, b: TensorOrNumber): Tensor {
  return compare('equal', a, b);
}
/** `a != b` elementwise (bool). */
export function notEqual(a: TensorOrNumber, b: TensorOrNumber): Tensor {
  return compare('notEqual', a, b);
}
/** `a < b` elementwise (bool). */
export function less(a: TensorOrNumber, b: TensorOrNumber): Tensor {
  return compare('less', a, b);
}
/** `a <= b` elementwise (bool). */
export function lessEqual(a: TensorOrNumber, b: TensorOrNumber): Tensor {
  return compare('lessEqual', a, b);
}
/** `a > b` elementwise (bool). */
export function greater(a: TensorOrNumber, b: TensorOrNumber): Tensor {
  return compare('greater', a, b);
}
/** `a >= b` elementwise (bool). */
export function greaterEqual(a: TensorOrNumber, b: TensorOrNumber): Tensor {
  return compare('greaterEqual', a, b);
}

function assertBool(op: string, arg: string, t: Tensor): void {
  if (t.dtype !== 'bool') throw new DTypeError(`${op}: ${arg} has dtype ${t.dtype}, expected bool (compare first, e.g. greater(x, 0))`);
}

/** Logical and of two bool tensors, broadcast. */
export function logicalAnd(a: Tensor, b: Tensor): Tensor {
  assertBool('logicalAnd', 'a', a);
  assertBool('logicalAnd', 'b', b);
  return binaryKernel('logicalAnd', a, b, 'bool');
}
/** Logical or of two bool tensors, broadcast. */
export function logicalOr(a: Tensor, b: Tensor): Tensor {
  assertBool('logicalOr', 'a', a);
  assertBool('logicalOr', 'b', b);
  return binaryKernel('logicalOr', a, b, 'bool');
}
/** Logical not of a bool tensor. */
export function logicalNot(x: Tensor): Tensor {
  assertBool('logicalNot', 'x', x);
  return unaryKernel('logicalNot', x, undefined, { floatOnly: false });
}

/**
 * Picks `a` where `condition` is true and `b` elsewhere; all three broadcast together.
 * Gradients flow to the branch that was picked.
 * @example where(greater(x, 0), x, 0)   // relu
 */
export function select(condition: Tensor, a: TensorOrNumber, b: TensorOrNumber): Tensor {
  assertTensor('where', 'condition', condition);
  assertBool('where', 'condition', condition);
  const [x, y] = coerceOperands('where', a, b);
  const shape = broadcastShapes('where', broadcastShapes('where', condition.shape, x.shape), y.shape);
  const out = compute(shape, x.dtype, (k, o) =>
    k.select(condition.values as Uint8Array, condition.shape, x.values, x.shape, y.values, y.shape, o.values, shape),
  );
  return record('where', [x, y], out, (dy) => {
    const zero = zerosLike(dy);
    return [sumToShape(select(condition, dy, zero), x.shape), sumToShape(select(condition, zero, dy), y.shape)];
  });
}

/** Alias of {@link select}, by NumPy's name. */
export const where = select;
