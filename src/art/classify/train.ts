/**
 * `trainClassifier`: an image folder in, a run folder out (the best model with its class names,
 * a resumable training checkpoint, history, curves). Composes the data layer (split, streaming,
 * augmentation, class weights) with `fit` (validation every epoch, early stopping, best-only model
 * snapshots, a training checkpoint every epoch).
 * @module
 */
import { resolve } from 'node:path';
import { ArgumentError } from '../../errors.js';
import { Model } from '../../model/model.js';
import { loadModel } from '../../model/load-model.js';
import { Callback, type CallbackState, type Logs } from '../../model/callbacks/callback.js';
import { EarlyStopping } from '../../model/callbacks/early-stopping.js';
import { ModelCheckpoint } from '../../model/callbacks/model-checkpoint.js';
import { ProgressBar, type ProgressStream } from '../../model/callbacks/progress-bar.js';
import { TrainingCheckpoint, readTrainingCheckpoint, CHECKPOINT_SNAPSHOT_KIND, type ResumePoint } from '../../model/callbacks/training-checkpoint.js';
import { Adam } from '../../nn/optimizers/index.js';
import { listSnapshots, removeLeftovers, removeSnapshot } from '../../io/snapshots.js';
import { balancedClassWeights, type Augmentation, type SkippedFile } from '../../data/index.js';
import { defaultAugmentation, openClassifierData, splitDataset, type ClassifierData } from './data.js';
import { checkClassifierOutput, classifierFromConfig, defaultClassifier, type ArchitectureConfig } from './model.js';
import { holdsModel, runInfoFiles, type ClassifierInfo } from './run-folder.js';
import { checkResumeSettings } from '../resume-settings.js';
import { writeHistory, type HistoryRecord } from './curves.js';
import { checkBatchMemory, modelProfile } from './memory-estimate.js';

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
  /**
   * Retrain over a run already in `outDir` (default false: refuse). The old model stays usable until
   * the new run's first model snapshot replaces it; the old run's training checkpoints are dropped.
   */
  overwrite?: boolean;
  /**
   * Continue the run in `outDir` from its last complete training checkpoint, exactly as if it had
   * not been interrupted (weights, optimizer, epoch, early-stopping state, data order and
   * augmentation). The run's settings come from the checkpoint; `epochs` may be raised to train longer.
   */
  resume?: boolean;
  /** 0 silent, 1 progress bar and messages (default 1). */
  verbose?: 0 | 1;
  /** Where progress and messages go (default stdout). */
  stream?: ProgressStream;
  onWarning?: (message: string) => void;
  /** Prefix of error messages (default `trainClassifier`). */
  op?: string;
  /**
   * Bytes a training batch may need (default: what the backend can hold, 4 GiB on `wasm`). Training
   * is refused, before any image is decoded, when the estimate says a batch would not fit.
   */
  memoryLimit?: number;
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
  /** The epoch this call started at (0, or the checkpoint's epoch when resumed). */
  readonly initialEpoch: number;
}

/** Measures each epoch's wall-clock time (training and validation); resumed runs keep the earlier epochs' times. */
class EpochTimer extends Callback {
  seconds: number[] = [];
  private start = 0;
  override onEpochBegin(): void {
    this.start = performance.now();
  }
  override onEpochEnd(_epoch: number, _logs: Logs): void {
    this.seconds.push((performance.now() - this.start) / 1000);
  }
  override getState(): CallbackState {
    return { values: { seconds: JSON.stringify(this.seconds) } };
  }
  override setState(state: CallbackState): void {
    this.seconds = JSON.parse(String(state.values.seconds)) as number[];
  }
}

/** Writes `history.json` and the curves after every epoch, so a run can be watched (and a killed one read). */
class HistoryWriter extends Callback {
  constructor(private readonly runDir: string, private readonly checkpoint: TrainingCheckpoint, private readonly timer: EpochTimer, private readonly monitor: string) {
    super();
  }
  override async onEpochEnd(): Promise<void> {
    await writeHistory(this.runDir, historyRecord(this.checkpoint, this.timer, this.monitor));
  }
}

function historyRecord(checkpoint: TrainingCheckpoint, timer: EpochTimer, monitor: string): HistoryRecord {
  const { epoch, history } = checkpoint.history;
  return { epoch, history, epochSeconds: [...timer.seconds], bestEpoch: bestEpochOf(history, monitor) };
}

