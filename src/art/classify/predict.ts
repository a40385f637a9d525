/**
 * `predictImages`: the top classes of image files under a trained classifier.
 * @module
 */
import { stat } from 'node:fs/promises';
import { ArgumentError, AtelierError } from '../../errors.js';
import { scope } from '../../tensor/scope.js';
import { stack } from '../../ops/slicing.js';
import type { Tensor } from '../../tensor/tensor.js';
import { ImageDecodeError, readImage, type ReadImageOptions } from '../../io/index.js';
import { describeFsError } from '../../io/fs-errors.js';
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
  /** The `topK` most probable classes, most probable first (empty when the image could not be read). */
  readonly top: readonly ClassScore[];
  /** Why the image could not be read, with `badFiles: 'report'`; absent otherwise. */
  readonly error?: string;
}

/** Options of {@link predictImages}. */
export interface PredictImagesOptions {
  /** Classes listed per image (default 3, at most the number of classes). */
  topK?: number;
  /** Images decoded and run at once (default 32). */
  batchSize?: number;
  /** Prefix of error messages (default `predictImages`). */
  op?: string;
  /**
   * A file that cannot be read (missing, not an image, corrupt, unreadable): `'throw'` (default)
   * throws its error; `'report'` predicts the other files and returns this one with `error` set and
   * no classes, in its place in the list.
   */
  badFiles?: 'throw' | 'report';
}

/**
 * How the classifier of `run` reads an image: resized with its `fit` (`'cover'`) to its input size,
 * with its channels. Everything that feeds the classifier (files, uploaded bytes) reads with these.
 */
export function classifierReadOptions(run: ClassifierRun): ReadImageOptions {
  return { size: run.info.imageSize, fit: run.info.fit, channels: run.info.channels };
}

/** Reads an image as the classifier of `run` sees it: resized with `fit: 'cover'` to its input size. */
export async function readForClassifier(run: ClassifierRun, file: string, op: string): Promise<Tensor> {
  let info;
  try {
    info = await stat(file);
  } catch (error) {
    throw new ArgumentError(`${op}: image ${file} ${describeFsError(error)}`);
  }
  if (!info.isFile()) throw new ArgumentError(`${op}: ${file} is not a file`);
  return readImage(file, classifierReadOptions(run));
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
  const report = options.badFiles === 'report';
  for (let start = 0; start < images.length; start += batchSize) {
    const files = images.slice(start, start + batchSize);
    const read = await Promise.all(files.map(async (f): Promise<Tensor | string> => {
      try {
        return await readForClassifier(loaded, f, op);
      } catch (error) {
        if (!report || !(error instanceof AtelierError)) throw error;
        return error instanceof ImageDecodeError ? error.reason : error.message.replace(`${op}: `, '').replace(`image ${f} `, '').replace(`${f} `, '');
      }
    }));
    const tensors = read.filter((r): r is Tensor => typeof r !== 'string');
    const probabilities = tensors.length > 0 ? scope(() => (loaded.model.predictOnBatch(stack(tensors)) as Tensor).data() as Float32Array) : new Float32Array(0);
    tensors.forEach((t) => t.dispose());
    const tops = topClasses(probabilities, loaded.classNames, k);
    let next = 0;
    read.forEach((r, i) => out.push(typeof r === 'string' ? { file: files[i]!, top: [], error: r } : { file: files[i]!, top: tops[next++]! }));
  }
  return out;
}
