/**
 * Parity runners for losses. PyTorch's `reduction: 'sum'` is our mean times the number of terms.
 * @module
 */
import { binaryCrossentropy, meanSquaredError, sparseCategoricalCrossentropy } from '../../nn/losses/index.js';
import { mul } from '../../ops/index.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { OpRunner } from '../op-runner.js';

function reduced(mean: Tensor, terms: number, attrs: Record<string, unknown>): Tensor {
  const reduction = attrs.reduction ?? 'mean';
  if (reduction === 'mean') return mean;
  if (reduction === 'sum') return mul(mean, terms);
  throw new Error(`reduction ${JSON.stringify(reduction)} is not supported (mean or sum)`);
}

/** Runners keyed by PyTorch op name. */
export const lossRunners: Record<string, OpRunner> = {
  sparse_categorical_crossentropy: {
    forward: ({ logits }, attrs, labels) => {
      if (!labels) throw new Error('the case has no labels');
      const fromLogits = (attrs.from_logits as boolean | undefined) ?? true;
      return reduced(sparseCategoricalCrossentropy(labels, logits!, { fromLogits }), logits!.shape[0]!, attrs);
    },
  },
  mse: { forward: ({ pred, target }, attrs) => reduced(meanSquaredError(target!, pred!), pred!.size, attrs) },
  binary_crossentropy: {
    forward: ({ logits, target }, attrs) => {
      const fromLogits = (attrs.from_logits as boolean | undefined) ?? true;
      return reduced(binaryCrossentropy(target!, logits!, { fromLogits }), logits!.size, attrs);
    },
  },
};
