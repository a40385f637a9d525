/**
 * GAN training data held in memory as images in [-1, 1] (the generator's tanh range): the built-in
 * MNIST digits, any class-per-folder image tree or flat folder of images (mixed sizes are resized
 * with `cover`: scaled, then the centre cropped), or the `train/` + `val/`
 * painting-patch folders that `atelier dataset patches` writes (the `val/` patches are held out for
 * the memorisation check).
 * @module
 */
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { ArgumentError } from '../../errors.js';
import { tensor } from '../../tensor/creation.js';
import type { Tensor } from '../../tensor/tensor.js';
import { Random } from '../../tensor/random.js';
import { resizeBilinear } from '../../ops/resize.js';
import { loadMnist } from '../../data/mnist.js';
import { ImageFolderDataset, type ImageFolderSplit } from '../../data/image-folder.js';

/** The built-in data set names. */
export const BUILT_IN_DATA = ['mnist'] as const;

/** Images in memory, `[-1, 1]`, NHWC. */
export interface GanImages {
  /** `n · size · size · channels` values. */
  readonly pixels: Float32Array;
  /** Class index per image (all 0 without classes). */
  readonly labels: Int32Array;
  readonly count: number;
  readonly size: number;
  readonly channels: 1 | 3;
}

/** A data set for GAN training. */
export interface GanData {
  /** `mnist` or the folder's absolute path. */
  readonly source: string;
  readonly classNames: readonly string[];
  readonly train: GanImages;
  /** Real images never trained on (MNIST: none; patches: `val/`), for the memorisation check. */
  readonly heldOut: GanImages | null;
}

/** Options of {@link openGanData}. */
export interface OpenGanDataOptions {
  /** Image side (28, 32 or 64). */
  size: number;
  /** Default: 1 for MNIST, 3 for folders. */
  channels?: 1 | 3;
  onWarning?: (message: string) => void;
  op?: string;
}

async function isFolder(path: string): Promise<boolean> {
  return stat(path).then((s) => s.isDirectory(), () => false);
}

/**
 * Loads `source` (`mnist` or a folder) at `size × size`. MNIST gives all 10,000 digits of the
 * `mnist` package (classes `0`–`9`), resized when `size` is not 28.
 */
export async function openGanData(source: string, options: OpenGanDataOptions): Promise<GanData> {
  const op = options.op ?? 'openGanData';
  if (source === 'mnist') return mnistData(options.size, options.channels ?? 1, op);
  const root = resolve(source);
  if (!(await isFolder(root))) {
    throw new ArgumentError(`${op}: ${source} is neither a built-in data set (${BUILT_IN_DATA.join(', ')}) nor an image folder`);
  }
  const channels = options.channels ?? 3;
  const patches = (await isFolder(join(root, 'train'))) && (await isFolder(join(root, 'val')));
  const trainRoot = patches ? join(root, 'train') : root;
  const ds = await openFolder(trainRoot, options.size, channels, options.onWarning);
  const train = await readSplit(ds.train, options.size, channels);
  let heldOut: GanImages | null = null;
  if (patches) {
    const val = await openFolder(join(root, 'val'), options.size, channels, options.onWarning);
    const mapping = val.classNames.map((n) => ds.classNames.indexOf(n));
    const images = await readSplit(val.train, options.size, channels);
    heldOut = { ...images, labels: images.labels.map((l) => mapping[l]!) };
  }
  return { source: root, classNames: ds.classNames, train, heldOut };
}

/**
 * A class-per-folder tree, or a flat folder of images (one class named after the folder: an
 * unconditional GAN needs no classes).
 */
async function openFolder(root: string, size: number, channels: 1 | 3, onWarning?: (m: string) => void): Promise<ImageFolderDataset> {
  const options = { imageSize: [size, size] as const, channels, validationSplit: 0, cacheSize: 0 };
  const entries = await readdir(root, { withFileTypes: true });
  if (entries.some((e) => e.isDirectory() && !e.name.startsWith('.'))) return ImageFolderDataset.create(root, { ...options, ...(onWarning ? { onWarning } : {}) });
  // The folder itself is the one class: scan its parent for just this folder, without the note about its siblings.
  const quiet = (m: string) => {
    if (!m.startsWith('ImageFolderDataset: ignoring folder')) (onWarning ?? console.warn)(m);
  };
  return ImageFolderDataset.create(dirname(root), { ...options, classNames: [basename(root)], onWarning: quiet });
}

async function readSplit(split: ImageFolderSplit, size: number, channels: 1 | 3): Promise<GanImages> {
  const per = size * size * channels;
  const pixels = new Float32Array(split.size * per);
  const labels = new Int32Array(split.size);
  let n = 0;
  for await (const batch of split.batches(256, { shuffle: false })) {
    const values = batch.x.values as Float32Array;
    for (let i = 0; i < values.length; i++) pixels[n * per + i] = values[i]! * 2 - 1;
    labels.set(batch.y.values, n);
    n += batch.y.size;
  }
  return { pixels: pixels.subarray(0, n * per), labels: labels.subarray(0, n), count: n, size, channels };
}

async function mnistData(size: number, channels: 1 | 3, op: string): Promise<GanData> {
  if (channels !== 1) throw new ArgumentError(`${op}: mnist has one grey channel; channels must be 1, got ${channels}`);
  const { xTrain, yTrain } = await loadMnist({ trainSize: 10000, testSize: 0, seed: 0 });
  let x: Tensor = xTrain;
  if (size !== 28) x = resizeBilinear(xTrain, [size, size]);
  const pixels = Float32Array.from(x.values as Float32Array, (v) => v * 2 - 1);
  return {
    source: 'mnist', classNames: Array.from({ length: 10 }, (_, i) => String(i)),
    train: { pixels, labels: Int32Array.from(yTrain.values as Int32Array), count: yTrain.size, size, channels: 1 },
    heldOut: null,
  };
}

/** The rows `indices` of `images` as a batch `[B, size, size, channels]` and their labels `[B, 1]`. */
export function gatherBatch(images: GanImages, indices: ArrayLike<number>): { x: Tensor; labels: Tensor } {
  const per = images.size * images.size * images.channels;
  const b = indices.length;
  const x = new Float32Array(b * per);
  const y = new Int32Array(b);
  for (let i = 0; i < b; i++) {
    const r = indices[i]!;
    x.set(images.pixels.subarray(r * per, (r + 1) * per), i * per);
    y[i] = images.labels[r]!;
  }
  return { x: tensor(x, [b, images.size, images.size, images.channels]), labels: tensor(y, [b, 1], 'int32') };
}

/** A 32-bit seed mixed from several integers (splitmix-style), so per-epoch and per-step streams are independent. */
export function mixSeed(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const p of parts) {
    h = Math.imul(h ^ (p >>> 0), 0x85ebca6b) >>> 0;
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
    h ^= h >>> 16;
  }
  return h >>> 0;
}

/** The order of epoch `epoch`'s samples: a permutation that depends only on the seed and the epoch. */
export function epochOrder(count: number, seed: number, epoch: number): Int32Array {
  return new Random(mixSeed(seed, 0xe90c, epoch)).permutation(count);
}
