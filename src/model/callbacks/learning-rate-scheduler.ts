/**
 * Setting the learning rate from a schedule at the start of every epoch.
 * @module
 */
import { ArgumentError } from '../../errors.js';
import { Callback, type Logs } from './callback.js';

/**
 * Sets the optimizer's learning rate to `schedule(epoch, currentLr)` before every epoch (epochs count
 * from 0) and adds `learning_rate` to the epoch logs.
 *
 * @example new LearningRateScheduler((epoch, lr) => (epoch < 5 ? lr : lr * 0.9))
 */
export class LearningRateScheduler extends Callback {
  constructor(
    private readonly schedule: (epoch: number, lr: number) => number,
    private readonly verbose: 0 | 1 = 0,
  ) {
    super();
    if (typeof schedule !== 'function') throw new ArgumentError(`LearningRateScheduler: schedule must be a function (epoch, lr) => lr, got ${typeof schedule}`);
  }

  override onEpochBegin(epoch: number): void {
    const optimizer = this.optimizer();
    const lr = this.schedule(epoch, optimizer.learningRate);
    if (typeof lr !== 'number' || !Number.isFinite(lr) || lr < 0) {
      throw new ArgumentError(`LearningRateScheduler: the schedule returned ${String(lr)} for epoch ${epoch}; expected a finite non-negative number`);
    }
    optimizer.setLearningRate(lr);
    if (this.verbose) console.log(`Epoch ${epoch + 1}: LearningRateScheduler setting learning rate to ${lr}.`);
  }

  override onEpochEnd(_epoch: number, logs: Logs): void {
    logs.learning_rate = this.optimizer().learningRate;
  }

  private optimizer() {
    const optimizer = this.requireModel().compiled?.optimizer;
    if (!optimizer) throw new ArgumentError('LearningRateScheduler: the model has no optimizer; compile it first');
    return optimizer;
  }
}
