/**
 * Stopping training when a monitored quantity stops improving.
 * @module
 */
import type { Tensor } from '../../tensor/tensor.js';
import { ArgumentError } from '../../errors.js';
import { Callback, type CallbackState, type Logs } from './callback.js';
import { isImprovement, readMonitor, resolveMode, worstValue, type MonitorMode } from './monitor.js';

/** Options of {@link EarlyStopping}. */
export interface EarlyStoppingOptions {
  /** Quantity to watch (default `val_loss`). */
  monitor?: string;
  /** Smallest change that counts as an improvement (default 0). */
  minDelta?: number;
  /** Epochs without improvement before stopping (default 0). */
  patience?: number;
  /** Direction of improvement (default `auto`: from the name). */
  mode?: MonitorMode;
  /** Value the monitored quantity must beat; patience only resets once it does. */
  baseline?: number;
  /** When stopping, restore the weights of the best epoch (default false). */
  restoreBestWeights?: boolean;
  /** Epochs to wait before watching at all (warm-up; default 0). */
  startFromEpoch?: number;
  /** Print a line when stopping (default 0: silent). */
  verbose?: 0 | 1;
}

/**
 * Stops `fit` when `monitor` has not improved for `patience` epochs, as Keras' EarlyStopping does.
 *
 * @example
 * await model.fit(x, y, { validationSplit: 0.2, epochs: 100,
 *   callbacks: [new EarlyStopping({ monitor: 'val_loss', patience: 3, restoreBestWeights: true })] });
 */
export class EarlyStopping extends Callback {
  readonly monitor: string;
  readonly mode: 'min' | 'max';
  private readonly minDelta: number;
  private readonly patience: number;
  private readonly baseline: number | undefined;
  private readonly restoreBestWeights: boolean;
  private readonly startFromEpoch: number;
  private readonly verbose: 0 | 1;
  private wait = 0;
  private best = Infinity;
  private bestWeights: Tensor[] | null = null;
  /** Epoch at which training was stopped (0 when it ran to the end). */
  stoppedEpoch = 0;
  /** Epoch whose value was best. */
  bestEpoch = 0;

  constructor(options: EarlyStoppingOptions = {}) {
    super();
    this.monitor = options.monitor ?? 'val_loss';
    this.mode = resolveMode(options.mode ?? 'auto', this.monitor, 'EarlyStopping');
    this.minDelta = Math.abs(options.minDelta ?? 0);
    this.patience = options.patience ?? 0;
    if (!Number.isInteger(this.patience) || this.patience < 0) throw new ArgumentError(`EarlyStopping: patience must be a non-negative integer, got ${options.patience}`);
    this.baseline = options.baseline;
    this.restoreBestWeights = options.restoreBestWeights ?? false;
    this.startFromEpoch = options.startFromEpoch ?? 0;
    this.verbose = options.verbose ?? 0;
  }

  override onTrainBegin(): void {
    this.wait = 0;
    this.stoppedEpoch = 0;
    this.best = worstValue(this.mode);
    this.bestWeights = null;
    this.bestEpoch = 0;
  }

  override onEpochEnd(epoch: number, logs: Logs): void {
    if (epoch < this.startFromEpoch) return;
    const current = readMonitor(logs, this.monitor, 'EarlyStopping');
    const model = this.requireModel();
    if (this.restoreBestWeights && this.bestWeights === null) this.bestWeights = model.getWeights();
    this.wait++;
    if (isImprovement(current, this.best, this.mode, this.minDelta)) {
      this.best = current;
      this.bestEpoch = epoch;
      if (this.restoreBestWeights) this.bestWeights = model.getWeights();
      if (this.baseline === undefined || isImprovement(current, this.baseline, this.mode, this.minDelta)) this.wait = 0;
      return;
    }
    if (this.wait >= this.patience && epoch > 0) {
      this.stoppedEpoch = epoch;
      model.stopTraining = true;
      if (this.restoreBestWeights && this.bestWeights) {
        model.setWeights(this.bestWeights);
        if (this.verbose) console.log(`EarlyStopping: restoring the weights of epoch ${this.bestEpoch + 1} (${this.monitor} ${this.best.toFixed(4)})`);
      }
    }
  }

  override getState(): CallbackState {
    const values = { wait: this.wait, best: this.best, bestEpoch: this.bestEpoch, stoppedEpoch: this.stoppedEpoch };
    return this.bestWeights ? { values, tensors: this.bestWeights } : { values };
  }

  override setState(state: CallbackState): void {
    const v = state.values;
    this.wait = Number(v.wait);
    this.best = Number(v.best);
    this.bestEpoch = Number(v.bestEpoch);
    this.stoppedEpoch = Number(v.stoppedEpoch);
    this.bestWeights = state.tensors && state.tensors.length > 0 ? [...state.tensors] : null;
  }

  override onTrainEnd(): void {
    if (this.stoppedEpoch > 0 && this.verbose) console.log(`EarlyStopping: stopped after epoch ${this.stoppedEpoch + 1}`);
    this.bestWeights = null;
  }
}
