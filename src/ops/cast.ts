/**
 * Changing a tensor's dtype.
 * @module
 */
import { DTypeError } from '../errors.js';
import { record } from '../autograd/tape.js';
import { isDType, type DType } from '../tensor/dtype.js';
import type { Tensor } from '../tensor/tensor.js';
import { assertTensor, compute } from './util.js';

/**
 * Converts `x` to `dtype`: float to int32 truncates toward zero, anything to bool tests `!= 0`.
 * Returns `x` itself when it already has that dtype. Gradients pass through float-to-float only.
 */
export function cast(x: Tensor, dtype: DType): Tensor {
  assertTensor('cast', 'x', x);
  if (!isDType(dtype)) throw new DTypeError(`cast: unknown dtype '${String(dtype)}', expected float32, int32 or bool`);
  if (x.dtype === dtype) return x;
  const out = compute(x.shape, dtype, (b, o) => b.cast(x.values, o.values), true);
  return record('cast', [x], out, () => [null]);
}
