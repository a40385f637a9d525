/**
 * Saving a model folder: architecture, weights and optimizer state as one snapshot, made visible
 * all at once (see `io/snapshots.ts`).
 * @module
 */
import { rmSync } from '../host/node-fs.js';
import { join } from '../host/node-path.js';
import { ArgumentError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { encodeSafetensors } from '../io/safetensors.js';
import { commitSnapshot, snapshotFileEntries, type Snapshot, type SnapshotFiles } from '../io/snapshots.js';
import type { Model } from './model.js';
import { MODEL_FILE, MODEL_FORMAT, MODEL_FORMAT_VERSION, MODEL_SNAPSHOT_KIND, OPTIMIZER_FILE, WEIGHTS_FILE, assertJsonSafe, type ModelFile } from './model-file.js';

/** Options of `model.save`. */
export interface SaveOptions {
  /** Save the optimizer state too, so `fit` can resume exactly (default true when compiled). */
  includeOptimizer?: boolean;
  /**
   * More files to keep in the same snapshot, by plain file name (a task's class names, settings,
   * training state): they become visible together with the model, never beside another save's.
   */
  files?: SnapshotFiles;
  /** Snapshot kind (default `model`); a folder can hold several kinds (`model`, `checkpoint`). */
  kind?: string;
  /** Complete snapshots of the kind to keep (default 1: only the newest). */
  keep?: number;
}

/**
 * The files of a model save, by name: `model.json`, `weights.safetensors` and, when asked for and
 * compiled, `optimizer.safetensors`. Everything is serialised and checked here, before any write.
 */
export function modelFiles(model: Model, options: Pick<SaveOptions, 'includeOptimizer'> = {}): Map<string, Uint8Array | string> {
  if (!model.built) throw new ArgumentError(`save: ${model.name} is not built yet (its weights do not exist); give the first layer an inputShape or run it on data first`);
  const config = model.getConfig();
  assertJsonSafe(config, `${model.name} config`);
  const weights = model.weights;
  const named = new Map<string, Tensor>();
  for (const w of weights) {
    if (named.has(w.name)) throw new ArgumentError(`save: two weights are named '${w.name}'; layer names must be unique within a model`);
    named.set(w.name, w);
  }
  const compiled = model.compiled;
  if (compiled) assertJsonSafe(compiled.config, 'compile config');
  const includeOptimizer = (options.includeOptimizer ?? true) && compiled !== null;
  const file: ModelFile = {
    format: MODEL_FORMAT,
    formatVersion: MODEL_FORMAT_VERSION,
    className: model.className,
    config,
    compile: compiled?.config ?? null,
    weights: { file: WEIGHTS_FILE, tensors: weights.map((w) => ({ name: w.name, shape: [...w.shape], dtype: w.dtype })) },
    optimizer: includeOptimizer ? { file: OPTIMIZER_FILE, iterations: compiled.optimizer.iterations } : null,
  };
  const files = new Map<string, Uint8Array | string>();
  files.set(MODEL_FILE, `${JSON.stringify(file, null, 2)}\n`);
  files.set(WEIGHTS_FILE, encodeSafetensors(named, { format: MODEL_FORMAT, model: model.name }));
  if (includeOptimizer) {
    const state = compiled.optimizer.stateDict();
    files.set(OPTIMIZER_FILE, encodeSafetensors(state, { format: MODEL_FORMAT, optimizer: compiled.optimizer.className, iterations: String(compiled.optimizer.iterations) }));
  }
  return files;
}

/**
 * Saves `model` as a new snapshot `dir/model-<n>/` (`model.json`, `weights.safetensors`, optionally
 * `optimizer.safetensors`, and `options.files`). The snapshot is written under a staging name and
 * renamed into place once every byte is on disk, so a crash at any moment leaves the previous save
 * or this one, never a mix; then older snapshots are pruned. Returns the new snapshot.
 */
export function saveModel(model: Model, dir: string, options: SaveOptions = {}): Snapshot {
  if (typeof dir !== 'string' || dir.length === 0) throw new ArgumentError('save: dir must be a non-empty folder path');
  const files = modelFiles(model, options);
  for (const [name, data] of snapshotFileEntries(options.files ?? {})) {
    if (files.has(name)) throw new ArgumentError(`save: files: '${name}' is a file of the model itself; choose another name`);
    files.set(name, data);
  }
  const kind = options.kind ?? MODEL_SNAPSHOT_KIND;
  const snapshot = commitSnapshot(dir, kind, files, { keep: options.keep ?? 1 });
  if (kind === MODEL_SNAPSHOT_KIND) removeLegacyFiles(dir);
  return snapshot;
}

/**
 * Folders saved by atelier 0.1 held the model's files directly; once a snapshot exists they are
 * stale, and a reader must never prefer them.
 */
function removeLegacyFiles(dir: string): void {
  for (const name of [MODEL_FILE, WEIGHTS_FILE, OPTIMIZER_FILE]) rmSync(join(dir, name), { force: true });
}
