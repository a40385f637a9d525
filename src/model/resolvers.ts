/**
 * Turning compile identifiers (names, saved configs, instances) into losses, metrics and
 * optimizers, through the registries of `nn`.
 * @module
 */
import { getLoss, serializeLoss as serializeNnLoss, type Loss, type LossConfig } from '../nn/losses/index.js';
import { getMetric, type Metric } from '../nn/metrics/index.js';
import { getOptimizer, type Optimizer, type OptimizerIdentifier } from '../nn/optimizers/index.js';

export type { LossConfig };

/** Resolves a loss: a Keras name (`'mse'`), a saved `{ className, config }`, or an instance. */
export function resolveLoss(id: string | Loss | LossConfig): Loss {
  return getLoss(id);
}

/** The saved form of a loss (`{ className, config }`), which {@link resolveLoss} restores. */
export function serializeLoss(loss: Loss): LossConfig {
  return serializeNnLoss(loss);
}

/** Resolves a metric for an output trained with `loss` (`'accuracy'` depends on the loss, as in Keras). */
export function resolveMetric(id: string | Metric, loss: Loss): Metric {
  return getMetric(id, loss);
}

/** Resolves an optimizer: a name (`'adam'`), a saved `{ className, config }`, or an instance. */
export function resolveOptimizer(id: string | Optimizer | OptimizerIdentifier): Optimizer {
  return getOptimizer(id);
}
