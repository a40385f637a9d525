/**
 * The metric interface the training loop relies on.
 * @module
 */
import type { Tensor } from '../../tensor/tensor.js';

/**
 * A streaming metric: accumulates over the batches of an epoch, then reports one number.
 * `fit` resets it at the start of every epoch and of every evaluation.
 */
export interface Metric {
  /** Name shown in logs and history, e.g. `accuracy`. */
  readonly name: string;
  /** Accumulates one batch. */
  update(yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor): void;
  /** The value over everything accumulated since the last reset. */
  result(): number;
  /** Forgets everything accumulated. */
  reset(): void;
}
