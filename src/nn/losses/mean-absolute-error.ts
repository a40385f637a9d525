/**
 * Mean absolute error.
 * @module
 */
import { abs, sub } from '../../ops/index.js';
import type { Tensor } from '../../tensor/tensor.js';
import { alignTargets, meanPerSample } from './common.js';
import type { Loss } from './loss.js';
import { reduceLoss } from './reduce.js';

/** `mean(|yPred − yTrue|)` over each sample's elements (Keras' `mean_absolute_error`, alias `mae`). */
export class MeanAbsoluteError implements Loss {
  readonly name = 'mean_absolute_error';

  perSample(yTrue: Tensor, yPred: Tensor): Tensor {
    const target = alignTargets(this.name, yTrue, yPred);
    return meanPerSample(abs(sub(yPred, target)));
  }

  getConfig(): Record<string, unknown> {
    return {};
  }
}

/** Mean absolute error over the batch, as a scalar. */
export function meanAbsoluteError(yTrue: Tensor, yPred: Tensor): Tensor {
  return reduceLoss(new MeanAbsoluteError().perSample(yTrue, yPred));
}
