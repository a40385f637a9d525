/**
 * Saving a model folder: architecture, weights and optimizer state, each file written atomically.
 * @module
 */
import { mkdirSync, rmSync, statSync } from '../host/node-fs.js';
import { join } from '../host/node-path.js';
import { ArgumentError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { encodeSafetensors } from '../io/safetensors.js';
import { writeFileAtomicSync } from '../io/atomic-write.js';
import type { Model } from './model.js';
import { MODEL_FILE, MODEL_FORMAT, MODEL_FORMAT_VERSION, OPTIMIZER_FILE, WEIGHTS_FILE, assertJsonSafe, type ModelFile } from './model-file.js';

/** Options of `model.save`. */
export interface SaveOptions {
  /** Save the optimizer state too, so `fit` can resume exactly (default true when compiled). */
  includeOptimizer?: boolean;
}

/**
 * Writes `dir/model.json`, `dir/weights.safetensors` and (optionally) `dir/optimizer.safetensors`.
 * Everything is serialised and checked before the first byte is written; each file is then written
 * atomically (temporary file, fsync, rename), `model.json` last, so a crash never leaves a
 * half-written file and a folder never points at weights that are not there.
 */
export function saveModel(model: Model, dir: string, options: SaveOptions = {}): void {
  if (typeof dir !== 'string' || dir.length === 0) throw new ArgumentError('save: dir must be a non-empty folder path');
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
  const includeOptimizer = (options.includeOptimizer ?? true) && compiled !== null;
  let optimizerBytes: Uint8Array | null = null;
  if (includeOptimizer) {
    const state = compiled.optimizer.stateDict();
    optimizerBytes = encodeSafetensors(state, { format: MODEL_FORMAT, optimizer: compiled.optimizer.className, iterations: String(compiled.optimizer.iterations) });
  }
  const file: ModelFile = {
    format: MODEL_FORMAT,
    formatVersion: MODEL_FORMAT_VERSION,
    className: model.className,
    config,
    compile: compiled?.config ?? null,
    weights: { file: WEIGHTS_FILE, tensors: weights.map((w) => ({ name: w.name, shape: [...w.shape], dtype: w.dtype })) },
    optimizer: includeOptimizer ? { file: OPTIMIZER_FILE, iterations: compiled.optimizer.iterations } : null,
  };
  if (compiled) assertJsonSafe(compiled.config, 'compile config');
  const json = `${JSON.stringify(file, null, 2)}\n`;
  const weightBytes = encodeSafetensors(named, { format: MODEL_FORMAT, model: model.name });

  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new ArgumentError(`save: cannot create folder ${dir} (${(e as Error).message})`);
  }
  if (!statSync(dir).isDirectory()) throw new ArgumentError(`save: ${dir} exists and is not a folder`);
  writeFileAtomicSync(join(dir, WEIGHTS_FILE), weightBytes);
  if (optimizerBytes) writeFileAtomicSync(join(dir, OPTIMIZER_FILE), optimizerBytes);
  writeFileAtomicSync(join(dir, MODEL_FILE), json);
  // An optimizer file from an earlier save would be stale now that model.json no longer lists it.
  if (!optimizerBytes) rmSync(join(dir, OPTIMIZER_FILE), { force: true });
}
