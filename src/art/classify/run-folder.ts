/**
 * The run folder a classifier is trained into, and reading it back:
 *
 * ```
 * run/model-000012/         the best model so far, as one snapshot (see io/snapshots.ts):
 *   model.json, weights.safetensors       the model (model.save)
 *   classes.json                          class names, in label order
 *   classifier.json                       image size, channels, data folder, split, seed, best epoch
 * run/checkpoint-000015/    the last completed epoch, to resume from (TrainingCheckpoint): the model
 *                           with its optimizer state, training.json, callbacks.safetensors
 * run/history.json          per-epoch logs and epoch times (rewritten after every epoch)
 * run/curves-loss.svg|png, run/curves-accuracy.svg|png      training curves
 * ```
 * The class names and settings live inside the model's snapshot, so a model is never read beside
 * another run's classes. Folders written by atelier 0.1 (the files directly in `run/`) still load.
 * @module
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ArgumentError } from '../../errors.js';
import { loadModel, resolveModelFolder } from '../../model/load-model.js';
import type { Model } from '../../model/model.js';
import { MODEL_FILE, MODEL_SNAPSHOT_KIND } from '../../model/model-file.js';
import { latestSnapshot } from '../../io/snapshots.js';

/** The class-name file of a classifier snapshot. */
export const CLASSES_FILE = 'classes.json';
/** The settings file of a classifier snapshot. */
export const CLASSIFIER_FILE = 'classifier.json';

/** What `classifier.json` records about a run. */
export interface ClassifierInfo {
  readonly format: 'atelier-classifier';
  readonly version: 1;
  /** `[height, width]` the model takes; images are resized to it with `fit`. */
  readonly imageSize: readonly [number, number];
  readonly channels: 1 | 3;
  readonly fit: 'cover';
  /** The training folder (absolute) and how it was split. */
  readonly dataFolder: string;
  readonly layout: 'train-val' | 'split';
  readonly validationSplit: number;
  readonly seed: number;
  /** Images per class in each split. */
  readonly trainCounts: readonly number[];
  readonly validationCounts: readonly number[];
  /** Zero-based epoch whose model was kept, and what it was chosen by. */
  readonly bestEpoch: number;
  readonly monitor: string;
}

/** A trained classifier read back from its run folder. */
export interface ClassifierRun {
  readonly runDir: string;
  readonly model: Model;
  readonly classNames: readonly string[];
  readonly info: ClassifierInfo;
}

/** The files that travel with a classifier's weights in one snapshot: `classes.json` and `classifier.json`. */
export function runInfoFiles(classNames: readonly string[], info: ClassifierInfo): Record<string, string> {
  return {
    [CLASSES_FILE]: `${JSON.stringify(classNames, null, 1)}\n`,
    [CLASSIFIER_FILE]: `${JSON.stringify(info, null, 1)}\n`,
  };
}

/** True when `dir` holds a saved model (a model snapshot, or the files of an atelier 0.1 save). */
export async function holdsModel(dir: string): Promise<boolean> {
  if (latestSnapshot(dir, MODEL_SNAPSHOT_KIND)) return true;
  return stat(join(dir, MODEL_FILE)).then((s) => s.isFile(), () => false);
}

/**
 * Loads the model, class names and settings of a run folder written by `trainClassifier`, all from
 * the same snapshot (the optimizer state is not read: inference never needs it). Errors name the
 * folder and what is missing, and say how to make one.
 * @param op prefix of error messages (`predictImages`, `classify predict`...).
 */
export async function loadClassifierRun(runDir: string, op = 'loadClassifierRun'): Promise<ClassifierRun> {
  // Only a missing folder is "does not exist"; a symlink loop or a permission is reported as itself.
  const info = await stat(runDir).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return null;
    throw e;
  });
  if (!info) throw new ArgumentError(`${op}: run folder ${runDir} does not exist`);
  if (!info.isDirectory()) throw new ArgumentError(`${op}: ${runDir} is a file, expected a run folder written by 'atelier classify train'`);
  if (!(await holdsModel(runDir))) {
    const resumable = latestSnapshot(runDir, 'checkpoint') ? `; it holds a training checkpoint: continue it with 'atelier classify train <folder> -o ${runDir} --resume'` : '';
    throw new ArgumentError(`${op}: ${runDir} holds no model yet — train one with 'atelier classify train'${resumable}`);
  }
  const folder = resolveModelFolder(runDir);
  const classNames = await readJson<unknown>(join(folder, CLASSES_FILE), op);
  if (!Array.isArray(classNames) || classNames.some((n) => typeof n !== 'string')) throw new ArgumentError(`${op}: ${join(folder, CLASSES_FILE)} must be a list of class names`);
  const settings = await readJson<ClassifierInfo>(join(folder, CLASSIFIER_FILE), op);
  if (settings.format !== 'atelier-classifier' || !Array.isArray(settings.imageSize)) throw new ArgumentError(`${op}: ${join(folder, CLASSIFIER_FILE)} is not an atelier classifier description`);
  const model = loadModel(folder, { includeOptimizer: false });
  const out = model.outputShapes[0];
  if (!out || out[out.length - 1] !== classNames.length) {
    throw new ArgumentError(`${op}: ${folder}: the model has ${out?.[out.length - 1] ?? 'unknown'} outputs but classes.json names ${classNames.length} classes`);
  }
  return { runDir, model, classNames: classNames as string[], info: settings };
}

async function readJson<T>(path: string, op: string): Promise<T> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new ArgumentError(`${op}: ${path} is missing; the run folder was not written by 'atelier classify train'`);
  }
  try {
    return JSON.parse(text) as T;
  } catch (e) {
    throw new ArgumentError(`${op}: ${path} is not valid JSON (${(e as Error).message})`);
  }
}
