/**
 * Checkpoints of a whole training run, so that an interrupted run continues exactly where it left
 * off: the model and its optimizer state, the epoch, the learning rate, the history so far and the
 * state of the callbacks that steer training (early stopping, best-model checkpoints, plateaus),
 * all in one snapshot (`dir/checkpoint-<n>/`) that becomes visible at once.
 * @module
 */
import { join } from '../../host/node-path.js';
import { readFileSync } from '../../host/node-fs.js';
import { ArgumentError } from '../../errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import { FileFormatError } from '../../io/file-format-error.js';
import { encodeSafetensors, readSafetensors } from '../../io/safetensors.js';
import { latestSnapshot, snapshotFileEntries, type Snapshot, type SnapshotFiles } from '../../io/snapshots.js';
import { loadModel, type LoadOptions } from '../load-model.js';
import type { Model } from '../model.js';
import { Callback, type CallbackState, type Logs } from './callback.js';
import type { NonFiniteReport } from '../training/non-finite.js';

/** The snapshot kind of training checkpoints (`dir/checkpoint-000004/`). */
export const CHECKPOINT_SNAPSHOT_KIND = 'checkpoint';
/** The training state inside a checkpoint. */
export const TRAINING_STATE_FILE = 'training.json';
/** Tensors that callbacks keep (the best weights of early stopping). */
export const CALLBACK_TENSORS_FILE = 'callbacks.safetensors';

/** Per-epoch logs of a run so far, as `History` keeps them. */
export interface HistoryLog {
  /** Zero-based epoch indices. */
  readonly epoch: number[];
  /** One list per log key (`loss`, `val_loss`...), one value per epoch. */
  readonly history: Record<string, number[]>;
}

/** What `training.json` records. */
export interface TrainingState {
  readonly format: 'atelier-training-state';
  readonly version: 1;
  /** Epochs completed: a resumed run starts at this epoch index. */
  readonly epochsCompleted: number;
  /** True when training had ended (early stopping): nothing is left to resume. */
  readonly finished: boolean;
  /** The constant learning rate in force (callbacks may have lowered it), or null under a schedule. */
  readonly learningRate: number | null;
  readonly history: HistoryLog;
  /** The tracked callbacks' states, in the order they were given. */
  readonly callbacks: readonly { className: string; values: Record<string, number | string | boolean | null>; tensors: number }[];
  /** What the task keeps beside (its options, seeds), JSON. */
  readonly extra: Record<string, unknown>;
}

/** A checkpoint read back by {@link readTrainingCheckpoint}. */
export interface ResumePoint {
  readonly snapshot: Snapshot;
  /** The model with its weights and optimizer state. */
  readonly model: Model;
  readonly state: TrainingState;
  /** Each tracked callback's state, in order. */
  readonly callbackStates: readonly CallbackState[];
}

/** Options of {@link TrainingCheckpoint}. */
export interface TrainingCheckpointOptions {
  /** Callbacks whose state is saved and restored (EarlyStopping, ModelCheckpoint, ReduceLROnPlateau...). */
  track?: readonly Callback[];
  /** Where a resumed run continues from: restores the tracked callbacks and the history before its first epoch. */
  resume?: ResumePoint | null;
  /** More files for each checkpoint (the task's metadata), made for the epoch being saved. */
  files?: (epoch: number, logs: Logs) => SnapshotFiles;
  /** JSON the task keeps in `training.json` (its options and seeds), to check on resume. */
  extra?: Record<string, unknown>;
  /** Checkpoints to keep (default 1). */
  keep?: number;
}

/** JSON cannot hold Infinity or NaN: they are stored as strings and read back with `Number`. */
function jsonValue(v: number | string | boolean | null): number | string | boolean | null {
  return typeof v === 'number' && !Number.isFinite(v) ? String(v) : v;
}

/**
 * Writes a training checkpoint at the end of every epoch into `dir` (a snapshot of kind
 * `checkpoint`), and, given `resume`, restores a run from one. Put it **last** in the callback list,
 * so the states it saves include the epoch's updates of the callbacks before it. An epoch that a
 * non-finite loss stopped is not saved: the last good checkpoint stays the one to resume from.
 *
 * @example
 * const resume = readTrainingCheckpoint('runs/x');
 * const early = new EarlyStopping({ patience: 3 });
 * const model = resume?.model ?? build();
 * await model.fit(x, y, { epochs: 20, initialEpoch: resume?.state.epochsCompleted ?? 0,
 *   callbacks: [early, new TrainingCheckpoint('runs/x', { track: [early], resume })] });
 */
export class TrainingCheckpoint extends Callback {
  private readonly track: readonly Callback[];
  private readonly resume: ResumePoint | null;
  private readonly options: TrainingCheckpointOptions;
  private epochs: number[] = [];
  private logs: Record<string, number[]> = {};
  private stoppedByNonFinite = false;
  /** The last checkpoint written. */
  last: Snapshot | null = null;

