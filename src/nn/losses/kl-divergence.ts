/**
 * Kullback–Leibler divergence.
 * @module
 */
import { clip, div, log, mul, sum } from '../../ops/index.js';
import type { Tensor } from '../../tensor/tensor.js';
import { EPSILON } from './binary-crossentropy.js';
import { alignTargets, meanPerSample } from './common.js';
import type { Loss } from './loss.js';
import { reduceLoss } from './reduce.js';

/**
 * `Σ y·log(y / p)` over the last axis, with both clipped to `[1e-7, 1]` as Keras' `kl_divergence`
 * (alias `kld`) does; averaged over any other non-batch axes.
 */
export class KLDivergence implements Loss {
  readonly name = 'kl_divergence';

  perSample(yTrue: Tensor, yPred: Tensor): Tensor {
    const target = clip(alignTargets(this.name, yTrue, yPred), EPSILON, 1);
    const predicted = clip(yPred, EPSILON, 1);
    const terms = mul(target, log(div(target, predicted)));
    return meanPerSample(yPred.rank >= 2 ? sum(terms, -1) : terms);
  }

  getConfig(): Record<string, unknown> {
    return {};
  }
}

/** KL divergence over the batch, as a scalar. */
export function klDivergence(yTrue: Tensor, yPred: Tensor): Tensor {
  return reduceLoss(new KLDivergence().perSample(yTrue, yPred));
}
