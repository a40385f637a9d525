/**
 * Saving the model during training.
 * @module
 */
import { ArgumentError } from '../../errors.js';
import type { SnapshotFiles } from '../../io/snapshots.js';
import { Callback, type CallbackState, type Logs } from './callback.js';
import { isImprovement, readMonitor, resolveMode, worstValue, type MonitorMode } from './monitor.js';

/** Options of {@link ModelCheckpoint}. */
export interface ModelCheckpointOptions {
  /** Quantity compared by `saveBestOnly` (default `val_loss`). */
  monitor?: string;
  /** Only save when `monitor` improves on the best value so far (default false: save every epoch). */
  saveBestOnly?: boolean;
  mode?: MonitorMode;
  /** Include the optimizer state so training can resume exactly (default true). */
  includeOptimizer?: boolean;
  /** Print a line on every save (default 0). */
  verbose?: 0 | 1;
  /**
   * More files to save in the same snapshot as the model (a task's class names and settings), made
   * for the epoch being saved: they become visible together with its weights.
   */
  files?: (epoch: number, logs: Logs) => SnapshotFiles;
}

/**
 * Fills `{epoch}` (1-based, as Keras), `{epoch:03d}` and `{key}` / `{key:.4f}` for any log key
 * in a checkpoint path template.
 * @example formatCheckpointPath('ckpt/{epoch:02d}-{val_loss:.2f}', 4, { val_loss: 0.1234 }) // 'ckpt/05-0.12'
 */
export function formatCheckpointPath(template: string, epoch: number, logs: Logs): string {
  return template.replace(/\{([a-zA-Z_][\w]*)(?::([^}]*))?\}/g, (match, key: string, spec: string | undefined) => {
    const value = key === 'epoch' ? epoch + 1 : logs[key];
    if (value === undefined) throw new ArgumentError(`ModelCheckpoint: path template ${template} uses {${key}}, which is not in the logs (available: epoch, ${Object.keys(logs).join(', ')})`);
    if (!spec) return String(value);
    const fixed = /^\.(\d+)f$/.exec(spec);
    if (fixed) return value.toFixed(Number(fixed[1]));
    const padded = /^0(\d+)d$/.exec(spec);
    if (padded) return String(Math.trunc(value)).padStart(Number(padded[1]), '0');
    throw new ArgumentError(`ModelCheckpoint: unsupported format '${match}' in ${template}; use {key}, {key:.4f} or {key:03d}`);
  });
}

/**
 * Saves the model (`model.save`: a snapshot made visible all at once) at the end of every epoch, or only
 * when `monitor` improves with `saveBestOnly`. The path may contain `{epoch}` and log keys.
 *
 * @example new ModelCheckpoint('runs/best', { monitor: 'val_accuracy', saveBestOnly: true })
 */
export class ModelCheckpoint extends Callback {
  readonly monitor: string;
  private readonly mode: 'min' | 'max';
  private readonly saveBestOnly: boolean;
  private readonly includeOptimizer: boolean;
  private readonly verbose: 0 | 1;
  private readonly files: ModelCheckpointOptions['files'];
  private best = Infinity;
  /** Paths written so far, in order. */
  readonly saved: string[] = [];

  constructor(
    readonly filepath: string,
    options: ModelCheckpointOptions = {},
  ) {
    super();
    if (typeof filepath !== 'string' || filepath.length === 0) throw new ArgumentError('ModelCheckpoint: filepath must be a non-empty string');
    this.monitor = options.monitor ?? 'val_loss';
    this.mode = resolveMode(options.mode ?? 'auto', this.monitor, 'ModelCheckpoint');
    this.saveBestOnly = options.saveBestOnly ?? false;
    this.includeOptimizer = options.includeOptimizer ?? true;
    this.verbose = options.verbose ?? 0;
    this.files = options.files;
  }

  override onTrainBegin(): void {
    this.best = worstValue(this.mode);
  }

  override getState(): CallbackState {
    return { values: { best: this.best } };
  }

  override setState(state: CallbackState): void {
    this.best = Number(state.values.best);
  }

  override onEpochEnd(epoch: number, logs: Logs): void {
    const path = formatCheckpointPath(this.filepath, epoch, logs);
    if (this.saveBestOnly) {
      const current = readMonitor(logs, this.monitor, 'ModelCheckpoint');
      if (!isImprovement(current, this.best, this.mode, 0)) return;
      if (this.verbose) console.log(`Epoch ${epoch + 1}: ${this.monitor} improved from ${this.best.toFixed(5)} to ${current.toFixed(5)}, saving model to ${path}`);
      this.best = current;
    } else if (this.verbose) {
      console.log(`Epoch ${epoch + 1}: saving model to ${path}`);
    }
    this.requireModel().save(path, { includeOptimizer: this.includeOptimizer, ...(this.files ? { files: this.files(epoch, logs) } : {}) });
    this.saved.push(path);
  }
}
