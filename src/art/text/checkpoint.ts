/**
 * Text training checkpoints: where training stands, written as one snapshot (`checkpoint-<n>`)
 * beside the model's weights and optimizer state, so a killed run continues exactly: the epoch and
 * the step inside it, the recurrent states carried between batches, the loss so far, the history,
 * the best validation loss and the time used. The run's tokenizer and settings are in the snapshot
 * too. Written every N steps, at the end of every epoch and when a time budget ends.
 * @module
 */
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { FileFormatError } from '../../io/file-format-error.js';
import { encodeSafetensors, readSafetensors } from '../../io/safetensors.js';
import { latestSnapshot, type Snapshot } from '../../io/snapshots.js';
import { loadModel } from '../../model/load-model.js';
import type { Model } from '../../model/model.js';
import { tensor } from '../../tensor/creation.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { CarriedStates } from './model.js';
import { Recurrent } from '../../nn/layers/recurrent/recurrent.js';
import { readTextFiles, textRunFiles, type TextRunSettings } from './run-folder.js';
import type { Tokenizer } from './tokenizer.js';

/** The snapshot kind of text training checkpoints. */
export const TEXT_CHECKPOINT_KIND = 'checkpoint';
/** Where training stands, in a checkpoint. */
export const PROGRESS_FILE = 'progress.json';
/** The carried recurrent states, in a checkpoint. */
export const STATES_FILE = 'states.safetensors';

/** Per-epoch records; `epoch` is fractional for a partial epoch ended by a time budget. */
export interface TextHistory {
  epoch: number[];
  /** Mean training loss of the epoch (nats per character). */
  loss: number[];
  /** Validation loss (nats per character), NaN without held-out text. */
  val_loss: number[];
  /** Wall-clock seconds of the epoch (training, validation, samples). */
  seconds: number[];
}

/** What `progress.json` records. */
export interface TextProgress {
  readonly format: 'atelier-text-progress';
  readonly version: 1;
  /** Zero-based epoch in progress (equal to epochs completed when `step` is 0). */
  readonly epoch: number;
  /** Next step within the epoch. */
  readonly step: number;
  /** Optimizer steps taken in the whole run. */
  readonly globalStep: number;
  /** Sum and count of training losses of the epoch so far. */
  readonly lossSum: number;
  readonly lossCount: number;
  /** Seconds spent in the epoch so far. */
  readonly epochSeconds: number;
  readonly history: TextHistory;
  /** Lowest validation loss so far (null before the first validation). */
  readonly bestValLoss: number | null;
  /** Training seconds of the whole run. */
  readonly elapsedSeconds: number;
}

/** A checkpoint read back. */
export interface TextCheckpoint {
  readonly snapshot: Snapshot;
  readonly model: Model;
  readonly tokenizer: Tokenizer;
  readonly settings: TextRunSettings;
  readonly progress: TextProgress;
  readonly states: CarriedStates | null;
}

/** Writes a checkpoint snapshot: the model with its optimizer state, and where training stands. */
export function writeTextCheckpoint(runDir: string, model: Model, tokenizer: Tokenizer, settings: TextRunSettings, progress: TextProgress, states: CarriedStates | null): Snapshot {
  const files = new Map<string, Uint8Array | string>(Object.entries(textRunFiles(tokenizer, settings)));
  files.set(PROGRESS_FILE, `${JSON.stringify(progress, (_k, v: unknown): unknown => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v), 1)}\n`);
  if (states && states.values.some((v) => v)) {
    const tensors = new Map<string, Tensor>();
    states.values.forEach((layer, i) => layer?.forEach((s, j) => tensors.set(`layer${i}.state${j}`, tensor(s, [states.batch, s.length / states.batch]))));
    files.set(STATES_FILE, encodeSafetensors(tensors, { format: 'atelier-text-states', layers: String(states.values.length), batch: String(states.batch) }));
  }
  return model.save(runDir, { kind: TEXT_CHECKPOINT_KIND, includeOptimizer: true, files });
}

/** The newest checkpoint of `runDir`, or null. Errors name the file at fault. */
export function readTextCheckpoint(runDir: string): TextCheckpoint | null {
  const snapshot = latestSnapshot(runDir, TEXT_CHECKPOINT_KIND);
  if (!snapshot) return null;
  const { tokenizer, settings } = readTextFiles(snapshot.path);
  const progressPath = join(snapshot.path, PROGRESS_FILE);
  let progress: TextProgress;
  try {
    progress = JSON.parse(readFileSync(progressPath, 'utf8'), (_k, v: unknown): unknown => (v === 'NaN' || v === 'Infinity' || v === '-Infinity' ? Number(v) : v)) as TextProgress;
  } catch (e) {
    throw new FileFormatError(`${progressPath}: cannot read where training stands (${(e as Error).message})`);
  }
  if (progress?.format !== 'atelier-text-progress' || !Number.isInteger(progress.epoch) || !Number.isInteger(progress.step)) {
    throw new FileFormatError(`${progressPath}: not an atelier text training progress file`);
  }
  const model = loadModel(snapshot.path);
  let states: CarriedStates | null = null;
  // Mid-epoch checkpoints of recurrent models carry states; a Transformer has none to carry.
  if (progress.step > 0 && model.layers.some((l) => l instanceof Recurrent)) {
    const { tensors, metadata } = readSafetensors(join(snapshot.path, STATES_FILE));
    const layers = Number(metadata.layers);
    const batch = Number(metadata.batch);
    const values: (Float32Array[] | null)[] = [];
    for (let i = 0; i < layers; i++) {
      const list: Float32Array[] = [];
      for (let j = 0; tensors.has(`layer${i}.state${j}`); j++) list.push(Float32Array.from(tensors.get(`layer${i}.state${j}`)!.values as Float32Array));
      values.push(list.length > 0 ? list : null);
    }
    states = { batch, values };
  }
  return { snapshot, model, tokenizer, settings, progress, states };
}
