/**
 * Classifier architectures: the default art classifier, and custom ones from a layer-config list.
 * @module
 */
import { readFile } from 'node:fs/promises';
import * as layers from '../../nn/layers/index.js';
import { ArgumentError } from '../../errors.js';
import { Sequential } from '../../model/sequential.js';
import type { Layer, LayerConfig } from '../../nn/layer.js';
import type { Model } from '../../model/model.js';

/** Options of {@link defaultClassifier}. */
export interface DefaultClassifierOptions {
  /** `[height, width]` of the input images. */
  imageSize: readonly [number, number];
  /** Input channels (default 3). */
  channels?: number;
  /** Number of classes (units of the softmax layer). */
  numClasses: number;
  /** Filters of each conv block (default `[32, 64, 128]`, as the PyTorch reference). */
  filters?: readonly number[];
  /** Dropout rate before the classifier (default 0.3). */
  dropout?: number;
  /**
   * Batch-norm momentum, Keras convention (default 0.9, which is PyTorch's 0.1 as in the reference).
   * Keras' 0.99 leaves the running statistics near their initial values for the first few hundred
   * steps, which makes validation meaningless on small data sets.
   */
  batchNormMomentum?: number;
  /** Seeds the initial weights (default 0). */
  seed?: number;
}

/**
 * The default art classifier: per block `conv 3×3 same → batch norm → relu → max-pool 2`, then global
 * average pooling, dropout and a dense softmax layer (the architecture of
 * `shared/bench/painting_patches_reference.py`). Each block halves the image (odd sizes are floored),
 * so each side needs at least `2 ** filters.length` pixels.
 *
 * @example const model = defaultClassifier({ imageSize: [64, 64], numClasses: 10, seed: 0 });
 */
export function defaultClassifier(options: DefaultClassifierOptions): Sequential {
  const [height, width] = options.imageSize;
  const channels = options.channels ?? 3;
  const filters = options.filters ?? [32, 64, 128];
  const momentum = options.batchNormMomentum ?? 0.9;
  if (!(Number.isInteger(options.numClasses) && options.numClasses >= 2)) {
    throw new ArgumentError(`defaultClassifier: numClasses must be an integer >= 2, got ${options.numClasses}`);
  }
  if (filters.length === 0 || filters.some((f) => !(Number.isInteger(f) && f > 0))) {
    throw new ArgumentError(`defaultClassifier: filters must be a non-empty list of positive integers, got [${filters.join(', ')}]`);
  }
  const smallest = 2 ** filters.length;
  if (!(Number.isInteger(height) && Number.isInteger(width) && height >= smallest && width >= smallest)) {
    throw new ArgumentError(`defaultClassifier: imageSize [${height}, ${width}] is too small for ${filters.length} pooling blocks; each side needs at least ${smallest} pixels`);
  }
  const stack: Layer[] = [];
  filters.forEach((f, i) => {
    const inputShape = i === 0 ? { inputShape: [height, width, channels] } : {};
    stack.push(layers.conv2d({ filters: f, kernelSize: 3, padding: 'same', name: `conv${i + 1}`, ...inputShape }));
    stack.push(layers.batchNormalization({ momentum, name: `bn${i + 1}` }));
    stack.push(layers.relu({ name: `relu${i + 1}` }));
    stack.push(layers.maxPooling2d({ poolSize: 2, name: `pool${i + 1}` }));
  });
  stack.push(layers.globalAveragePooling2d({ name: 'gap' }));
  stack.push(layers.dropout({ rate: options.dropout ?? 0.3, name: 'dropout' }));
  stack.push(layers.dense({ units: options.numClasses, activation: 'softmax', name: 'classifier' }));
  return new Sequential({ name: 'art_classifier', seed: options.seed ?? 0, layers: stack });
}

/** What a custom architecture file may hold (see {@link classifierFromConfig}). */
export type ArchitectureConfig = readonly LayerConfig[] | { layers: readonly LayerConfig[] } | { className: string; config: { layers?: readonly LayerConfig[] } };

