/**
 * The layout of a saved model folder, shared by saving and loading.
 *
 * ```
 * dir/model-000003/                 the newest complete save (a snapshot; see io/snapshots.ts)
 *   model.json                      architecture, compile config, format version
 *   weights.safetensors             every weight, named as the variables are (`dense_1.weight`)
 *   optimizer.safetensors           optimizer state (only when saved with includeOptimizer)
 * ```
 * Folders written by atelier 0.1 hold the three files directly in `dir`; they still load.
 * @module
 */
import { ArgumentError } from '../errors.js';
import type { CompileConfig } from './compile.js';

/** Written in `model.json` so that readers can recognise the file and its version. */
export const MODEL_FORMAT = 'atelier-model';
/** Bumped when the layout changes incompatibly; readers refuse newer versions. */
export const MODEL_FORMAT_VERSION = 1;

/** The snapshot kind `model.save` writes (`dir/model-000003/`). */
export const MODEL_SNAPSHOT_KIND = 'model';
export const MODEL_FILE = 'model.json';
export const WEIGHTS_FILE = 'weights.safetensors';
export const OPTIMIZER_FILE = 'optimizer.safetensors';

/** The contents of `model.json`. */
export interface ModelFile {
  format: typeof MODEL_FORMAT;
  formatVersion: number;
  /** `Sequential` or `Model`. */
  className: string;
  /** The model's `getConfig()`. */
  config: Record<string, unknown>;
  /** The compile configuration, when the model was compiled. */
  compile: CompileConfig | null;
  /** Weight names in model order, with shapes and dtypes (checked against the weights file on load). */
  weights: { file: string; tensors: { name: string; shape: number[]; dtype: string }[] };
  /** Optimizer state, when saved. */
  optimizer: { file: string; iterations: number } | null;
}

/**
 * Throws naming the path (`layers[2].config.activation`) when `value` would not survive JSON: a
 * function, a class instance, undefined inside a list, or a non-finite number.
 */
export function assertJsonSafe(value: unknown, path: string): void {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new ArgumentError(`save: ${path} is ${value}, which JSON cannot hold`);
    return;
  }
  if (typeof value === 'function') throw new ArgumentError(`save: ${path} is a function, which cannot be saved; use a registered name (e.g. activation: 'relu') instead`);
  if (Array.isArray(value)) {
    value.forEach((v, i) => assertJsonSafe(v, `${path}[${i}]`));
    return;
  }
  if (typeof value === 'object') {
    if (Object.getPrototypeOf(value) !== Object.prototype) throw new ArgumentError(`save: ${path} is a ${value.constructor?.name ?? 'class'} instance, which cannot be saved as JSON`);
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) if (v !== undefined) assertJsonSafe(v, `${path}.${k}`);
    return;
  }
  throw new ArgumentError(`save: ${path} is a ${typeof value}, which cannot be saved as JSON`);
}
