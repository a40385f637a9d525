/**
 * Loading a model folder written by `model.save`: architecture, weights, compile configuration and
 * optimizer state. Loading only reads: nothing on disk is modified, whatever fails.
 * @module
 */
import { readFileSync, statSync } from '../host/node-fs.js';
import { join } from '../host/node-path.js';
import { FileFormatError } from '../io/file-format-error.js';
import { decodeSafetensors, readSafetensors } from '../io/safetensors.js';
import { formatShape } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { shapesEqual } from '../tensor/shape.js';
import type { Model } from './model.js';
import { latestSnapshot } from '../io/snapshots.js';
import { MODEL_FILE, MODEL_FORMAT, MODEL_FORMAT_VERSION, MODEL_SNAPSHOT_KIND, type ModelFile } from './model-file.js';
import { modelFromConfig, type CustomLayers, type LayerResolver } from './model-from-config.js';
import { deserializeLayer, getLayerClass } from '../nn/layers/index.js';

/** Options of {@link loadModel}. */
export interface LoadOptions {
  /** Layer classes that are not built in, by class name (Keras' `custom_objects`). */
  customLayers?: CustomLayers;
  /** Compile the model as it was saved (default true). */
  compile?: boolean;
  /**
   * Restore the optimizer state when it was saved (default true). Inference (predict, explain,
   * evaluate) passes false: it never needs the state, so a damaged optimizer file cannot block it.
   */
  includeOptimizer?: boolean;
  /** The snapshot kind to read when `dir` holds snapshots (default `model`). */
  kind?: string;
}

/**
 * The folder whose `model.json` a load reads: the newest complete snapshot of `kind` in `dir`
 * (`dir/model-000003`), or `dir` itself when it holds `model.json` directly (a snapshot folder, or a
 * folder saved by atelier 0.1). Throws naming the folder when there is neither.
 */
export function resolveModelFolder(dir: string, kind: string = MODEL_SNAPSHOT_KIND): string {
  let stats;
  try {
    stats = statSync(dir);
  } catch {
    throw new FileFormatError(`loadModel: folder ${dir} does not exist`);
  }
  if (!stats.isDirectory()) throw new FileFormatError(`loadModel: ${dir} is not a folder (expected a folder written by model.save)`);
  return latestSnapshot(dir, kind)?.path ?? dir;
}

/** Built-in layers by class name (importing the layers index registers every one of them). */
const builtInLayers: LayerResolver = { knows: (name) => getLayerClass(name) !== undefined, create: deserializeLayer };

function readModelFile(dir: string): ModelFile {
  const path = join(dir, MODEL_FILE);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new FileFormatError(`loadModel: ${path} is missing; ${dir} was not written by model.save`);
  }
  return parseModelFile(text, path);
}

/** Parses and checks the text of a `model.json`; `path` names it in errors. */
function parseModelFile(text: string, path: string): ModelFile {
  let file: ModelFile;
  try {
    file = JSON.parse(text) as ModelFile;
  } catch (e) {
    throw new FileFormatError(`${path}: not valid JSON (${(e as Error).message}); the file is corrupt`);
  }
  if (typeof file !== 'object' || file === null || file.format !== MODEL_FORMAT) throw new FileFormatError(`${path}: not an atelier model file (format is ${JSON.stringify((file as Partial<ModelFile>)?.format)})`);
  if (typeof file.formatVersion !== 'number' || file.formatVersion > MODEL_FORMAT_VERSION) {
    throw new FileFormatError(`${path}: format version ${file.formatVersion} is newer than this atelier reads (${MODEL_FORMAT_VERSION}); upgrade atelier`);
  }
  if (!file.weights || !Array.isArray(file.weights.tensors)) throw new FileFormatError(`${path}: the weights entry is missing`);
  return file;
}

/**
 * Checks that `tensors` (from `file`) hold exactly the model's weights, with the right shapes and
 * dtypes; throws naming the file and the first tensor at fault.
 */
function matchWeights(model: Model, tensors: Map<string, Tensor>, file: string): Tensor[] {
  const weights = model.weights;
  const values = weights.map((w) => {
    const t = tensors.get(w.name);
    if (!t) throw new FileFormatError(`${file}: tensor '${w.name}' is missing (the model has ${weights.length} weights; the file holds ${tensors.size} tensors)`);
    if (!shapesEqual(t.shape, w.shape) || t.dtype !== w.dtype) {
      throw new FileFormatError(`${file}: tensor '${w.name}' is ${t.dtype} ${formatShape(t.shape)}, the model expects ${w.dtype} ${formatShape(w.shape)}`);
    }
    return t;
  });
  const known = new Set(weights.map((w) => w.name));
  for (const name of tensors.keys()) {
    if (!known.has(name)) throw new FileFormatError(`${file}: tensor '${name}' belongs to no weight of the model (is this folder from another architecture?)`);
  }
  return values;
}

