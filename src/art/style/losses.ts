/**
 * The losses of optimisation-based style transfer: Gram-matrix style loss, feature (content) loss and
 * total variation, each a plain function of tensors so that tests and other tasks can use them alone.
 * @module
 */
import { add, matmul, mean, mul, relu, reshape, slice, square, sub, sum } from '../../ops/index.js';
import type { Tensor } from '../../tensor/tensor.js';

/**
 * The Gram matrix `Fᵀ·F / (h·w)` of feature maps `[1, h, w, c]`: the `[c, c]` channel correlations,
 * which keep a texture's statistics and drop where things are. With a `mask` `[1, h, w, 1]`, only the
 * masked pixels count (features are weighted by the mask, and the sum is divided by its total).
 */
export function gramMatrix(features: Tensor, mask?: Tensor): Tensor {
  const [, h, w, c] = features.shape as [number, number, number, number];
  let f = reshape(features, [h * w, c]);
  let count = h * w;
  if (mask) {
    f = mul(f, reshape(mask, [h * w, 1]));
    count = Math.max(1e-6, sum(mask).item());
  }
  return mul(matmul(f, f, { transposeA: true }), 1 / count);
}

/** The style loss of one layer: `Σ (G − T)²` between a Gram matrix and its target (as texture_reference.py). */
export function gramLoss(gram: Tensor, target: Tensor): Tensor {
  return sum(square(sub(gram, target)));
}

/** The content loss of one layer: the mean squared difference of feature maps. */
export function contentLoss(features: Tensor, target: Tensor): Tensor {
  return mean(square(sub(features, target)));
}

/**
 * Total variation of an image `[1, h, w, c]`: the mean squared difference of vertically and
 * horizontally neighbouring pixels. Penalising it removes high-frequency speckle.
 */
export function totalVariationLoss(image: Tensor): Tensor {
  const [, h, w, c] = image.shape as [number, number, number, number];
  const down = sub(slice(image, [0, 1, 0, 0], [1, h - 1, w, c]), slice(image, [0, 0, 0, 0], [1, h - 1, w, c]));
  const right = sub(slice(image, [0, 0, 1, 0], [1, h, w - 1, c]), slice(image, [0, 0, 0, 0], [1, h, w - 1, c]));
  return add(mean(square(down)), mean(square(right)));
}

/** The mean squared distance of pixel values outside [0, 1] (0 inside): keeps an optimised image displayable. */
export function rangePenalty(image: Tensor): Tensor {
  return mean(add(square(relu(sub(image, 1))), square(relu(mul(image, -1)))));
}