/**
 * Builds a custom classifier from a list of layer configs, as `model.json` stores them: a JSON list
 * of `{ className, config }`, a Sequential config `{ layers: [...] }`, or a whole `model.json`
 * written by `model.save` for a Sequential model (its weights are not loaded). The input shape is
 * set from the data; the model must end in `numClasses` probabilities (a softmax).
 *
 * @param source the config itself, or the path of a JSON file holding it.
 */
export async function classifierFromConfig(
  source: string | ArchitectureConfig,
  options: { imageSize: readonly [number, number]; channels?: number; numClasses: number; seed?: number },
): Promise<Sequential> {
  const where = typeof source === 'string' ? source : 'the architecture config';
  let config: unknown = source;
  if (typeof source === 'string') {
    let text: string;
    try {
      text = await readFile(source, 'utf8');
    } catch {
      throw new ArgumentError(`classifier: model config ${source} does not exist or cannot be read`);
    }
    try {
      config = JSON.parse(text);
    } catch (e) {
      throw new ArgumentError(`classifier: ${source} is not valid JSON (${(e as Error).message})`);
    }
  }
  const list = layerList(config, where);
  if (list.length === 0) throw new ArgumentError(`classifier: ${where} lists no layers`);
  const built = list.map((entry, i) => {
    if (typeof entry !== 'object' || entry === null || typeof (entry as LayerConfig).className !== 'string') {
      throw new ArgumentError(`classifier: ${where}: layers[${i}] must be { className, config }, got ${JSON.stringify(entry)}`);
    }
    const { className, config: layerConfig } = entry as LayerConfig;
    // The data decides the input shape; a stale one in the file would only conflict with it.
    const { inputShape: _ignored, ...rest } = (layerConfig ?? {});
    try {
      return layers.deserializeLayer({ className, config: rest });
    } catch (e) {
      throw new ArgumentError(`classifier: ${where}: layers[${i}] (${className}): ${(e as Error).message}`);
    }
  });
  const [height, width] = options.imageSize;
  let model: Sequential;
  try {
    model = new Sequential({ name: 'custom_classifier', seed: options.seed ?? 0, inputShape: [height, width, options.channels ?? 3], layers: built });
  } catch (e) {
    throw new ArgumentError(`classifier: ${where} does not fit ${height}×${width}×${options.channels ?? 3} images: ${(e as Error).message}`);
  }
  checkClassifierOutput(model, options.numClasses, where);
  return model;
}

/** Throws unless the model maps an image to `[batch, numClasses]`. */
export function checkClassifierOutput(model: Model, numClasses: number, where: string): void {
  const shape = model.outputShapes[0];
  if (!shape || shape.length !== 2 || shape[1] !== numClasses) {
    const got = shape ? `[${shape.map((d) => (d === null ? 'null' : d)).join(',')}]` : 'an unknown shape';
    throw new ArgumentError(`classifier: ${where} outputs ${got}, expected [null,${numClasses}] (one probability per class; end with dense({ units: ${numClasses}, activation: 'softmax' }))`);
  }
}

function layerList(config: unknown, where: string): readonly unknown[] {
  if (Array.isArray(config)) return config;
  if (typeof config === 'object' && config !== null) {
    const c = config as Record<string, unknown>;
    if (Array.isArray(c.layers)) return c.layers;
    if (typeof c.className === 'string' && typeof c.config === 'object' && c.config !== null) {
      if (c.className !== 'Sequential') throw new ArgumentError(`classifier: ${where} describes a ${c.className}; only Sequential layer lists can be used as a custom architecture`);
      const inner = (c.config as Record<string, unknown>).layers;
      if (Array.isArray(inner)) return inner;
    }
  }
  throw new ArgumentError(`classifier: ${where} must be a list of { className, config } layer configs, a { layers: [...] } object, or a Sequential model.json`);
}