/**
 * Restores a model saved with `model.save(dir)`: the same architecture and layer names, weights
 * bit-for-bit (so predictions are identical), the compile configuration, and the optimizer state
 * when it was saved (so `fit` with `initialEpoch` resumes exactly where training stopped).
 *
 * `dir` is a folder written by `model.save` (its newest complete snapshot is read) or one snapshot
 * folder of it. Everything is validated before the model is returned; errors name the file and the
 * tensor. When a concurrent save replaces the snapshot while it is being read, the read starts over
 * on the new one.
 * @example const model = loadModel('atelier-runs/mnist-2026-11-26T21-00');
 */
export function loadModel(dir: string, options: LoadOptions = {}): Model {
  for (let attempt = 0; ; attempt++) {
    const folder = resolveModelFolder(dir, options.kind);
    try {
      return loadModelFolder(folder, options);
    } catch (e) {
      // A save pruned the snapshot mid-read: read the newer one (a few times at most).
      if (attempt >= 3 || folder === dir || resolveModelFolder(dir, options.kind) === folder) throw e;
    }
  }
}

function loadModelFolder(dir: string, options: LoadOptions): Model {
  const file = readModelFile(dir);
  const jsonPath = join(dir, MODEL_FILE);
  const weightsPath = join(dir, file.weights.file);
  // Read and validate the weights before spending time on the architecture.
  const { tensors } = readSafetensors(weightsPath);
  const model = buildModel(file, tensors, jsonPath, weightsPath, options.customLayers ?? {});
  if (file.compile && options.compile !== false) {
    try {
      model.compile({ optimizer: file.compile.optimizer, loss: file.compile.loss, metrics: file.compile.metrics, lossWeights: file.compile.lossWeights });
    } catch (e) {
      // Custom losses, metrics or optimizers are saved by name but cannot be recreated from it.
      if (e instanceof Error) e.message = `${jsonPath}: cannot restore the compile configuration (${e.message}); load with { compile: false } and compile the model yourself`;
      throw e;
    }
    if (file.optimizer && options.includeOptimizer !== false) {
      const optimizerPath = join(dir, file.optimizer.file);
      const state = readSafetensors(optimizerPath).tensors;
      try {
        model.compiled!.optimizer.loadStateDict(Object.fromEntries(state), model.trainableWeights);
      } catch (e) {
        if (e instanceof Error) e.message = `${optimizerPath}: ${e.message}`;
        throw e;
      }
      model.compiled!.optimizer.iterations = file.optimizer.iterations;
    }
  }
  return model;
}

/** The architecture of `file` with the weights `tensors`, checked to match. */
function buildModel(file: ModelFile, tensors: Map<string, Tensor>, jsonPath: string, weightsPath: string, customLayers: CustomLayers): Model {
  let model: Model;
  try {
    model = modelFromConfig(file.className, file.config, `${jsonPath}: config`, customLayers, builtInLayers);
  } catch (e) {
    if (e instanceof Error && !e.message.startsWith(jsonPath)) e.message = `${jsonPath}: ${e.message}`;
    throw e;
  }
  if (!model.built) throw new FileFormatError(`${jsonPath}: the architecture has no input shape, so its weights cannot be created`);
  const values = matchWeights(model, tensors, weightsPath);
  model.weights.forEach((w, i) => w.assign(values[i]!));
  return model;
}

/** Options of {@link modelFromFiles}. */
export interface ModelFromFilesOptions {
  /** Layer classes that are not built in, by class name. */
  customLayers?: CustomLayers;
  /** Where the files came from, for error messages (default `model`: `model/model.json`). */
  source?: string;
}

/**
 * Builds a model saved by `model.save` from the contents of its two files, with no file system:
 * the text of `model.json` and the bytes of its `weights.safetensors`, e.g. as a browser fetches
 * them. The weights are checked as {@link loadModel} checks them; the model is not compiled (this
 * is for inference: `predict`, `predictOnBatch`).
 * @example
 * const [json, weights] = await Promise.all([fetch(`${url}/model.json`).then((r) => r.text()),
 *   fetch(`${url}/weights.safetensors`).then((r) => r.arrayBuffer())]);
 * const model = modelFromFiles(json, new Uint8Array(weights), { source: url });
 */
export function modelFromFiles(modelJson: string, weights: Uint8Array, options: ModelFromFilesOptions = {}): Model {
  const source = options.source ?? 'model';
  const jsonPath = `${source}/${MODEL_FILE}`;
  const file = parseModelFile(modelJson, jsonPath);
  const weightsPath = `${source}/${file.weights.file}`;
  return buildModel(file, decodeSafetensors(weights, weightsPath).tensors, jsonPath, weightsPath, options.customLayers ?? {});
}
