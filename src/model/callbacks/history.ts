/**
 * The record of a training run that `fit` returns.
 * @module
 */
import { Callback, type Logs } from './callback.js';
import type { NonFiniteReport } from '../training/non-finite.js';

/**
 * Per-epoch logs of a `fit` run: `history.history.loss[i]` is the mean loss of epoch
 * `history.epoch[i]`. Added by `fit` automatically and returned by it.
 */
export class History extends Callback {
  /** Epoch indices, in order. */
  epoch: number[] = [];
  /** One list of values per log key (`loss`, `accuracy`, `val_loss`...). */
  history: Record<string, number[]> = {};
  /** Batches whose loss or gradients were NaN or infinite, with the diagnosis `fit` printed. */
  nonFinite: NonFiniteReport[] = [];

  override onEpochEnd(epoch: number, logs: Logs): void {
    this.epoch.push(epoch);
    for (const [key, value] of Object.entries(logs)) {
      // Keys first seen late (e.g. learning_rate) are padded so lists stay aligned with `epoch`.
      const list = (this.history[key] ??= new Array<number>(this.epoch.length - 1).fill(NaN));
      list.push(value);
    }
  }
}
