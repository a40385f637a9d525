/**
 * Image classification data from a folder tree with one sub-folder per class, the layout of
 * torchvision's `ImageFolder` and Keras' `image_dataset_from_directory`:
 *
 * ```
 * root/van_gogh/starry_night.jpg
 * root/van_gogh/irises.png
 * root/monet/water_lilies.jpg
 * ```
 *
 * Images are decoded on demand, a batch at a time (the next batch decodes while the current one is
 * used), through an LRU cache of decoded 8-bit pixels. Unreadable files are skipped with a warning
 * and listed in {@link ImageFolderDataset.skipped}; they never abort an epoch.
 *
 * Adapter point for the model API: a split is an async source of `{ x, y }` batches with a known
 * size, so `Dataset.fromGenerator(() => dataset.train.batches(32, { augment }))` (src/data/dataset.ts)
 * is all `fit` needs; `numBatches` gives steps per epoch.
 * @module
 */
import { join, extname, sep } from 'node:path';
import { ArgumentError } from '../errors.js';
import { Random } from '../tensor/random.js';
import { tensor } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import type { DecodeRequest, RawImage, ResizeFit } from '../io/image-codec.js';
import { mapLimited } from '../io/map-limited.js';
import type { Augmentation } from './augment.js';
import { balancedClassWeights } from './class-weights.js';
import { findClassFolders, listFilesRecursively, validateFiles } from './image-folder-scan.js';
import { byName, hasImageExtension } from './image-files.js';
import { ImageLoader, type SkippedFile } from './image-loader.js';
import { LruCache } from './lru-cache.js';
import { stratifiedSplit } from './stratified-split.js';

export type { SkippedFile } from './image-loader.js';

/** Options of {@link ImageFolderDataset.create}. */
export interface ImageFolderOptions {
  /** Every image is resized to `[height, width]` while decoding. */
  imageSize: readonly [number, number];
  /** How images fill `imageSize` (default `'cover'`; see `readImage`). */
  fit?: ResizeFit;
  /** 3 (RGB, default) or 1 (grey, e.g. MNIST). */
  channels?: 1 | 3;
  /** Fraction of each class held out for validation (default 0.2; 0 for none). */
  validationSplit?: number;
  /** Seeds the split, shuffling and augmentation (default 0). */
  seed?: number;
  /** Class folders to use, in this order (default: every sub-folder, sorted by name). */
  classNames?: readonly string[];
  /** Decoded images kept in memory (default 1000); each costs `height * width * channels` bytes. */
  cacheSize?: number;
  /** Skip unreadable files with a warning (default true); false throws the first `ImageDecodeError`. */
  skipBadFiles?: boolean;
  /** Checks at creation: `'header'` (default, cheap), `'decode'` (full decode, finds truncated files early) or `'none'`. */
  validate?: 'header' | 'decode' | 'none';
  /** Receives warnings (default `console.warn`). */
  onWarning?: (message: string) => void;
  /** Images decoded at once (default 8). */
  concurrency?: number;
}

/** Options of {@link ImageFolderSplit.batches}. */
export interface BatchOptions {
  /** Visit samples in a new random order each epoch (default: true for train, false for validation). */
  shuffle?: boolean;
  /** Applied to each image (float pixels in [0, 1]) before batching. */
  augment?: Augmentation;
  /** Seeds this epoch's order and augmentation; by default each call continues the split's own seeded stream. */
  seed?: number;
  /** `'balanced'`: draw `size` samples with replacement, every class equally likely (default `'sequential'`). */
  sampling?: 'sequential' | 'balanced';
  /** Leave out a last batch smaller than `batchSize` (default false). */
  dropRemainder?: boolean;
}

/** One batch: images `[B, H, W, C]` float32 in [0, 1], labels int32 `[B]`, and the files they came from. */
export interface ImageBatch {
  readonly x: Tensor;
  readonly y: Tensor;
  readonly files: readonly string[];
}

/** The training or validation part of an {@link ImageFolderDataset}. */
export class ImageFolderSplit {
  private readonly rng: Random;

