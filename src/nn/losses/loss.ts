/**
 * The loss interface the training loop relies on.
 * @module
 */
import type { Tensor } from '../../tensor/tensor.js';

/**
 * A loss: compares targets with predictions. `perSample` returns one value per sample (shape
 * `[batch]`); {@link reduceLoss} averages it (optionally weighted) into the scalar that is minimised.
 * Argument order follows Keras: `(yTrue, yPred)`.
 */
export interface Loss {
  /** Registered name, e.g. `sparse_categorical_crossentropy`. */
  readonly name: string;
  /** Per-sample loss values, shape `[batch]`. */
  perSample(yTrue: Tensor, yPred: Tensor): Tensor;
  /** Options that recreate it, for saving. */
  getConfig(): Record<string, unknown>;
}
