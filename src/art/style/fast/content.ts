/**
 * The content images a style network learns from: a folder of pictures (searched recursively) or
 * `builtin` (the shipped photo and the shipped paintings other than the style), served as random
 * square crops whose positions and scales depend only on the run's seed and the step, so a resumed
 * run sees exactly the crops an uninterrupted one would.
 * @module
 */
import { readFileSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ArgumentError } from '../../../errors.js';
import { readImagePixels } from '../../../io/image.js';
import { tensor } from '../../../tensor/creation.js';
import { Random } from '../../../tensor/random.js';
import type { Tensor } from '../../../tensor/tensor.js';
import { byName, hasImageExtension, isIgnoredName } from '../../../data/image-files.js';
import { shippedPaintingsDir } from '../../assets.js';
import { mixSeed } from '../../gan/data.js';
import { imageSize, type NoticeSink } from '../images.js';

/** The name of the built-in content set. */
export const BUILTIN_CONTENT = 'builtin';

/** The shipped photo of people (assets/photos/figures.jpg): the default preview and the quality benchmark's content. */
export function shippedPhotoPath(): string {
  return fileURLToPath(new URL('../../../../../assets/photos/figures.jpg', import.meta.url));
}

/** A set of content images, with their sizes read from the headers. */
export interface ContentSet {
  /** `builtin` or the folder's absolute path. */
  readonly source: string;
  /** Readable images, sorted. */
  readonly files: readonly string[];
  /** `[height, width]` of each file. */
  readonly sizes: readonly (readonly [number, number])[];
}

/**
 * Opens `source` (`builtin` or a folder): lists its images (recursively, sorted), skips unreadable
 * ones with a notice, and throws naming the folder when none is left. `builtin` leaves out `style`.
 */
export async function openContentSet(op: string, source: string, style: string, notice: NoticeSink): Promise<ContentSet> {
  let files: string[];
  let where: string;
  if (source === BUILTIN_CONTENT) {
    const paintings = shippedPaintingsDir();
    const isStyle = sameImageFile(style);
    files = [shippedPhotoPath(), ...imagesIn(paintings).filter((p) => !isStyle(p))];
    where = BUILTIN_CONTENT;
  } else {
    where = resolve(source);
    let info;
    try {
      info = statSync(where);
    } catch {
      throw new ArgumentError(`${op}: content folder ${source} does not exist (give a folder of pictures, or '${BUILTIN_CONTENT}' for the shipped photo and paintings)`);
    }
    if (!info.isDirectory()) throw new ArgumentError(`${op}: ${source} is a file; the content argument is a folder of pictures (or '${BUILTIN_CONTENT}')`);
    files = imagesIn(where);
  }
  const readable: string[] = [];
  const sizes: [number, number][] = [];
  for (const f of files) {
    try {
      sizes.push(await imageSize(f));
      readable.push(f);
    } catch (e) {
      notice(`content image ${f} cannot be read (${(e as Error).message.split('\n')[0]}); skipped`);
    }
  }
  if (readable.length === 0) {
    throw new ArgumentError(`${op}: content folder ${source} holds no readable images (${files.length === 0 ? 'no files with an image extension' : `${files.length} image files, none readable`}); extensions read: .jpg .jpeg .png .webp .gif .tif .tiff .avif`);
  }
  return { source: where, files: readable, sizes };
}

/**
 * A test for "this file is the style image": the same real path, or the same bytes (the same
 * painting from another checkout or a copy, so a run resumed elsewhere leaves out the same picture).
 */
function sameImageFile(style: string): (path: string) => boolean {
  const info = statSync(style, { throwIfNoEntry: false });
  if (!info) return (path) => resolve(path) === resolve(style);
  const styleReal = realpathSync(style);
  let bytes: Buffer | null = null;
  return (path) => {
    if (realpathSync(path) === styleReal) return true;
    if (statSync(path).size !== info.size) return false;
    bytes ??= readFileSync(style);
    return readFileSync(path).equals(bytes);
  };
}

/** Image files under `dir`, recursively, sorted by path. */
function imagesIn(dir: string): string[] {
  const out: string[] = [];
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (isIgnoredName(entry.name)) continue;
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (hasImageExtension(entry.name)) out.push(path);
    }
  };
  walk(dir);
  return out.sort(byName);
}

/**
 * The content batch of `step`: `batchSize` random crops `[batchSize, size, size, 3]` in [0, 1]. Each
 * crop picks an image, scales it so its shorter side is between 1 and 1.5 times `size`, and cuts a
 * square at a random place; grey images become RGB and transparency is flattened onto white. Depends
 * only on `(seed, step)`.
 */
export async function contentBatch(set: ContentSet, size: number, batchSize: number, seed: number, step: number): Promise<Tensor> {
  const rng = new Random(mixSeed(seed, 0xc0de, step));
  const out = new Float32Array(batchSize * size * size * 3);
  for (let b = 0; b < batchSize; b++) {
    const i = Math.min(set.files.length - 1, Math.floor(rng.next() * set.files.length));
    const [h0, w0] = set.sizes[i]!;
    const scale = (size * (1 + 0.5 * rng.next())) / Math.min(h0, w0);
    const [h, w] = [Math.max(size, Math.round(h0 * scale)), Math.max(size, Math.round(w0 * scale))];
    const top = Math.floor(rng.next() * (h - size + 1));
    const left = Math.floor(rng.next() * (w - size + 1));
    const raw = await readImagePixels(set.files[i]!, { size: [h, w], fit: 'fill' });
    const base = b * size * size * 3;
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size * 3; x++) out[base + y * size * 3 + x] = raw.data[((top + y) * w + left) * 3 + x]! / 255;
    }
  }
  return tensor(out, [batchSize, size, size, 3]);
}
