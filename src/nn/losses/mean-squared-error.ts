/**
 * Mean squared error.
 * @module
 */
import { squaredDifference } from '../../ops/index.js';
import type { Tensor } from '../../tensor/tensor.js';
import { alignTargets, meanPerSample } from './common.js';
import type { Loss } from './loss.js';
import { reduceLoss } from './reduce.js';

/**
 * `mean((yPred − yTrue)²)` over each sample's elements (Keras' `mean_squared_error`, alias `mse`).
 * @example model.compile({ loss: new MeanSquaredError(), optimizer: 'adam' })
 */
export class MeanSquaredError implements Loss {
  readonly name = 'mean_squared_error';

  perSample(yTrue: Tensor, yPred: Tensor): Tensor {
    const target = alignTargets(this.name, yTrue, yPred);
    return meanPerSample(squaredDifference(yPred, target));
  }

  getConfig(): Record<string, unknown> {
    return {};
  }
}

/** Mean squared error over the batch, as a scalar: for custom training loops. */
export function meanSquaredError(yTrue: Tensor, yPred: Tensor): Tensor {
  return reduceLoss(new MeanSquaredError().perSample(yTrue, yPred));
}
