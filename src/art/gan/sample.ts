/**
 * Sampling a trained GAN: N images, optionally of one class, with the truncation trick; written as
 * one grid (`.png`), one NumPy array (`.npy`) or one PNG per image (a folder).
 * @module
 */
import { mkdir } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { ArgumentError } from '../../errors.js';
import { Random } from '../../tensor/random.js';
import { tensor } from '../../tensor/creation.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { Model } from '../../model/model.js';
import { writeFileAtomic } from '../../io/index.js';
import { writeImage } from '../../io/image.js';
import { generate, gridPng, toUnitRange } from './pictures.js';
import { encodeNpyFloat32 } from './npy.js';
import { loadGanGenerator, type GanState } from './run-folder.js';

/** Options of {@link sampleGan}. */
export interface SampleGanOptions {
  /** Images to make (default 64). */
  count?: number;
  /** Class name (conditional runs): every image of this class. Default: classes in turn. */
  className?: string;
  /** Seeds the noise (default 0). */
  seed?: number;
  /**
   * Truncation trick: noise components beyond ±truncation are redrawn (smaller: more typical,
   * less varied images). Default: none.
   */
  truncation?: number;
  /** Sample from the generator's own weights instead of their average. */
  raw?: boolean;
  op?: string;
}

/** Samples, in [0, 1]. */
export interface GanSamples {
  /** `[N, size, size, channels]` float32 in [0, 1]. */
  readonly images: Tensor;
  /** Class index of each image (conditional runs), else null. */
  readonly labels: Int32Array | null;
  readonly classNames: readonly string[];
  readonly state: GanState;
}

/** Noise `[n, latentDim]` from a standard normal, truncated to ±truncation when given. */
export function sampleNoise(rng: Random, n: number, latentDim: number, truncation?: number): Tensor {
  if (truncation !== undefined && !(truncation > 0)) throw new ArgumentError(`sampleNoise: truncation must be positive, got ${truncation}`);
  const z = new Float32Array(n * latentDim);
  for (let i = 0; i < z.length; i++) {
    let v = rng.nextNormal();
    if (truncation !== undefined) while (Math.abs(v) > truncation) v = rng.nextNormal();
    z[i] = v;
  }
  return tensor(z, [n, latentDim]);
}

/** The class index of `name` in a conditional run; throws listing the classes when absent. */
export function classIndexOf(op: string, state: GanState, name: string | undefined): number | null {
  const k = state.settings.architecture.numClasses;
  if (name === undefined) return null;
  if (k === 0) throw new ArgumentError(`${op}: --class needs a conditional run; this run was trained without classes (train with --conditional)`);
  const i = state.settings.classNames.indexOf(name);
  if (i < 0) throw new ArgumentError(`${op}: no class '${name}'; the classes are ${state.settings.classNames.join(', ')}`);
  return i;
}

/** Labels `[n, 1]`: all `fixed`, or classes in turn. */
export function sampleLabels(n: number, numClasses: number, fixed: number | null): Tensor | null {
  if (numClasses === 0) return null;
  return tensor(Int32Array.from({ length: n }, (_, i) => fixed ?? i % numClasses), [n, 1], 'int32');
}

/** Draws images from a generator already loaded (see {@link sampleGan}). */
export function sampleFrom(generator: Model, state: GanState, options: SampleGanOptions = {}): GanSamples {
  const op = options.op ?? 'sampleGan';
  const n = options.count ?? 64;
  if (!(Number.isInteger(n) && n > 0)) throw new ArgumentError(`${op}: count must be a positive integer, got ${n}`);
  const arch = state.settings.architecture;
  const fixed = classIndexOf(op, state, options.className);
  const rng = new Random(options.seed ?? 0);
  const z = sampleNoise(rng, n, arch.latentDim, options.truncation);
  const labels = sampleLabels(n, arch.numClasses, fixed);
  const images = toUnitRange(generate(generator, z, labels));
  return { images, labels: labels ? Int32Array.from(labels.values as Int32Array) : null, classNames: state.settings.classNames, state };
}

/**
 * Draws `count` images from the run in `runDir` (its averaged generator by default).
 * @example const { images } = sampleGan('runs/digits', { count: 16, className: '7' });
 */
export function sampleGan(runDir: string, options: SampleGanOptions = {}): GanSamples {
  const op = options.op ?? 'sampleGan';
  const { generator, state } = loadGanGenerator(runDir, op, { useAverage: !options.raw });
  return sampleFrom(generator, state, options);
}

/**
 * Writes samples to `out`: a `.png` path gets one grid (each image captioned with its class when
 * the classes vary), a `.npy` path one float32 NHWC array in
 * [0, 1], anything else is a folder with one PNG per image (`sample-0000.png`, or
 * `sample-0000-<class>.png`). Returns a description of what was written.
 */
export async function writeSamples(samples: GanSamples, out: string): Promise<string> {
  const { images, labels, classNames } = samples;
  const n = images.shape[0]!;
  const ext = extname(out).toLowerCase();
  if (ext === '.png') {
    const captions = labels ? Array.from(labels, (l) => classNames[l]!) : [];
    // One class throughout (`--class`): the description names it, a caption under every image would only repeat it.
    const single = captions.length > 0 && captions.every((c) => c === captions[0]) ? captions[0]! : null;
    await gridPng(images, { path: out, ...(captions.length && !single && n <= 256 ? { labels: captions } : {}) });
    return `${out} (a grid of ${n} images${single ? ` of ${single}` : ''})`;
  }
  if (ext === '.npy') {
    await writeFileAtomic(out, encodeNpyFloat32(images.values as Float32Array, images.shape));
    return `${out} (float32 [${images.shape.join(', ')}], NHWC, values in [0, 1])`;
  }
  if (ext !== '') throw new ArgumentError(`writeSamples: ${out}: write a .png grid, a .npy array or a folder (no extension), not '${ext}'`);
  await mkdir(out, { recursive: true });
  const per = images.size / n;
  const digits = Math.max(4, String(n - 1).length);
  for (let i = 0; i < n; i++) {
    const one = tensor((images.values as Float32Array).slice(i * per, (i + 1) * per), images.shape.slice(1));
    const suffix = labels ? `-${classNames[labels[i]!]!.replace(/[^A-Za-z0-9_.-]+/g, '_')}` : '';
    await writeImage(join(out, `sample-${String(i).padStart(digits, '0')}${suffix}.png`), one);
  }
  return `${out}/ (${n} PNG files)`;
}
