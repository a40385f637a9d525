/**
 * The run folder a classifier is trained into, and reading it back:
 *
 * ```
 * run/model.json, weights.safetensors, optimizer.safetensors   the best model (model.save)
 * run/classes.json        class names, in label order
 * run/classifier.json     image size, channels, data folder, split, seed, best epoch
 * run/history.json        per-epoch logs and epoch times
 * run/curves-loss.svg|png, run/curves-accuracy.svg|png      training curves
 * ```
 * @module
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ArgumentError } from '../../errors.js';
import { loadModel } from '../../model/load-model.js';
import type { Model } from '../../model/model.js';
import { writeFileAtomic } from '../../io/index.js';

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

/** Writes `classes.json` and `classifier.json`. */
export async function writeRunInfo(runDir: string, classNames: readonly string[], info: ClassifierInfo): Promise<void> {
  await writeFileAtomic(join(runDir, 'classes.json'), `${JSON.stringify(classNames, null, 1)}\n`);
  await writeFileAtomic(join(runDir, 'classifier.json'), `${JSON.stringify(info, null, 1)}\n`);
}

/** True when `dir/model.json` exists. */
export async function holdsModel(dir: string): Promise<boolean> {
  return stat(join(dir, 'model.json')).then((s) => s.isFile(), () => false);
}

/**
 * Loads the model, class names and settings of a run folder written by `trainClassifier`. Errors
 * name the folder and what is missing, and say how to make one.
 * @param op prefix of error messages (`predictImages`, `classify predict`...).
 */
export async function loadClassifierRun(runDir: string, op = 'loadClassifierRun'): Promise<ClassifierRun> {
  const info = await stat(runDir).catch(() => null);
  if (!info) throw new ArgumentError(`${op}: run folder ${runDir} does not exist`);
  if (!info.isDirectory()) throw new ArgumentError(`${op}: ${runDir} is a file, expected a run folder written by 'atelier classify train'`);
  if (!(await holdsModel(runDir))) throw new ArgumentError(`${op}: ${runDir} holds no model.json — train one with 'atelier classify train'`);
  const classNames = await readJson<unknown>(join(runDir, 'classes.json'), op);
  if (!Array.isArray(classNames) || classNames.some((n) => typeof n !== 'string')) throw new ArgumentError(`${op}: ${join(runDir, 'classes.json')} must be a list of class names`);
  const settings = await readJson<ClassifierInfo>(join(runDir, 'classifier.json'), op);
  if (settings.format !== 'atelier-classifier' || !Array.isArray(settings.imageSize)) throw new ArgumentError(`${op}: ${join(runDir, 'classifier.json')} is not an atelier classifier description`);
  const model = loadModel(runDir);
  const out = model.outputShapes[0];
  if (!out || out[out.length - 1] !== classNames.length) {
    throw new ArgumentError(`${op}: ${runDir}: the model has ${out?.[out.length - 1] ?? 'unknown'} outputs but classes.json names ${classNames.length} classes`);
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