  /** @internal */
  constructor(
    /** `'train'` or `'validation'`. */
    readonly name: 'train' | 'validation',
    /** Image paths, in a fixed order. */
    readonly files: readonly string[],
    /** Class index of each file. */
    readonly labels: readonly number[],
    private readonly numClasses: number,
    private readonly loader: ImageLoader,
    seed: number,
  ) {
    this.rng = new Random((seed * 2 + (name === 'train' ? 1 : 2)) >>> 0);
  }

  /** Number of usable images (files found unreadable while iterating are no longer counted). */
  get size(): number {
    return this.files.length - this.files.filter((f) => this.loader.bad.has(f)).length;
  }

  /** Files of the data set left out so far (unreadable, corrupt or not images), with reasons; shared by both splits. */
  get skipped(): readonly SkippedFile[] {
    return this.loader.skipped;
  }

  /** Images per class. */
  get classCounts(): number[] {
    const counts = new Array<number>(this.numClasses).fill(0);
    this.files.forEach((f, i) => {
      if (!this.loader.bad.has(f)) counts[this.labels[i]!]!++;
    });
    return counts;
  }

  /** Batches per epoch for `batchSize` (steps per epoch for `fit`). */
  numBatches(batchSize: number, dropRemainder = false): number {
    return dropRemainder ? Math.floor(this.size / batchSize) : Math.ceil(this.size / batchSize);
  }

  /**
   * Streams one epoch of batches. Only the current and the next batch are decoded at any time
   * (plus what the cache keeps). Unreadable files are skipped and the batch is filled from the next files.
   */
  async *batches(batchSize: number, options: BatchOptions = {}): AsyncGenerator<ImageBatch, void, undefined> {
    if (!(Number.isInteger(batchSize) && batchSize > 0)) throw new ArgumentError(`ImageFolderSplit.batches: batchSize must be a positive integer, got ${batchSize}`);
    const sampling = options.sampling ?? 'sequential';
    if (sampling !== 'sequential' && sampling !== 'balanced') throw new ArgumentError(`ImageFolderSplit.batches: sampling must be 'sequential' or 'balanced', got '${String(sampling)}'`);
    const epochRng = options.seed !== undefined ? new Random(options.seed) : this.rng.fork();
    const augmentRng = epochRng.fork();
    const order = sampling === 'balanced' ? this.balancedOrder(epochRng) : this.sequentialOrder(options.shuffle ?? this.name === 'train', epochRng);
    const skippedBefore = this.loader.skipped.length;
    let cursor = 0;

    const nextBatch = async (): Promise<{ raws: RawImage[]; labels: number[]; files: string[] } | null> => {
      const raws: RawImage[] = [];
      const labels: number[] = [];
      const files: string[] = [];
      while (raws.length < batchSize && cursor < order.length) {
        const take = order.slice(cursor, cursor + batchSize - raws.length);
        cursor += take.length;
        const loaded = await mapLimited(take, this.loader.concurrency, (i) => this.loader.load(this.files[i]!));
        loaded.forEach((raw, j) => {
          if (!raw) return;
          raws.push(raw);
          labels.push(this.labels[take[j]!]!);
          files.push(this.files[take[j]!]!);
        });
      }
      if (raws.length === 0 || (options.dropRemainder && raws.length < batchSize)) return null;
      return { raws, labels, files };
    };

    let pending = nextBatch();
    pending.catch(() => undefined); // surfaced by the await below; avoids an unhandled rejection if the consumer stops early
    for (;;) {
      const batch = await pending;
      if (!batch) break;
      pending = nextBatch();
      pending.catch(() => undefined);
      yield assembleBatch(batch.raws, batch.labels, batch.files, options.augment, augmentRng);
    }
    const newlySkipped = this.loader.skipped.length - skippedBefore;
    if (newlySkipped > 0) {
      this.loader.warn(`ImageFolderDataset: ${newlySkipped} unreadable file(s) skipped in this ${this.name} epoch; ${this.loader.skipped.length} skipped in all (see dataset.skipped)`);
    }
  }

  private sequentialOrder(shuffle: boolean, rng: Random): number[] {
    const usable = this.files.map((_, i) => i).filter((i) => !this.loader.bad.has(this.files[i]!));
    if (!shuffle) return usable;
    const perm = rng.permutation(usable.length);
    return Array.from(perm, (k) => usable[k]!);
  }

