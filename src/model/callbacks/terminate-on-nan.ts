/**
 * Stopping training as soon as the loss becomes NaN or infinite.
 * @module
 */
import { Callback, type Logs } from './callback.js';

/**
 * Stops `fit` after the first batch whose running loss is NaN or infinite, as Keras' TerminateOnNaN
 * does. (`fit`'s own guard, `onNonFinite`, already stops before applying such a batch; this callback
 * is for custom setups and for parity with Keras.)
 */
export class TerminateOnNaN extends Callback {
  /** The batch at which training was terminated, or null. */
  terminatedAt: { epoch: number; batch: number } | null = null;
  private epoch = 0;

  override onEpochBegin(epoch: number): void {
    this.epoch = epoch;
  }

  override onBatchEnd(batch: number, logs: Logs): void {
    const loss = logs.loss;
    if (loss !== undefined && !Number.isFinite(loss)) {
      this.terminatedAt = { epoch: this.epoch, batch };
      if (this.params.verbose > 0) console.warn(`TerminateOnNaN: batch ${batch + 1} of epoch ${this.epoch + 1} has loss ${loss}; terminating training`);
      this.requireModel().stopTraining = true;
    }
  }
}