/** The settings that define a run, kept in its checkpoints and checked on resume. */
interface RunSettings {
  readonly dataFolder: string;
  readonly classNames: readonly string[];
  readonly imageSize: readonly [number, number];
  readonly channels: 1 | 3;
  readonly batchSize: number;
  readonly seed: number;
  readonly patience: number;
  readonly monitor: string;
  readonly validationSplit: number;
  readonly augment: 'default' | 'none' | 'custom';
  readonly classWeights: 'balanced' | 'none';
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
 * The checkpoint to resume from, with the run's saved settings; the options the caller set must
 * agree with them (a resumed run cannot change its data, image size, batch size or seed).
 */
function openResume(op: string, runDir: string, folder: string, options: TrainClassifierOptions): { resume: ResumePoint; settings: RunSettings } {
  const resume = readTrainingCheckpoint(runDir);
  if (!resume) {
    const why = 'runs written before checkpoints existed, or killed before their first epoch ended, cannot be resumed; start again with --overwrite';
    throw new ArgumentError(`${op}: ${runDir} holds no training checkpoint to resume from (${why})`);
  }
  const settings = resume.state.extra as unknown as RunSettings;
  if (!settings || !Array.isArray(settings.classNames)) throw new ArgumentError(`${op}: ${resume.snapshot.path}: the checkpoint does not describe a classifier run`);
  checkResumeSettings(op, runDir, [
    ['the data folder', resolve(folder), settings.dataFolder],
    ['imageSize', options.imageSize === undefined ? undefined : resolveImageSize(op, options.imageSize).join('x'), settings.imageSize.join('x')],
    ['channels', options.channels, settings.channels],
    ['batchSize', options.batchSize, settings.batchSize],
    ['seed', options.seed, settings.seed],
    ['validationSplit', options.validationSplit, settings.validationSplit],
  ]);
  if (settings.augment === 'custom' && typeof options.augment !== 'function') {
    throw new ArgumentError(`${op}: ${runDir} was trained with a custom augmentation; pass the same function as augment to resume it`);
  }
  return { resume, settings };
}

/**
 * Trains an image classifier on `folder` (one sub-folder per class, or `train/` and `val/` as
 * `cutPatches` writes them) and writes the run folder. The kept model is the best by `monitor`: a
 * snapshot with its class names is written whenever it improves (early stopping restores its
 * weights), and a training checkpoint after every epoch lets `resume` continue a killed run.
 *
 * @example
 * const run = await trainClassifier('runs/patches', { outDir: 'runs/artists', imageSize: 64, epochs: 12 });
 * console.log(run.validationAccuracy);
 */
export async function trainClassifier(folder: string, options: TrainClassifierOptions): Promise<TrainClassifierResult> {
  const op = options.op ?? 'trainClassifier';
  if (typeof options.outDir !== 'string' || options.outDir === '') throw new ArgumentError(`${op}: outDir (the run folder) is required`);
  if (options.resume && options.overwrite) throw new ArgumentError(`${op}: resume and overwrite exclude each other: resume continues the run in ${options.outDir}, overwrite replaces it`);
  const runDir = resolve(options.outDir);
  // What killed writers left (half-written history, staging folders) goes now, even if nothing is written later.
  removeLeftovers(runDir);
  const opened = options.resume ? openResume(op, runDir, folder, options) : null;
  const saved = opened?.settings;
  const imageSize = saved ? [saved.imageSize[0], saved.imageSize[1]] as [number, number] : resolveImageSize(op, options.imageSize);
  const channels = saved?.channels ?? options.channels ?? 3;
  const epochs = positiveInt(op, 'epochs', options.epochs ?? 20);
  const batchSize = saved?.batchSize ?? positiveInt(op, 'batchSize', options.batchSize ?? 32);
  const patience = saved?.patience ?? positiveInt(op, 'patience', options.patience ?? 5, 0);
  const seed = saved?.seed ?? options.seed ?? 0;
  const verbose = options.verbose ?? 1;
  const stream = options.stream ?? process.stdout;
  const say = (line: string) => {
    if (verbose) stream.write(`${line}\n`);
  };
  // Before any image is decoded: the default classifier's cost measured at a small size, scaled by area.
  const memoryLimit = options.memoryLimit !== undefined ? { budget: options.memoryLimit } : {};
  const probe: [number, number] = [32, 32];
  const profile = options.model === undefined ? modelProfile(defaultClassifier({ imageSize: probe, channels, numClasses: 2, seed, ...(options.filters ? { filters: options.filters } : {}) }), probe) : undefined;
  checkBatchMemory(op, { imageSize, channels, batchSize, ...(profile ? { profile } : {}), ...memoryLimit });
  if (!opened && !options.overwrite && (await holdsModel(runDir) || listSnapshots(runDir, CHECKPOINT_SNAPSHOT_KIND).length > 0)) {
    throw new ArgumentError(`${op}: ${runDir} already holds a run; choose another run folder, continue it (--resume) or replace it (--overwrite)`);
  }

  const validationSplit = saved?.validationSplit ?? options.validationSplit ?? 0.2;
  // Every image is decoded once up front (into the cache the first epoch then reads), so files that
  // do not decode are reported now and every count below is final: one number everywhere.
  const data = await openClassifierData(folder, { imageSize, channels, validationSplit, seed, onWarning: options.onWarning, op, validate: 'decode' });
  const numClasses = data.classNames.length;
  if (numClasses < 2) throw new ArgumentError(`${op}: ${folder} has a single class (${data.classNames[0]}); a classifier needs at least two class folders`);
  if (saved && saved.classNames.join('\n') !== data.classNames.join('\n')) {
    throw new ArgumentError(`${op}: cannot resume ${runDir}: ${folder} now has the classes ${data.classNames.join(', ')}; the run was trained on ${saved.classNames.join(', ')}`);
  }
  const trainCounts = countsByClass(data.train.split.classCounts, data.train.labelMap, numClasses);
  const validationCounts = data.validation ? countsByClass(data.validation.split.classCounts, data.validation.labelMap, numClasses) : new Array<number>(numClasses).fill(0);
  const trainCount = trainCounts.reduce((a, b) => a + b, 0);
  const validationCount = validationCounts.reduce((a, b) => a + b, 0);
  const skipped = skippedFiles(data);
  say(`Data: ${folder} (${data.layout === 'train-val' ? 'train/ and val/ folders' : `stratified split, ${Math.round(validationSplit * 100)}% held out, seed ${seed}`}), ` +
    `${numClasses} classes, ${trainCount} training and ${validationCount} validation images at ${imageSize[0]}×${imageSize[1]}` +
    `${skipped.length > 0 ? ` (${skipped.length} unreadable file${skipped.length === 1 ? '' : 's'} left out)` : ''}`);

  const model = opened ? opened.resume.model : await buildModel(options, { imageSize, channels, numClasses, seed, op });
  checkBatchMemory(op, { imageSize, channels, batchSize: Math.min(batchSize, trainCount), profile: modelProfile(model, imageSize), ...memoryLimit });
  if (!opened) model.compile({ optimizer: new Adam({ learningRate: options.learningRate ?? 1e-3 }), loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
  if (verbose && !opened) model.summary({ print: say });
  const initialEpoch = opened?.resume.state.epochsCompleted ?? 0;

  const augmentMode = saved?.augment ?? (options.augment === false ? 'none' : typeof options.augment === 'function' ? 'custom' : 'default');
  const augment = augmentMode === 'none' ? undefined : augmentMode === 'custom' ? options.augment as Augmentation : defaultAugmentation(imageSize);
  const train = splitDataset(data.train, { batchSize, shuffle: true, augment, seed, initialPass: initialEpoch });
  const hasValidation = validationCount > 0;
  if (!hasValidation && !opened) (options.onWarning ?? console.warn)(`${op}: no validation images; the kept model is the one with the lowest training loss`);
  const monitor = saved?.monitor ?? (hasValidation ? options.monitor ?? 'val_loss' : 'loss');
  const classWeights = saved?.classWeights ?? (options.classWeights === 'none' ? 'none' : 'balanced');
  const weights = classWeights === 'none' ? null : balancedClassWeights(trainCounts);
  const settings: RunSettings = {
    dataFolder: resolve(folder), classNames: data.classNames, imageSize, channels, batchSize, seed, patience, monitor, validationSplit, augment: augmentMode, classWeights,
  };
  const info = (bestEpoch: number): ClassifierInfo => ({
    format: 'atelier-classifier', version: 1, imageSize, channels, fit: 'cover', dataFolder: resolve(folder), layout: data.layout,
    validationSplit: data.layout === 'split' ? validationSplit : 0, seed, trainCounts, validationCounts, bestEpoch, monitor,
  });

  if (options.overwrite) for (const old of listSnapshots(runDir, CHECKPOINT_SNAPSHOT_KIND)) removeSnapshot(old);
  const timer = new EpochTimer();
  const early = new EarlyStopping({ monitor, patience, restoreBestWeights: true });
  const best = new ModelCheckpoint(runDir, { monitor, saveBestOnly: true, includeOptimizer: false, files: (epoch) => runInfoFiles(data.classNames, info(epoch)) });
  const checkpoint = new TrainingCheckpoint(runDir, { track: [timer, early, best], resume: opened?.resume ?? null, extra: settings as unknown as Record<string, unknown> });
  const list: Callback[] = [
    timer, early, best, checkpoint, new HistoryWriter(runDir, checkpoint, timer, monitor),
    ...(verbose ? [new ProgressBar({ stream })] : []),
  ];
  let record: HistoryRecord;
  if (opened && (opened.resume.state.finished || initialEpoch >= epochs)) {
    const { finished, history } = opened.resume.state;
    say(`${runDir} finished training after ${initialEpoch} epoch${initialEpoch === 1 ? '' : 's'}${finished ? ' (early stopping)' : ''}; nothing to resume${finished ? '' : ' (raise epochs to train longer)'}`);
    timer.setState(opened.resume.callbackStates[0]!); // tracked as [timer, early, best]
    record = { ...history, epochSeconds: timer.seconds, bestEpoch: bestEpochOf(history.history, monitor) };
  } else {
    if (opened) say(`Resuming ${runDir} at epoch ${initialEpoch + 1}/${epochs} from ${opened.resume.snapshot.name}`);
    await model.fit(train, undefined, {
      epochs, initialEpoch, seed, verbose: verbose ? 1 : 0, callbacks: list,
      stepsPerEpoch: data.train.split.numBatches(batchSize),
      ...(hasValidation ? { validationData: splitDataset(data.validation!, { batchSize }) } : {}),
      ...(weights ? { classWeight: Object.fromEntries(weights.map((w, c) => [c, w])) } : {}),
    });
    record = historyRecord(checkpoint, timer, monitor);
    const known = new Set(skipped.map((f) => f.file));
    const late = skippedFiles(data).filter((f) => !known.has(f.file));
    if (late.length > 0) {
      (options.onWarning ?? console.warn)(`${op}: ${late.length} more file(s) could not be read during training and were left out of it ` +
        `(${late.slice(0, 3).map((f) => f.file).join(', ')}${late.length > 3 ? ', ...' : ''}); the counts in classifier.json are of the images found readable before training`);
    }
  }
  const { bestEpoch } = record;
  const validationAccuracy = record.history.val_accuracy?.[bestEpoch] ?? NaN;
  say(`Best epoch ${bestEpoch + 1} (${monitor} ${record.history[monitor]?.[bestEpoch]?.toFixed(4) ?? 'n/a'})` +
    `${hasValidation ? `, validation accuracy ${(validationAccuracy * 100).toFixed(1)}%` : ''}; ` +
    `epochs took ${record.epochSeconds.map((s) => `${s.toFixed(1)}s`).join(', ')}`);
  say(`Saved to ${runDir}/ (best model with classes.json and classifier.json, a training checkpoint, history.json, curves-*.svg/png)`);
  return {
    runDir, model: loadModel(runDir), classNames: data.classNames, history: record, bestEpoch, validationAccuracy,
    trainCount, validationCount, initialEpoch,
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

/** Files left out of the data (both splits' loaders; the two splits of one folder share one). */
function skippedFiles(data: ClassifierData): SkippedFile[] {
  const lists = new Set([data.train.split.skipped, data.validation?.split.skipped ?? []]);
  return [...lists].flat();
}

/** Images per classifier class, from a split's own per-label counts. */
function countsByClass(counts: readonly number[], labelMap: readonly number[], numClasses: number): number[] {
  const out = new Array<number>(numClasses).fill(0);
  counts.forEach((n, label) => (out[labelMap[label]!]! += n));
  return out;
}

/** The epoch of the first best value of `monitor` (strict improvements only, as the model checkpoint saves). */
function bestEpochOf(history: Readonly<Record<string, readonly number[]>>, monitor: string): number {
  const values = history[monitor] ?? [];
  const mode = monitor.endsWith('accuracy') ? 'max' : 'min';
  let best = 0;
  values.forEach((v, i) => {
    if (mode === 'min' ? v < values[best]! : v > values[best]!) best = i;
  });
  return best;
}