  constructor(readonly dir: string, options: TrainingCheckpointOptions = {}) {
    super();
    if (typeof dir !== 'string' || dir.length === 0) throw new ArgumentError('TrainingCheckpoint: dir must be a non-empty folder path');
    this.track = options.track ?? [];
    this.resume = options.resume ?? null;
    this.options = options;
    if (this.resume && this.resume.callbackStates.length !== this.track.length) {
      throw new ArgumentError(`TrainingCheckpoint: the checkpoint ${this.resume.snapshot.path} holds ${this.resume.callbackStates.length} callback states, ${this.track.length} callbacks are tracked`);
    }
  }

  /** The run's per-epoch logs, including the epochs before a resume. */
  get history(): HistoryLog {
    return { epoch: [...this.epochs], history: Object.fromEntries(Object.entries(this.logs).map(([k, v]) => [k, [...v]])) };
  }

  override onTrainBegin(): void {
    this.stoppedByNonFinite = false;
    this.epochs = [];
    this.logs = {};
    if (!this.resume) return;
    const { state, callbackStates } = this.resume;
    this.track.forEach((c, i) => c.setState(callbackStates[i]!));
    this.epochs = [...state.history.epoch];
    this.logs = Object.fromEntries(Object.entries(state.history.history).map(([k, v]) => [k, [...v]]));
    const optimizer = this.requireModel().compiled?.optimizer;
    if (optimizer && state.learningRate !== null) optimizer.setLearningRate(state.learningRate);
  }

  override onNonFinite(report: NonFiniteReport): void {
    if (report.action === 'stop') this.stoppedByNonFinite = true;
  }

  override onEpochEnd(epoch: number, logs: Logs): void {
    if (this.stoppedByNonFinite) return;
    this.epochs.push(epoch);
    for (const [key, value] of Object.entries(logs)) (this.logs[key] ??= []).push(value);
    const model = this.requireModel();
    const optimizer = model.compiled?.optimizer;
    const states = this.track.map((c) => c.getState() ?? { values: {} });
    const tensors = new Map<string, Tensor>();
    states.forEach((s, i) => s.tensors?.forEach((t, j) => tensors.set(`callbacks.${i}.${j}`, t)));
    const state: TrainingState = {
      format: 'atelier-training-state', version: 1, epochsCompleted: epoch + 1, finished: model.stopTraining,
      learningRate: optimizer && typeof optimizer.getConfig().learningRate === 'number' ? optimizer.learningRate : null,
      history: this.history,
      callbacks: states.map((s, i) => ({
        className: this.track[i]!.constructor.name,
        values: Object.fromEntries(Object.entries(s.values).map(([k, v]) => [k, jsonValue(v)])),
        tensors: s.tensors?.length ?? 0,
      })),
      extra: this.options.extra ?? {},
    };
    const files = new Map(snapshotFileEntries(this.options.files?.(epoch, logs) ?? {}));
    files.set(TRAINING_STATE_FILE, `${JSON.stringify(state, null, 1)}\n`);
    if (tensors.size > 0) files.set(CALLBACK_TENSORS_FILE, encodeSafetensors(tensors, { format: 'atelier-callbacks' }));
    this.last = model.save(this.dir, { kind: CHECKPOINT_SNAPSHOT_KIND, includeOptimizer: true, files, keep: this.options.keep ?? 1 });
  }
}

/**
 * The newest complete training checkpoint in `dir`, with its model (weights and optimizer state),
 * or null when there is none. Errors name the file at fault.
 */
export function readTrainingCheckpoint(dir: string, options: LoadOptions = {}): ResumePoint | null {
  const snapshot = latestSnapshot(dir, CHECKPOINT_SNAPSHOT_KIND);
  if (!snapshot) return null;
  const statePath = join(snapshot.path, TRAINING_STATE_FILE);
  let state: TrainingState;
  try {
    state = JSON.parse(readFileSync(statePath, 'utf8')) as TrainingState;
  } catch (e) {
    throw new FileFormatError(`${statePath}: cannot read the training state (${(e as Error).message})`);
  }
  const saved: TrainingState['callbacks'] | undefined = state?.callbacks;
  if (state?.format !== 'atelier-training-state' || !(saved instanceof Array) || !Number.isInteger(state.epochsCompleted)) {
    throw new FileFormatError(`${statePath}: not an atelier training state`);
  }
  const needsTensors = saved.some((c) => c.tensors > 0);
  const tensors = needsTensors ? readSafetensors(join(snapshot.path, CALLBACK_TENSORS_FILE)).tensors : new Map<string, Tensor>();
  const callbackStates: CallbackState[] = saved.map((c, i) => {
    const list: Tensor[] = [];
    for (let j = 0; j < c.tensors; j++) {
      const t = tensors.get(`callbacks.${i}.${j}`);
      if (!t) throw new FileFormatError(`${join(snapshot.path, CALLBACK_TENSORS_FILE)}: tensor 'callbacks.${i}.${j}' of ${c.className} is missing`);
      list.push(t);
    }
    return list.length > 0 ? { values: c.values, tensors: list } : { values: c.values };
  });
  const model = loadModel(snapshot.path, options);
  return { snapshot, model, state, callbackStates };
}