  private balancedOrder(rng: Random): number[] {
    const byClass: number[][] = Array.from({ length: this.numClasses }, () => []);
    this.files.forEach((f, i) => {
      if (!this.loader.bad.has(f)) byClass[this.labels[i]!]!.push(i);
    });
    const present = byClass.filter((members) => members.length > 0);
    const total = present.reduce((n, members) => n + members.length, 0);
    return Array.from({ length: total }, () => {
      const members = present[rng.nextInt(0, present.length)]!;
      return members[rng.nextInt(0, members.length)]!;
    });
  }
}

/** Stacks decoded images into float32 `[B, H, W, C]`, augmenting each when asked. */
function assembleBatch(raws: RawImage[], labels: number[], files: string[], augment: Augmentation | undefined, rng: Random): ImageBatch {
  const images = raws.map((raw) => {
    const data = new Float32Array(raw.data.length);
    for (let i = 0; i < data.length; i++) data[i] = raw.data[i]! / 255;
    const pixels = { data, height: raw.height, width: raw.width, channels: raw.channels };
    return augment ? augment.onPixels(pixels, rng) : pixels;
  });
  const { height, width, channels } = images[0]!;
  const per = height * width * channels;
  const x = new Float32Array(per * images.length);
  images.forEach((p, i) => {
    if (p.height !== height || p.width !== width || p.channels !== channels) {
      throw new ArgumentError(`ImageFolderSplit.batches: augmented image ${files[i]} is [${p.height},${p.width},${p.channels}] but the batch is [${height},${width},${channels}]`);
    }
    x.set(p.data, i * per);
  });
  return { x: tensor(x, [images.length, height, width, channels]), y: tensor(Int32Array.from(labels), [labels.length], 'int32'), files };
}

/** A class-per-folder image dataset with a stratified train/validation split. See the module docs. */
export class ImageFolderDataset {
  private constructor(
    /** The folder scanned. */
    readonly root: string,
    /** Class names; a label is an index into this list. */
    readonly classNames: readonly string[],
    /** `[height, width]` of every image. */
    readonly imageSize: readonly [number, number],
    /** 1 or 3. */
    readonly channels: number,
    /** The training split. */
    readonly train: ImageFolderSplit,
    /** The validation split (empty with `validationSplit: 0`). */
    readonly validation: ImageFolderSplit,
    private readonly loader: ImageLoader,
  ) {}

