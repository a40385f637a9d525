/**
 * Reference layout kernels: transpose.
 * @module
 */
import type { TypedArray } from '../../tensor/dtype.js';
import { stridesOf, type Shape } from '../../tensor/shape.js';

/** Permutes axes of `x` (shape `shape`) into `out` (shape `perm.map(i => shape[i])`). */
export function transpose(x: TypedArray, shape: Shape, perm: readonly number[], out: TypedArray): void {
  const inStrides = stridesOf(shape);
  const outShape = perm.map((p) => shape[p]!);
  // Walk the output in order; the input offset follows the permuted strides.
  const permutedStrides = perm.map((p) => inStrides[p]!);
  const rank = outShape.length;
  const index = new Int32Array(rank);
  let offset = 0;
  for (let i = 0; i < out.length; i++) {
    out[i] = x[offset]!;
    for (let axis = rank - 1; axis >= 0; axis--) {
      index[axis]!++;
      offset += permutedStrides[axis]!;
      if (index[axis]! < outShape[axis]!) break;
      offset -= permutedStrides[axis]! * outShape[axis]!;
      index[axis] = 0;
    }
  }
}
