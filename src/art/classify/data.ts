/**
 * Classifier data: an image folder (or the `train/` + `val/` folders that `cutPatches` writes) as
 * training and validation splits, and the adapter from a split's batches to the model's `Dataset`.
 * @module
 */
import { stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { ArgumentError } from '../../errors.js';
import { Dataset } from '../../data/dataset.js';
import { Random } from '../../tensor/random.js';
import { tensor } from '../../tensor/creation.js';
import type { Tensor } from '../../tensor/tensor.js';
import { describeFsError } from '../../io/fs-errors.js';
import { ImageFolderDataset, compose, randomCrop, randomFlipHorizontal, type Augmentation, type ImageFolderSplit } from '../../data/index.js';

/** One split, with labels translated to the classifier's class indices. */
export interface ClassifierSplit {
  readonly split: ImageFolderSplit;
  /** Class index (in {@link ClassifierData.classNames}) of each of the split's own labels. */
  readonly labelMap: readonly number[];
}

/** The data a classifier trains or is evaluated on. */
export interface ClassifierData {
  /** The folder given. */
  readonly root: string;
  /** `'train-val'` when the folder has `train/` and `val/` sub-folders (as `cutPatches` writes), else `'split'`. */
  readonly layout: 'train-val' | 'split';
  readonly classNames: readonly string[];
  readonly train: ClassifierSplit;
  /** Null when there is nothing to validate on. */
  readonly validation: ClassifierSplit | null;
}

/** Options of {@link openClassifierData}. */
export interface OpenClassifierDataOptions {
  imageSize: readonly [number, number];
  channels?: 1 | 3;
  /** Fraction of each class held out when the folder has no `train/`+`val/` (default 0.2). */
  validationSplit?: number;
  /** Seeds the split (default 0). */
  seed?: number;
  /** Class names in label order; defaults to the sorted class folders. Folders not listed are errors. */
  classNames?: readonly string[];
  /** Decoded images kept in memory per folder (default 8192). */
  cacheSize?: number;
  /**
   * Checks at opening (default `'header'`): `'decode'` decodes every image up front, so the counts
   * are final before training (files that fail are left out and reported now, not mid-epoch).
   */
  validate?: 'header' | 'decode';
  onWarning?: (message: string) => void;
  /** Used in error messages (default `classifier`). */
  op?: string;
}

/** True when `folder/train` and `folder/val` are both folders. */
export async function hasTrainValFolders(folder: string): Promise<boolean> {
  const isDir = (p: string) => stat(p).then((s) => s.isDirectory(), () => false);
  return (await isDir(join(folder, 'train'))) && (await isDir(join(folder, 'val')));
}

/** Throws an {@link ArgumentError} naming `path` unless it is an existing folder. */
export async function requireFolder(op: string, path: string, what: string): Promise<void> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    throw new ArgumentError(`${op}: ${what} ${path} ${describeFsError(error)}`);
  }
  if (!info.isDirectory()) throw new ArgumentError(`${op}: ${what} ${path} is a file, expected a folder`);
}

/**
 * Opens `folder` for a classifier. With `train/` and `val/` sub-folders those are the split (so
 * the leakage-free split of `cutPatches` is kept); otherwise every class folder is split
 * stratified and seeded by `validationSplit`. A class with a single image cannot be split and is an
 * error here (the data layer would only warn).
 */
