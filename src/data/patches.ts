/**
 * Cutting paintings into labelled square patches, with a train/validation split that cannot leak:
 * no region of a painting is in both splits.
 *
 * The rule (as in the PyTorch reference `painting_patches_reference.py`):
 * - the label is the artist: from the images folder's `labels.json` when it has one (the shipped
 *   paintings do: proper names such as `Vincent van Gogh`), else from the file-name prefix
 *   ({@link artistFromFileName}), or from a CSV or JSON file that `labels` names;
 * - an artist with several paintings trains on all but the last (sorted by file name), which is
 *   held out whole for validation;
 * - an artist with one painting trains on patches from its left 75% and validates on its right 25%;
 *   patches never cross the boundary;
 * - paintings larger than `maxSide` (512) on the long side are downscaled first, like PIL's `thumbnail`.
 *
 * One deliberate difference: where the right 25% is narrower than a patch (the 192-pixel Monet), the
 * reference crops past the edge (PIL pads with black); here the boundary moves left to `width - size`
 * so every patch is painting. `manifest.json` records every patch's source, region, label and split.
 * @module
 */
import { mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { ArgumentError } from '../errors.js';
import { Random } from '../tensor/random.js';
import { getImageCodec, type RawImage } from '../io/image-codec.js';
import { readImagePixels } from '../io/image.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { mapLimited } from '../io/map-limited.js';
import { byName, hasImageExtension, isIgnoredName } from './image-files.js';
import { parseLabelsCsv } from './labels-csv.js';

/**
 * The artist encoded in a file name: its first two underscore-separated words
 * (`vincent_van_gogh_the_starry_night.jpg` → `vincent_van`), except names starting with `jmw`
 * (`jmw_turner_...` → `jmw_turner`). This is the reference's rule, kept byte for byte.
 */
export function artistFromFileName(fileName: string): string {
  const name = basename(fileName);
  return name.startsWith('jmw') ? 'jmw_turner' : name.split('_').slice(0, 2).join('_');
}

/** The labels file that {@link cutPatches} reads from an images folder by default (`assets/paintings` ships one). */
const LABELS_FILE = 'labels.json';

/** Options of {@link cutPatches}. */
export interface CutPatchesOptions {
  /** Patch side in pixels (default 64). */
  size?: number;
  /** Patches per training painting (default 300). */
  perImage?: number;
  /** Patches per validation painting or region (default 100). */
  valPerImage?: number;
  /**
   * Where labels come from: `'prefix'` ({@link artistFromFileName}), the path of a CSV of
   * `file,label` rows, or the path of a JSON object `{ "file": "label" }`. Default: the images
   * folder's `labels.json` when it exists, else `'prefix'`.
   */
  labels?: string;
  /** Seeds patch positions (default 0). */
  seed?: number;
  /** Downscale paintings so the long side is at most this first (default 512). */
  maxSide?: number;
  /** Fraction of a lone painting's width used for training (default 0.75). */
  trainFraction?: number;
  /** Replace an existing `train/`, `val/` and `manifest.json` in `outDir` (default false: refuse). */
  overwrite?: boolean;
  /** Receives warnings (default `console.warn`). */
  onWarning?: (message: string) => void;
}

/** What a painting contributes, in the downscaled image's pixel coordinates. */
export interface PatchSource {
  /** File name inside `imagesDir`. */
  readonly file: string;
  readonly label: string;
  readonly width: number;
  readonly height: number;
  /** `'train'` or `'val'` (the whole painting), or `'split'` (left part train, right part val). */
  readonly role: 'train' | 'val' | 'split';
  /** For `'split'`: train patches lie in x < boundary, validation patches in x >= boundary. */
  readonly boundary?: number;
}

/** One patch: where it came from and where it went. */
export interface PatchRecord {
  /** Path of the PNG relative to `outDir`, e.g. `train/vincent_van/vincent_van_gogh_olive_trees_0007.png`. */
  readonly path: string;
  /** Source file name. */
  readonly source: string;
  readonly label: string;
  readonly split: 'train' | 'val';
  /** Top-left corner and size of the region in the downscaled painting. */
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** The contents of `manifest.json`. */
export interface PatchManifest {
  readonly version: 1;
  readonly size: number;
  readonly seed: number;
  readonly maxSide: number;
  readonly labels: string;
  /** Sorted class names. */
  readonly classes: readonly string[];
  readonly sources: readonly PatchSource[];
  readonly patches: readonly PatchRecord[];
}

/** Plans where every patch goes, without reading pixels (the split rule in one pure function). */
export function planPatches(
  paintings: readonly { file: string; label: string; width: number; height: number }[],
  options: { size: number; perImage: number; valPerImage: number; seed: number; trainFraction?: number },
): { sources: PatchSource[]; patches: PatchRecord[] } {
  const { size, perImage, valPerImage } = options;
  const trainFraction = options.trainFraction ?? 0.75;
  const rng = new Random(options.seed);
  const labels = [...new Set(paintings.map((p) => p.label))].sort(byName);
  const sources: PatchSource[] = [];
  const patches: PatchRecord[] = [];
  const add = (source: PatchSource, split: 'train' | 'val', count: number, xMin: number, xMax: number): void => {
    const stem = basename(source.file, extname(source.file));
    for (let i = 0; i < count; i++) {
      const x = rng.nextInt(xMin, xMax + 1);
      const y = rng.nextInt(0, source.height - size + 1);
      const path = `${split}/${source.label}/${stem}_${String(i).padStart(4, '0')}.png`;
      patches.push({ path, source: source.file, label: source.label, split, x, y, width: size, height: size });
    }
  };
  for (const label of labels) {
    const group = paintings.filter((p) => p.label === label).sort((a, b) => byName(a.file, b.file));
    for (const [k, painting] of group.entries()) {
      if (painting.width < size || painting.height < size) {
        throw new ArgumentError(`cutPatches: ${painting.file} is ${painting.width}×${painting.height} after downscaling, smaller than a ${size}-pixel patch`);
      }
      if (group.length > 1) {
        const role = k === group.length - 1 ? 'val' : 'train';
        const source: PatchSource = { ...painting, role };
        sources.push(source);
        add(source, role, role === 'val' ? valPerImage : perImage, 0, painting.width - size);
        continue;
      }
      const boundary = Math.min(Math.floor(painting.width * trainFraction), painting.width - size);
      if (boundary < size) {
        throw new ArgumentError(`cutPatches: ${painting.file} (the only painting of '${label}') is ${painting.width} pixels wide; ` +
          `splitting it left/right needs at least ${2 * size} so each side holds a ${size}-pixel patch`);
      }
      const source: PatchSource = { ...painting, role: 'split', boundary };
      sources.push(source);
      add(source, 'train', perImage, 0, boundary - size);
      add(source, 'val', valPerImage, boundary, painting.width - size);
    }
  }
  return { sources, patches };
}

/**
 * Cuts labelled patches from every image in `imagesDir` into `outDir/train/<label>/*.png` and
 * `outDir/val/<label>/*.png` (an image-folder tree), and writes `outDir/manifest.json` last.
 *
 * @example
 * const manifest = await cutPatches('assets/paintings', 'runs/patches', { size: 64, perImage: 300, valPerImage: 100, seed: 0 });
 * const ds = await ImageFolderDataset.create('runs/patches/train', { imageSize: [64, 64], validationSplit: 0 });
 */
export async function cutPatches(imagesDir: string, outDir: string, options: CutPatchesOptions = {}): Promise<PatchManifest> {
  const size = positiveInt('size', options.size ?? 64);
  const perImage = positiveInt('perImage', options.perImage ?? 300);
  const valPerImage = positiveInt('valPerImage', options.valPerImage ?? 100);
  const maxSide = positiveInt('maxSide', options.maxSide ?? 512);
  const seed = options.seed ?? 0;
  const labelsFrom = options.labels ?? (await isFile(join(imagesDir, LABELS_FILE)) ? join(imagesDir, LABELS_FILE) : 'prefix');
  const warn = options.onWarning ?? ((m: string) => console.warn(m));
  const trainFraction = options.trainFraction ?? 0.75;
  if (!(trainFraction > 0 && trainFraction < 1)) throw new ArgumentError(`cutPatches: trainFraction must be in (0, 1), got ${trainFraction}`);

  const files = await listImages(imagesDir);
  const labelOf = await labelLookup(labelsFrom, imagesDir, files, warn);
  const labelled = files.filter((f) => labelOf.has(f));
  if (labelled.length === 0) throw new ArgumentError(`cutPatches: no labelled images in '${imagesDir}'`);
  await prepareOutput(outDir, options.overwrite ?? false);

  const codec = await getImageCodec();
  const decoded = new Map<string, RawImage>();
  for (const file of labelled) decoded.set(file, await readImagePixels(join(imagesDir, file), { maxSide, channels: 3 }));
  const paintings = labelled.map((file) => ({ file, label: labelOf.get(file)!, width: decoded.get(file)!.width, height: decoded.get(file)!.height }));
  const { sources, patches } = planPatches(paintings, { size, perImage, valPerImage, seed, trainFraction });

  for (const dir of new Set(patches.map((p) => join(outDir, p.split, p.label)))) await mkdir(dir, { recursive: true });
  await mapLimited(patches, 8, async (patch) => {
    const pixels = crop(decoded.get(patch.source)!, patch.x, patch.y, patch.width, patch.height);
    await writeFile(join(outDir, patch.path), await codec.encode(pixels, { format: 'png', quality: 100 }));
  });
  const manifest: PatchManifest = { version: 1, size, seed, maxSide, labels: labelsFrom, classes: [...new Set(paintings.map((p) => p.label))].sort(byName), sources, patches };
  await writeFileAtomic(join(outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 1)}\n`);
  return manifest;
}

/** Copies a `width × height` window at (x, y) out of 8-bit pixels. */
export function crop(image: RawImage, x: number, y: number, width: number, height: number): RawImage {
  if (x < 0 || y < 0 || x + width > image.width || y + height > image.height) {
    throw new ArgumentError(`crop: window ${width}×${height} at (${x}, ${y}) is outside the ${image.width}×${image.height} image`);
  }
  const c = image.channels;
  const data = new Uint8Array(width * height * c);
  for (let row = 0; row < height; row++) {
    const from = ((y + row) * image.width + x) * c;
    data.set(image.data.subarray(from, from + width * c), row * width * c);
  }
  return { data, width, height, channels: c };
}

async function listImages(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    throw new ArgumentError(`cutPatches: images folder '${dir}' does not exist or cannot be read`);
  }
  return entries.filter((e) => e.isFile() && !isIgnoredName(e.name) && hasImageExtension(e.name)).map((e) => e.name).sort(byName);
}

async function labelLookup(labels: string, dir: string, files: string[], warn: (m: string) => void): Promise<Map<string, string>> {
  if (labels === 'prefix') return new Map(files.map((f) => [f, artistFromFileName(f)]));
  const text = await readFile(labels, 'utf8').catch(() => {
    throw new ArgumentError(`cutPatches: labels file '${labels}' cannot be read`);
  });
  const rows = extname(labels).toLowerCase() === '.json' ? parseLabelsJson(text, labels) : parseLabelsCsv(text, labels);
  const lookup = new Map<string, string>();
  for (const { file, label } of rows) {
    const name = basename(file);
    if (!files.includes(name)) throw new ArgumentError(`cutPatches: ${labels} names '${file}', which is not an image in '${dir}'`);
    lookup.set(name, label);
  }
  const unlabelled = files.filter((f) => !lookup.has(f));
  if (unlabelled.length > 0) warn(`cutPatches: ${unlabelled.length} image(s) have no label in ${labels} and are left out: ${unlabelled.join(', ')}`);
  return lookup;
}

/** Reads a JSON object `{ "file": "label" }` as `file,label` rows. */
function parseLabelsJson(text: string, path: string): { file: string; label: string }[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new ArgumentError(`cutPatches: labels file '${path}' is not valid JSON: ${(e as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ArgumentError(`cutPatches: labels file '${path}' must hold an object mapping file names to labels`);
  }
  return Object.entries(parsed).map(([file, label]) => {
    if (typeof label !== 'string' || label.trim() === '' || /[/\\]/.test(label) || label.trim() === '.' || label.trim() === '..') {
      throw new ArgumentError(`cutPatches: labels file '${path}': the label of '${file}' must be a non-empty string usable as a folder name, got ${JSON.stringify(label)}`);
    }
    return { file, label: label.trim() };
  });
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then((s) => s.isFile(), () => false);
}

async function prepareOutput(outDir: string, overwrite: boolean): Promise<void> {
  const existing: string[] = [];
  for (const name of ['train', 'val', 'manifest.json']) {
    if (await stat(join(outDir, name)).then(() => true, () => false)) existing.push(name);
  }
  if (existing.length === 0) return;
  if (!overwrite) throw new ArgumentError(`cutPatches: '${outDir}' already has ${existing.join(', ')}; pass overwrite: true to replace them`);
  for (const name of existing) await rm(join(outDir, name), { recursive: true, force: true });
}

function positiveInt(name: string, value: number): number {
  if (!(Number.isInteger(value) && value > 0)) throw new ArgumentError(`cutPatches: ${name} must be a positive integer, got ${value}`);
  return value;
}
