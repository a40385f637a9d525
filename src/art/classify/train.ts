/**
 * `trainClassifier`: an image folder in, a run folder out (the best model, class names, history,
 * curves). Composes the data layer (split, streaming, augmentation, class weights) with `fit`
 * (validation every epoch, early stopping, best-only checkpoints).
 * @module
 */
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import * as callbacks from '../../model/callbacks/index.js';
import * as optimizers from '../../nn/optimizers/index.js';
import { ArgumentError } from '../../errors.js';
import { Callback, type Logs } from '../../model/callbacks/callback.js';
import { Model } from '../../model/model.js';
import { loadModel } from '../../model/load-model.js';
import { balancedClassWeights, type Augmentation } from '../../data/index.js';
import { defaultAugmentation, openClassifierData, splitDataset } from './data.js';
import { checkClassifierOutput, classifierFromConfig, defaultClassifier, type ArchitectureConfig } from './model.js';
import { holdsModel, writeRunInfo, type ClassifierInfo } from './run-folder.js';
import { writeHistory, type HistoryRecord } from './curves.js';

/** Options of {@link trainClassifier}. */
export interface TrainClassifierOptions {
  /** The run folder to write (created if needed). */
  outDir: string;
  /** Side (or `[height, width]`) images are resized to (default 64). */
  imageSize?: number | readonly [number, number];
  /** 3 (RGB, default) or 1 (grey). */
  channels?: 1 | 3;
  /** Maximum epochs (default 20). */
  epochs?: number;
  /** Default 32. */
  batchSize?: number;
  /** Seeds the split, the initial weights, shuffling, augmentation and dropout (default 0). */
  seed?: number;
  /** Epochs without improvement of `monitor` before stopping (default 5). */
  patience?: number;
  /** What "best" means for early stopping and the checkpoint (default `val_loss`). */
  monitor?: 'val_loss' | 'val_accuracy';
  /** Adam's learning rate (default 1e-3). */
  learningRate?: number;
  /** Fraction held out per class when the folder has no `train/` and `val/` (default 0.2). */
  validationSplit?: number;
  /**
   * A custom architecture: a path to a JSON layer-config list (see `classifierFromConfig`), the list
   * itself, or a model whose input and output fit the data. Default: {@link defaultClassifier}.
   */
  model?: string | ArchitectureConfig | Model;
  /** Conv filters of the default classifier (default `[32, 64, 128]`). */
  filters?: readonly number[];
  /** Training augmentation: true (default: small reflect-padded crops and horizontal flips), false, or your own. */
  augment?: boolean | Augmentation;
  /** Weigh the loss by inverse class frequency (`'balanced'`, default) or not (`'none'`). */
  classWeights?: 'balanced' | 'none';
  /** Replace a model already in `outDir` (default false: refuse). */
  overwrite?: boolean;
  /** 0 silent, 1 progress bar and messages (default 1). */
  verbose?: 0 | 1;
  /** Where progress and messages go (default stdout). */
  stream?: callbacks.ProgressStream;
  onWarning?: (message: string) => void;
  /** Prefix of error messages (default `trainClassifier`). */
  op?: string;
}

/** What {@link trainClassifier} did. */
export interface TrainClassifierResult {
  readonly runDir: string;
  /** The best model (reloaded from the run folder). */
  readonly model: Model;
  readonly classNames: readonly string[];
  readonly history: HistoryRecord;
  /** Zero-based epoch of the best model. */
  readonly bestEpoch: number;
  /** Validation accuracy of the best model (NaN without validation data). */
  readonly validationAccuracy: number;
  readonly trainCount: number;
  readonly validationCount: number;
}

/** Measures each epoch's wall-clock time (training and validation). */
class EpochTimer extends Callback {
  readonly seconds: number[] = [];
  private start = 0;
  override onEpochBegin(): void {
    this.start = performance.now();
  }
  override onEpochEnd(_epoch: number, _logs: Logs): void {
    this.seconds.push((performance.now() - this.start) / 1000);
  }
}

