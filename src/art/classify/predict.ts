/**
 * `predictImages`: the top classes of image files under a trained classifier.
 * @module
 */
import { stat } from 'node:fs/promises';
import { ArgumentError } from '../../errors.js';
import { scope } from '../../tensor/scope.js';
import { stack } from '../../ops/slicing.js';
import type { Tensor } from '../../tensor/tensor.js';
import { readImage } from '../../io/index.js';
import { loadClassifierRun, type ClassifierRun } from './run-folder.js';

/** One class and its probability. */
export interface ClassScore {
  readonly className: string;
  readonly classIndex: number;
  readonly probability: number;
}

/** The prediction for one image. */
export interface ImagePrediction {
  readonly file: string;
  /** The `topK` most probable classes, most probable first. */
  readonly top: readonly ClassScore[];
}

/** Options of {@link predictImages}. */
export interface PredictImagesOptions {
  /** Classes listed per image (default 3, at most the number of classes). */
  topK?: number;
  /** Images decoded and run at once (default 32). */
  batchSize?: number;
  /** Prefix of error messages (default `predictImages`). */
  op?: string;
}

/** Reads an image as the classifier of `run` sees it: resized with `fit: 'cover'` to its input size. */
export async function readForClassifier(run: ClassifierRun, file: string, op: string): Promise<Tensor> {
  const info = await stat(file).catch(() => null);
  if (!info) throw new ArgumentError(`${op}: image ${file} does not exist`);
  if (!info.isFile()) throw new ArgumentError(`${op}: ${file} is not a file`);
  return readImage(file, { size: run.info.imageSize, fit: run.info.fit, channels: run.info.channels });
}

/** Probabilities `[n, classes]` as the top `k` classes of each row. */
export function topClasses(probabilities: Float32Array | Float64Array, classNames: readonly string[], k: number): ClassScore[][] {
  const numClasses = classNames.length;
  const rows = probabilities.length / numClasses;
  return Array.from({ length: rows }, (_, r) => {
    const row = Array.from(probabilities.subarray(r * numClasses, (r + 1) * numClasses));
    return row
      .map((probability, classIndex) => ({ className: classNames[classIndex]!, classIndex, probability }))
      .sort((a, b) => b.probability - a.probability || a.classIndex - b.classIndex)
      .slice(0, k);
  });
}

/**
 * Classifies image files with the classifier in `run` (a run folder or a loaded run).
 * @example
 * const [p] = await predictImages('runs/artists', ['starry.jpg'], { topK: 3 });
 * console.log(p.top[0].className, p.top[0].probability);
 */
export async function predictImages(run: string | ClassifierRun, images: readonly string[], options: PredictImagesOptions = {}): Promise<ImagePrediction[]> {
  const op = options.op ?? 'predictImages';
  const loaded = typeof run === 'string' ? await loadClassifierRun(run, op) : run;
  if (images.length === 0) throw new ArgumentError(`${op}: no images given`);
  const topK = options.topK ?? 3;
  if (!(Number.isInteger(topK) && topK >= 1)) throw new ArgumentError(`${op}: topK must be an integer >= 1, got ${topK}`);
  const batchSize = options.batchSize ?? 32;
  const k = Math.min(topK, loaded.classNames.length);
  const out: ImagePrediction[] = [];
  for (let start = 0; start < images.length; start += batchSize) {
    const files = images.slice(start, start + batchSize);
    const tensors = await Promise.all(files.map((f) => readForClassifier(loaded, f, op)));
    const probabilities = scope(() => (loaded.model.predictOnBatch(stack(tensors)) as Tensor).data() as Float32Array);
    tensors.forEach((t) => t.dispose());
    topClasses(probabilities, loaded.classNames, k).forEach((top, i) => out.push({ file: files[i]!, top }));
  }
  return out;
}
