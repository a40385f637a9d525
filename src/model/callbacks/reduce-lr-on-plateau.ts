/**
 * Lowering the learning rate when a monitored quantity stops improving.
 * @module
 */
import { ArgumentError } from '../../errors.js';
import { Callback, type CallbackState, type Logs } from './callback.js';
import { isImprovement, readMonitor, resolveMode, worstValue, type MonitorMode } from './monitor.js';

/** Options of {@link ReduceLROnPlateau}. */
export interface ReduceLROnPlateauOptions {
  /** Quantity to watch (default `val_loss`). */
  monitor?: string;
  /** Multiplier applied to the learning rate, in (0, 1) (default 0.1). */
  factor?: number;
  /** Epochs without improvement before reducing (default 10). */
  patience?: number;
  mode?: MonitorMode;
  /** Smallest change that counts as an improvement (default 1e-4). */
  minDelta?: number;
  /** Epochs to wait after a reduction before watching again (default 0). */
  cooldown?: number;
  /** Lower bound of the learning rate (default 0). */
  minLr?: number;
  /** Print a line on every reduction (default 0). */
  verbose?: 0 | 1;
}

/**
 * Multiplies the optimizer's learning rate by `factor` when `monitor` has not improved for
 * `patience` epochs, as Keras' ReduceLROnPlateau does. Adds `learning_rate` to the epoch logs.
 *
 * @example new ReduceLROnPlateau({ monitor: 'val_loss', factor: 0.5, patience: 2, minLr: 1e-5 })
 */
export class ReduceLROnPlateau extends Callback {
  readonly monitor: string;
  private readonly mode: 'min' | 'max';
  private readonly factor: number;
  private readonly patience: number;
  private readonly minDelta: number;
  private readonly cooldown: number;
  private readonly minLr: number;
  private readonly verbose: 0 | 1;
  private best = Infinity;
  private wait = 0;
  private cooldownCounter = 0;

  constructor(options: ReduceLROnPlateauOptions = {}) {
    super();
    this.monitor = options.monitor ?? 'val_loss';
    this.mode = resolveMode(options.mode ?? 'auto', this.monitor, 'ReduceLROnPlateau');
    this.factor = options.factor ?? 0.1;
    if (!(this.factor > 0 && this.factor < 1)) throw new ArgumentError(`ReduceLROnPlateau: factor must be in (0, 1), got ${options.factor}`);
    this.patience = options.patience ?? 10;
    this.minDelta = options.minDelta ?? 1e-4;
    this.cooldown = options.cooldown ?? 0;
    this.minLr = options.minLr ?? 0;
    this.verbose = options.verbose ?? 0;
  }

  override getState(): CallbackState {
    return { values: { best: this.best, wait: this.wait, cooldownCounter: this.cooldownCounter } };
  }

  override setState(state: CallbackState): void {
    this.best = Number(state.values.best);
    this.wait = Number(state.values.wait);
    this.cooldownCounter = Number(state.values.cooldownCounter);
  }

  override onTrainBegin(): void {
    this.best = worstValue(this.mode);
    this.wait = 0;
    this.cooldownCounter = 0;
  }

  override onEpochEnd(epoch: number, logs: Logs): void {
    const optimizer = this.requireModel().compiled?.optimizer;
    if (!optimizer) throw new ArgumentError('ReduceLROnPlateau: the model has no optimizer; compile it first');
    const current = readMonitor(logs, this.monitor, 'ReduceLROnPlateau');
    if (this.cooldownCounter > 0) {
      this.cooldownCounter--;
      this.wait = 0;
    }
    if (isImprovement(current, this.best, this.mode, this.minDelta)) {
      this.best = current;
      this.wait = 0;
    } else if (this.cooldownCounter === 0) {
      this.wait++;
      if (this.wait >= this.patience) {
        const old = optimizer.learningRate;
        if (old > this.minLr) {
          const lr = Math.max(old * this.factor, this.minLr);
          optimizer.setLearningRate(lr);
          if (this.verbose) console.log(`Epoch ${epoch + 1}: ReduceLROnPlateau reducing learning rate to ${lr}.`);
          this.cooldownCounter = this.cooldown;
          this.wait = 0;
        }
      }
    }
    logs.learning_rate = optimizer.learningRate;
  }
}
