/**
 * Helpers shared by the op modules: argument coercion and kernel dispatch boilerplate.
 * @module
 */
import { getBackend } from '../backend/registry.js';
import type { AxisView, Backend } from '../backend/kernels.js';
import { ArgumentError, DTypeError } from '../errors.js';
import type { DType } from '../tensor/dtype.js';
import { empty, emptyUninitialized, scalar } from '../tensor/creation.js';
import { normalizeAxis, sizeOf, type Shape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';

/** A tensor or a plain number (broadcast as a scalar of the other operand's dtype). */
export type TensorOrNumber = Tensor | number;

/** Throws a readable error unless `x` is a live tensor. */
export function assertTensor(op: string, arg: string, x: unknown): asserts x is Tensor {
  if (!x || (x as { isTensor?: unknown }).isTensor !== true) {
    throw new ArgumentError(`${op}: ${arg} must be a Tensor, got ${x === null ? 'null' : typeof x}`);
  }
}

/** Turns a number into a scalar tensor of `dtype`; checks tensors. */
export function asTensor(op: string, arg: string, x: TensorOrNumber, dtype: DType = 'float32'): Tensor {
  if (typeof x === 'number') return scalar(x, dtype);
  assertTensor(op, arg, x);
  return x;
}

/** Throws a {@link DTypeError} unless `x` is float32. */
export function assertFloatTensor(op: string, arg: string, x: Tensor): void {
  if (x.dtype !== 'float32') throw new DTypeError(`${op}: ${arg} has dtype ${x.dtype}, expected float32 (use cast(${arg}, 'float32'))`);
}

/**
 * Allocates an output tensor and runs `kernel(backend, out)` to fill it. With `overwrites`, the
 * kernel writes every output element (elementwise, matmul, conv2d, softmax, reductions), so the
 * storage comes from `allocUninitialized` when the backend has it and skips the zero fill.
 */
export function compute(shape: Shape, dtype: DType, kernel: (backend: Backend, out: Tensor) => void, overwrites = false): Tensor {
  const out = overwrites ? emptyUninitialized(shape, dtype) : empty(shape, dtype);
  kernel(getBackend(), out);
  return out;
}

/** Validates a shape-like list of integers given as an argument. */
export function assertIntegers(op: string, arg: string, values: readonly number[], min = -Infinity): void {
  for (const v of values) {
    if (!Number.isInteger(v) || v < min) {
      throw new ArgumentError(`${op}: ${arg} must hold integers${min > -Infinity ? ` >= ${min}` : ''}, got [${values.join(',')}]`);
    }
  }
}

/**
 * Resolves `axis` (negative counts from the end) of a tensor of `shape` and views the tensor as
 * `[outer, size, inner]` around it, the layout axis-wise kernels work on.
 */
export function axisView(op: string, shape: Shape, axis: number): { axis: number; view: AxisView } {
  const a = normalizeAxis(op, axis, shape.length);
  return { axis: a, view: { outer: sizeOf(shape.slice(0, a)), size: shape[a] ?? 1, inner: sizeOf(shape.slice(a + 1)) } };
}

export { Tensor };