export async function openClassifierData(folder: string, options: OpenClassifierDataOptions): Promise<ClassifierData> {
  const op = options.op ?? 'classifier';
  await requireFolder(op, folder, 'data folder');
  const common = {
    imageSize: options.imageSize, channels: options.channels ?? 3, seed: options.seed ?? 0,
    cacheSize: options.cacheSize ?? 8192, validate: options.validate ?? 'header',
  };
  // Warnings are held until the folder is known to be usable (an error makes them noise), then
  // passed on; later ones (files that fail while training) go straight through.
  const warn = options.onWarning ?? ((m: string) => console.warn(m));
  let warnings: string[] | null = [];
  const collect = (m: string) => (warnings ? warnings.push(m) : warn(m));
  const flush = () => {
    const held = warnings ?? [];
    warnings = null;
    held.forEach(warn);
  };
  if (await hasTrainValFolders(folder)) {
    const train = await ImageFolderDataset.create(join(folder, 'train'), { ...common, validationSplit: 0, onWarning: collect, ...(options.classNames ? { classNames: options.classNames } : {}) });
    const classNames = options.classNames ?? train.classNames;
    const val = await ImageFolderDataset.create(join(folder, 'val'), { ...common, validationSplit: 0, onWarning: collect });
    flush();
    return {
      root: folder, layout: 'train-val', classNames,
      train: { split: train.train, labelMap: mapLabels(op, train.classNames, classNames, join(folder, 'train')) },
      validation: { split: val.train, labelMap: mapLabels(op, val.classNames, classNames, join(folder, 'val')) },
    };
  }
  const validationSplit = options.validationSplit ?? 0.2;
  const ds = await ImageFolderDataset.create(folder, { ...common, validationSplit, onWarning: collect, ...(options.classNames ? { classNames: options.classNames } : {}) });
  const single = ds.classNames.filter((_, c) => ds.classCounts[c] === 1);
  if (validationSplit > 0 && single.length > 0) {
    const described = single.map((name) => {
      const dir = join(folder, name);
      const bad = ds.skipped.filter((s) => s.file.startsWith(dir + sep)).length;
      return bad > 0 ? `${dir} (${bad + 1} files, ${bad} of which cannot be used)` : dir;
    });
    throw new ArgumentError(`${op}: class folder ${described.join(', ')} holds a single readable image; ` +
      'each class needs at least 2 (one to train on, one to validate on), or give the folder train/ and val/ sub-folders');
  }
  flush();
  const identity = ds.classNames.map((_, i) => i);
  return {
    root: folder, layout: 'split', classNames: ds.classNames,
    train: { split: ds.train, labelMap: identity },
    validation: validationSplit > 0 ? { split: ds.validation, labelMap: identity } : null,
  };
}

/** Index in `classNames` of each of `found` (a folder's classes); throws for a class the classifier does not know. */
export function mapLabels(op: string, found: readonly string[], classNames: readonly string[], folder: string): number[] {
  return found.map((name) => {
    const index = classNames.indexOf(name);
    if (index < 0) throw new ArgumentError(`${op}: ${join(folder, name)} is a class the classifier does not know (it knows ${classNames.join(', ')})`);
    return index;
  });
}

/**
 * The default augmentation: a random crop after reflect-padding by 1/16 of the side (small shifts
 * that keep brushwork intact), then a horizontal flip with probability 0.5.
 */
export function defaultAugmentation(imageSize: readonly [number, number]): Augmentation {
  const padding = Math.max(1, Math.round(Math.min(imageSize[0], imageSize[1]) / 16));
  return compose([randomCrop([imageSize[0], imageSize[1]], { padding, padMode: 'reflect' }), randomFlipHorizontal()]);
}

/** Options of {@link splitDataset}. */
export interface SplitDatasetOptions {
  batchSize: number;
  /** Visit images in a new seeded order each pass (default false). */
  shuffle?: boolean;
  augment?: Augmentation;
  /** Seeds each pass's order and augmentation: pass `p` uses the `p`-th draw of a generator seeded with this (default 0). */
  seed?: number;
  /** The first pass is pass `initialPass` (default 0): a resumed run replays the passes it has not done yet. */
  initialPass?: number;
}

/**
 * The model-side view of a split: a re-iterable `Dataset` of `{ x, y }` batches (each pass is one
 * epoch, reproducible from `seed`). Labels are translated through the split's `labelMap`. A batch is
 * disposed when the next one is requested, since `fit` and `evaluate` use one batch at a time.
 */
export function splitDataset(source: ClassifierSplit, options: SplitDatasetOptions): Dataset<{ x: Tensor; y: Tensor }> {
  const seeds = new Random(options.seed ?? 0);
  for (let pass = 0; pass < (options.initialPass ?? 0); pass++) seeds.nextInt(0, 0x7fffffff);
  const { split, labelMap } = source;
  const identity = labelMap.every((c, i) => c === i);
  return Dataset.fromGenerator(async function* () {
    const seed = seeds.nextInt(0, 0x7fffffff);
    let previous: Tensor[] = [];
    try {
      for await (const batch of split.batches(options.batchSize, { shuffle: options.shuffle ?? false, augment: options.augment, seed })) {
        previous.forEach((t) => t.dispose());
        const y = identity ? batch.y : tensor(Int32Array.from(batch.y.data(), (l) => labelMap[l]!), batch.y.shape, 'int32');
        previous = identity ? [batch.x, batch.y] : [batch.x, batch.y, y];
        yield { x: batch.x, y };
      }
    } finally {
      previous.forEach((t) => t.dispose());
    }
  });
}