  /**
   * Scans `root`, checks the files and splits every class deterministically.
   *
   * @example
   * const ds = await ImageFolderDataset.create('data/art', { imageSize: [64, 64], validationSplit: 0.2, seed: 1 });
   * for await (const { x, y } of ds.train.batches(32, { augment: randomFlipHorizontal() })) { ... }
   * @throws ArgumentError when root is missing, has no class folders, or a class has no images.
   */
  static async create(root: string, options: ImageFolderOptions): Promise<ImageFolderDataset> {
    const op = 'ImageFolderDataset.create';
    const warn = options.onWarning ?? ((message: string) => console.warn(message));
    const [height, width] = options.imageSize ?? [];
    if (!(Number.isInteger(height) && height > 0 && Number.isInteger(width) && width > 0)) {
      throw new ArgumentError(`${op}: imageSize must be [height, width] of positive integers, got ${JSON.stringify(options.imageSize)}`);
    }
    const validationSplit = options.validationSplit ?? 0.2;
    if (!(validationSplit >= 0 && validationSplit < 1)) throw new ArgumentError(`${op}: validationSplit must be in [0, 1), got ${validationSplit}`);
    const channels = options.channels ?? 3;
    if (channels !== 1 && channels !== 3) throw new ArgumentError(`${op}: channels must be 1 or 3, got ${String(channels)}`);
    const seed = options.seed ?? 0;
    const request: DecodeRequest = {
      channels, keepAlpha: false, background: [255, 255, 255], resize: { height: height, width: width, fit: options.fit ?? 'cover' },
      limitInputPixels: 0x3fff * 0x3fff, maxPixels: height * width, failOn: 'warning',
    };
    const loader = new ImageLoader(request, new LruCache(options.cacheSize ?? 1000), options.skipBadFiles ?? true, warn, options.concurrency ?? 8);

    const classNames = await findClassFolders(op, root, options.classNames, warn);
    const files: string[] = [];
    const labels: number[] = [];
    let seen = 0;
    const seenPerClass = new Array<number>(classNames.length).fill(0);
    for (const [c, name] of classNames.entries()) {
      for (const file of await listFilesRecursively(join(root, name))) {
        seen++;
        seenPerClass[c]!++;
        if (!hasImageExtension(file)) {
          if (!loader.skipBadFiles) throw new ArgumentError(`${op}: ${file} is not an image file (extension '${extname(file)}'); remove it or pass skipBadFiles: true`);
          loader.skip(file, `not an image file (extension '${extname(file) || 'none'}')`);
          continue;
        }
        files.push(file);
        labels.push(c);
      }
    }
    await validateFiles(files, options.validate ?? 'header', loader);
    loader.skipped.sort((a, b) => byName(a.file, b.file)); // checks ran concurrently; report in a stable order

    const usable = files.map((_, i) => i).filter((i) => !loader.bad.has(files[i]!));
    const counts = new Array<number>(classNames.length).fill(0);
    for (const i of usable) counts[labels[i]!]!++;
    const empty = classNames.map((_, c) => c).filter((c) => counts[c] === 0);
    if (empty.length > 0) {
      const describe = (c: number): string => {
        const dir = join(root, classNames[c]!);
        const n = seenPerClass[c]!;
        if (n === 0) return `class '${classNames[c]}' (${dir}) has no files`;
        const bad = loader.skipped.filter((s) => s.file.startsWith(dir + sep));
        const first = bad.slice(0, 3).map((s) => `${s.file}: ${s.reason}`).join('; ');
        return `class '${classNames[c]}' (${dir}) has ${n} file${n === 1 ? '' : 's'} and none decodes` +
          (first ? ` (${first}${bad.length > 3 ? `; and ${bad.length - 3} more` : ''})` : '');
      };
      throw new ArgumentError(`${op}: ${empty.map(describe).join('; ')}; every class needs at least one image that decodes: fix or replace the files`);
    }
    const usableFiles = usable.map((i) => files[i]!);
    const usableLabels = usable.map((i) => labels[i]!);
    const split = stratifiedSplit(usableLabels, classNames, validationSplit, seed);
    for (const c of split.singletons) {
      const only = usableFiles[usableLabels.indexOf(c)]!;
      warn(`ImageFolderDataset: class '${classNames[c]}' has a single image (${only}); it cannot be in both splits, so it is in train only`);
    }
    if (loader.skipped.length > 0) {
      warn(`ImageFolderDataset: skipped ${loader.skipped.length} of ${seen} files under ${root} (unreadable or not images); see dataset.skipped`);
    }
    const pick = (indices: number[]): [string[], number[]] => [indices.map((i) => usableFiles[i]!), indices.map((i) => usableLabels[i]!)];
    const train = new ImageFolderSplit('train', ...pick(split.train), classNames.length, loader, seed);
    const validation = new ImageFolderSplit('validation', ...pick(split.validation), classNames.length, loader, seed);
    return new ImageFolderDataset(root, classNames, [height, width], channels, train, validation, loader);
  }

  /** Number of classes. */
  get numClasses(): number {
    return this.classNames.length;
  }

  /** Files left out (unreadable, corrupt or not images), with reasons; grows if more are found while iterating. */
  get skipped(): readonly SkippedFile[] {
    return this.loader.skipped;
  }

  /** Usable images per class, both splits together. */
  get classCounts(): number[] {
    const train = this.train.classCounts;
    const validation = this.validation.classCounts;
    return train.map((n, c) => n + validation[c]!);
  }

  /** Balanced class weights of the training split (scikit-learn's `'balanced'`), indexed by class. */
  classWeights(): number[] {
    return balancedClassWeights(this.train.classCounts);
  }

  /** Decode-cache statistics. */
  get cacheStats(): { hits: number; misses: number; size: number; capacity: number } {
    const cache = this.loader.cache;
    return { hits: cache.hits, misses: cache.misses, size: cache.size, capacity: cache.capacity };
  }

  /** Batches of one split: `dataset.batches(32, { subset: 'validation' })` is `dataset.validation.batches(32)`. */
  batches(batchSize: number, options: BatchOptions & { subset?: 'train' | 'validation' } = {}): AsyncGenerator<ImageBatch, void, undefined> {
    return (options.subset === 'validation' ? this.validation : this.train).batches(batchSize, options);
  }
}
