/**
 * Dispatch for elementwise unary kernels.
 * @module
 */
import type { UnaryOp, UnaryParams } from '../backend/kernels.js';
import type { DType } from '../tensor/dtype.js';
import type { Tensor } from '../tensor/tensor.js';
import { assertFloatTensor, assertTensor, compute } from './util.js';

/** Runs unary kernel `op` on `x`. Float-only ops check the dtype; `outDType` defaults to the input's. */
export function unaryKernel(op: UnaryOp, x: Tensor, params?: UnaryParams, options: { floatOnly?: boolean; outDType?: DType } = {}): Tensor {
  assertTensor(op, 'x', x);
  if (options.floatOnly ?? true) assertFloatTensor(op, 'x', x);
  return compute(x.shape, options.outDType ?? x.dtype, (b, o) => b.unary(op, x.values, o.values, params), true);
}
