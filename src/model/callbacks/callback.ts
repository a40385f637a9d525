/**
 * The callback protocol of `fit`: hooks called at the start and end of training, of every epoch and
 * of every batch. Hooks may be async; `fit` awaits them.
 * @module
 */
import type { Model } from '../model.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { NonFiniteReport } from '../training/non-finite.js';

/** Values reported to callbacks: loss and metrics (`loss`, `accuracy`, `val_loss`...). */
export type Logs = Record<string, number>;

/**
 * What a callback must remember to continue a run exactly after an interruption: JSON values
 * (non-finite numbers are allowed; they are stored as strings) and, optionally, tensors (the best
 * weights of `EarlyStopping`). Written into training checkpoints by `TrainingCheckpoint`.
 */
export interface CallbackState {
  /** Scalars and strings, by name (counters, best values so far). */
  readonly values: Readonly<Record<string, number | string | boolean | null>>;
  /** Tensors to keep with them (saved in `callbacks.safetensors`). */
  readonly tensors?: readonly Tensor[];
}

/** What `fit` tells callbacks about the run. */
export interface TrainingParams {
  /** Index one past the last epoch (`fit`'s `epochs`). */
  epochs: number;
  /** The first epoch (`fit`'s `initialEpoch`). */
  initialEpoch: number;
  /** Batches per epoch, when known. */
  steps: number | null;
  /** Training samples, when known. */
  samples: number | null;
  /** 0 silent, 1 progress bar, 2 one line per epoch. */
  verbose: 0 | 1 | 2;
}

/**
 * Base class of callbacks: override the hooks you need. `this.model` is the model being trained
 * (set `this.model.stopTraining = true` to end training after the current batch).
 *
 * @example
 * class PrintLoss extends Callback {
 *   override onEpochEnd(epoch: number, logs: Logs) { console.log(epoch, logs.loss); }
 * }
 */
export abstract class Callback {
  /** The model being trained (set by `fit` before `onTrainBegin`). */
  model: Model | null = null;
  /** The run's parameters (set by `fit` before `onTrainBegin`). */
  params: TrainingParams = { epochs: 0, initialEpoch: 0, steps: null, samples: null, verbose: 0 };

  /** Called by `fit` before training starts. */
  setModel(model: Model): void {
    this.model = model;
  }

  /** Called by `fit` before training starts. */
  setParams(params: TrainingParams): void {
    this.params = params;
  }

  onTrainBegin(_logs: Logs): void | Promise<void> {}
  onTrainEnd(_logs: Logs): void | Promise<void> {}
  onEpochBegin(_epoch: number, _logs: Logs): void | Promise<void> {}
  /** `logs` holds the epoch's mean loss, metrics, and validation values (`val_loss`...). Callbacks may add entries. */
  onEpochEnd(_epoch: number, _logs: Logs): void | Promise<void> {}
  onBatchBegin(_batch: number, _logs: Logs): void | Promise<void> {}
  /** `logs` holds running means over the epoch so far. */
  onBatchEnd(_batch: number, _logs: Logs): void | Promise<void> {}
  /**
   * Called instead of {@link onTrainEnd} when `fit` fails with an error, so that callbacks can release
   * what they hold (the progress bar stops redrawing). Must not throw.
   */
  onTrainError(_error: unknown): void {}
  /**
   * Called when a batch's loss or gradients were not finite (before `onBatchEnd`); `report.action`
   * says whether training stops (the epoch then ends early, and its logs cover only the good batches).
   */
  onNonFinite(_report: NonFiniteReport): void | Promise<void> {}

  /**
   * The progress to keep in a training checkpoint so that a resumed run behaves exactly as an
   * uninterrupted one; undefined (the default) for callbacks with nothing to remember.
   */
  getState(): CallbackState | undefined {
    return undefined;
  }

  /**
   * Restores what {@link getState} returned. Called after `onTrainBegin` of a resumed run (which
   * resets the callback), before its first epoch.
   */
  setState(_state: CallbackState): void {}

  /** The model, or an error naming the callback when it is used outside `fit`. */
  protected requireModel(): Model {
    if (!this.model) throw new Error(`${this.constructor.name}: no model; callbacks are driven by model.fit`);
    return this.model;
  }
}

/** Calls every callback's hook in order, awaiting each. */
export class CallbackList {
  constructor(readonly callbacks: readonly Callback[]) {}

  /** Attaches the model and parameters to every callback. */
  configure(model: Model, params: TrainingParams): void {
    for (const c of this.callbacks) {
      c.setModel(model);
      c.setParams(params);
    }
  }

  async trainBegin(logs: Logs = {}): Promise<void> {
    for (const c of this.callbacks) await c.onTrainBegin(logs);
  }
  /** Tells every callback that training failed; errors they throw are ignored so the original one surfaces. */
  trainError(error: unknown): void {
    for (const c of this.callbacks) {
      try {
        c.onTrainError(error);
      } catch {
        // The training error matters more than a callback's trouble cleaning up.
      }
    }
  }
  async trainEnd(logs: Logs = {}): Promise<void> {
    for (const c of this.callbacks) await c.onTrainEnd(logs);
  }
  async epochBegin(epoch: number, logs: Logs = {}): Promise<void> {
    for (const c of this.callbacks) await c.onEpochBegin(epoch, logs);
  }
  async epochEnd(epoch: number, logs: Logs): Promise<void> {
    for (const c of this.callbacks) await c.onEpochEnd(epoch, logs);
  }
  async batchBegin(batch: number, logs: Logs): Promise<void> {
    for (const c of this.callbacks) await c.onBatchBegin(batch, logs);
  }
  async batchEnd(batch: number, logs: Logs): Promise<void> {
    for (const c of this.callbacks) await c.onBatchEnd(batch, logs);
  }
  async nonFinite(report: NonFiniteReport): Promise<void> {
    for (const c of this.callbacks) await c.onNonFinite(report);
  }
}