/** Normalises `imageSize` to `[height, width]`. */
export function resolveImageSize(op: string, size: number | readonly [number, number] | undefined): [number, number] {
  const [h, w] = typeof size === 'number' ? [size, size] : size ?? [64, 64];
  if (!(Number.isInteger(h) && h > 0 && Number.isInteger(w) && w > 0)) throw new ArgumentError(`${op}: imageSize must be a positive integer or [height, width], got ${JSON.stringify(size)}`);
  return [h, w];
}

function positiveInt(op: string, name: string, value: number, min = 1): number {
  if (!(Number.isInteger(value) && value >= min)) throw new ArgumentError(`${op}: ${name} must be an integer >= ${min}, got ${value}`);
  return value;
}

/**
 * Trains an image classifier on `folder` (one sub-folder per class, or `train/` and `val/` as
 * `cutPatches` writes them) and writes the run folder. The kept model is the best by `monitor`
 * (checkpointed whenever it improves; early stopping restores its weights).
 *
 * @example
 * const run = await trainClassifier('runs/patches', { outDir: 'runs/artists', imageSize: 64, epochs: 12 });
 * console.log(run.validationAccuracy);
 */
export async function trainClassifier(folder: string, options: TrainClassifierOptions): Promise<TrainClassifierResult> {
  const op = options.op ?? 'trainClassifier';
  if (typeof options.outDir !== 'string' || options.outDir === '') throw new ArgumentError(`${op}: outDir (the run folder) is required`);
  const imageSize = resolveImageSize(op, options.imageSize);
  const channels = options.channels ?? 3;
  const epochs = positiveInt(op, 'epochs', options.epochs ?? 20);
  const batchSize = positiveInt(op, 'batchSize', options.batchSize ?? 32);
  const patience = positiveInt(op, 'patience', options.patience ?? 5, 0);
  const seed = options.seed ?? 0;
  const verbose = options.verbose ?? 1;
  const stream = options.stream ?? process.stdout;
  const say = (line: string) => {
    if (verbose) stream.write(`${line}\n`);
  };
  const runDir = resolve(options.outDir);
  if (!options.overwrite && (await holdsModel(runDir))) {
    throw new ArgumentError(`${op}: ${runDir} already holds a model; choose another run folder or overwrite it explicitly (--overwrite)`);
  }

  const validationSplit = options.validationSplit ?? 0.2;
  const data = await openClassifierData(folder, { imageSize, channels, validationSplit, seed, onWarning: options.onWarning, op });
  const numClasses = data.classNames.length;
  if (numClasses < 2) throw new ArgumentError(`${op}: ${folder} has a single class (${data.classNames[0]}); a classifier needs at least two class folders`);
  const trainCounts = countsByClass(data.train.split.classCounts, data.train.labelMap, numClasses);
  const validationCounts = data.validation ? countsByClass(data.validation.split.classCounts, data.validation.labelMap, numClasses) : new Array<number>(numClasses).fill(0);
  const validationCount = validationCounts.reduce((a, b) => a + b, 0);
  say(`Data: ${folder} (${data.layout === 'train-val' ? 'train/ and val/ folders' : `stratified split, ${Math.round(validationSplit * 100)}% held out, seed ${seed}`}), ` +
    `${numClasses} classes, ${data.train.split.size} training and ${validationCount} validation images at ${imageSize[0]}×${imageSize[1]}`);

  const model = await buildModel(options, { imageSize, channels, numClasses, seed, op });
  model.compile({ optimizer: new optimizers.Adam({ learningRate: options.learningRate ?? 1e-3 }), loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
  if (verbose) model.summary({ print: say });

  const augment = options.augment === false ? undefined : options.augment === true || options.augment === undefined ? defaultAugmentation(imageSize) : options.augment;
  const train = splitDataset(data.train, { batchSize, shuffle: true, augment, seed });
  const hasValidation = validationCount > 0;
  if (!hasValidation) (options.onWarning ?? console.warn)(`${op}: no validation images; the kept model is the one with the lowest training loss`);
  const monitor = hasValidation ? options.monitor ?? 'val_loss' : 'loss';
  const weights = options.classWeights === 'none' ? null : balancedClassWeights(trainCounts);

  await mkdir(runDir, { recursive: true });
  const timer = new EpochTimer();
  const list: Callback[] = [
    timer,
    new callbacks.EarlyStopping({ monitor, patience, restoreBestWeights: true }),
    new callbacks.ModelCheckpoint(runDir, { monitor, saveBestOnly: true }),
    ...(verbose ? [new callbacks.ProgressBar({ stream })] : []),
  ];
  const history = await model.fit(train, undefined, {
    epochs, seed, verbose: verbose ? 1 : 0, callbacks: list,
    stepsPerEpoch: data.train.split.numBatches(batchSize),
    ...(hasValidation ? { validationData: splitDataset(data.validation!, { batchSize }) } : {}),
    ...(weights ? { classWeight: Object.fromEntries(weights.map((w, c) => [c, w])) } : {}),
  });

  const bestEpoch = bestIndex(history.history[monitor] ?? [], monitor.endsWith('accuracy') ? 'max' : 'min');
  const record: HistoryRecord = { epoch: history.epoch, history: history.history, epochSeconds: timer.seconds, bestEpoch };
  const info: ClassifierInfo = {
    format: 'atelier-classifier', version: 1, imageSize, channels, fit: 'cover', dataFolder: resolve(folder), layout: data.layout,
    validationSplit: data.layout === 'split' ? validationSplit : 0, seed, trainCounts, validationCounts, bestEpoch, monitor,
  };
  await writeRunInfo(runDir, data.classNames, info);
  await writeHistory(runDir, record);
  const validationAccuracy = history.history.val_accuracy?.[bestEpoch] ?? NaN;
  say(`Best epoch ${bestEpoch + 1} (${monitor} ${history.history[monitor]![bestEpoch]!.toFixed(4)})` +
    `${hasValidation ? `, validation accuracy ${(validationAccuracy * 100).toFixed(1)}%` : ''}; ` +
    `epochs took ${timer.seconds.map((s) => `${s.toFixed(1)}s`).join(', ')}`);
  say(`Saved to ${runDir}/ (model, classes.json, classifier.json, history.json, curves-*.svg/png)`);
  return {
    runDir, model: loadModel(runDir), classNames: data.classNames, history: record, bestEpoch, validationAccuracy,
    trainCount: data.train.split.size, validationCount,
  };
}

async function buildModel(options: TrainClassifierOptions, spec: { imageSize: [number, number]; channels: 1 | 3; numClasses: number; seed: number; op: string }): Promise<Model> {
  const { imageSize, channels, numClasses, seed, op } = spec;
  const custom = options.model;
  if (custom === undefined) return defaultClassifier({ imageSize, channels, numClasses, seed, ...(options.filters ? { filters: options.filters } : {}) });
  if (custom instanceof Model) {
    const model = custom;
    const input = model.inputShapes[0];
    if (!input || input[1] !== imageSize[0] || input[2] !== imageSize[1] || input[3] !== channels) {
      throw new ArgumentError(`${op}: the model takes ${input ? `[${input.join(',')}]` : 'an unknown input'}, the data is [null,${imageSize[0]},${imageSize[1]},${channels}]`);
    }
    checkClassifierOutput(model, numClasses, `model ${model.name}`);
    return model;
  }
  return classifierFromConfig(custom, { imageSize, channels, numClasses, seed });
}

/** Images per classifier class, from a split's own per-label counts. */
function countsByClass(counts: readonly number[], labelMap: readonly number[], numClasses: number): number[] {
  const out = new Array<number>(numClasses).fill(0);
  counts.forEach((n, label) => (out[labelMap[label]!]! += n));
  return out;
}

/** Index of the first best value (strict improvements only, as the checkpoint saves). */
function bestIndex(values: readonly number[], mode: 'min' | 'max'): number {
  let best = 0;
  values.forEach((v, i) => {
    if (mode === 'min' ? v < values[best]! : v > values[best]!) best = i;
  });
  return best;
}
