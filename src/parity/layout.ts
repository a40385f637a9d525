/**
 * Conversions between PyTorch's layouts (in fixtures) and atelier's (NHWC activations, HWIO filters,
 * `[in, out]` dense and recurrent kernels).
 * @module
 */
import { tensor } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { transpose } from '../ops/shape-ops.js';
import type { FixtureTensor } from './fixture.js';

/**
 * How a fixture tensor maps onto ours:
 * - `plain`: identical;
 * - `nchw`: a 4-D activation, NCHW there, NHWC here;
 * - `oihw`: a convolution weight `[out, in, kh, kw]` there, HWIO `[kh, kw, in, out]` here (the same
 *   permutation turns a transposed-convolution weight `[in, out, kh, kw]` into our `[kh, kw, out, in]`);
 * - `matrix`: a dense or recurrent weight `[out, in]` there, `[in, out]` here.
 */
export type Layout = 'plain' | 'nchw' | 'oihw' | 'matrix';

const toOurs: Record<Layout, number[] | null> = { plain: null, nchw: [0, 2, 3, 1], oihw: [2, 3, 1, 0], matrix: [1, 0] };
const toTorch: Record<Layout, number[] | null> = { plain: null, nchw: [0, 3, 1, 2], oihw: [3, 2, 0, 1], matrix: [1, 0] };

/** Builds an engine tensor in our layout from a fixture tensor in PyTorch's layout. */
export function fromFixture(t: FixtureTensor, layout: Layout = 'plain', dtype: 'float32' | 'int32' = 'float32'): Tensor {
  const raw = tensor(t.data, t.shape, dtype);
  const perm = t.shape.length === 4 || layout === 'matrix' ? toOurs[layout] : null;
  return perm ? transpose(raw, perm) : raw;
}

/** Converts an engine tensor in our layout back to PyTorch's layout for comparison. */
export function toTorchLayout(t: Tensor, layout: Layout = 'plain'): Tensor {
  const perm = t.rank === 4 || layout === 'matrix' ? toTorch[layout] : null;
  return perm ? transpose(t, perm) : t;
}
