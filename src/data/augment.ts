/**
 * Seeded data augmentation for images `[H, W, C]` or batches `[B, H, W, C]` (float32, values in
 * [0, 1]: augment before normalising). Every augmentation is a pure function of (image, Random):
 * the same seed gives the same pictures, on any machine.
 *
 * @example
 * const augment = compose([randomCrop([64, 64], { padding: 4 }), randomFlipHorizontal(), randomRotation(10),
 *   colorJitter({ brightness: 0.2, contrast: 0.2, saturation: 0.2 }), randomErasing({ probability: 0.25 })]);
 * const out = augment(image, new Random(42));
 * @module
 */
import { ArgumentError } from '../errors.js';
import type { Random } from '../tensor/random.js';
import type { Tensor } from '../tensor/tensor.js';
import { pixelsToTensor, tensorToPixels, type Pixels } from './pixels.js';

/** A random image transform. In a batch each image draws its own parameters, in order, from `rng`. */
export interface Augmentation {
  (image: Tensor, rng: Random): Tensor;
  /** The same transform on one image's pixels; lets {@link compose} skip tensor round trips. */
  readonly onPixels: (image: Pixels, rng: Random) => Pixels;
}

/** Wraps a per-image pixel transform as an {@link Augmentation} that accepts images and batches. */
export function augmentation(name: string, onPixels: (image: Pixels, rng: Random) => Pixels): Augmentation {
  const apply = (image: Tensor, rng: Random): Tensor => {
    const { images, batched } = tensorToPixels(name, image);
    return pixelsToTensor(name, images.map((p) => onPixels(p, rng)), batched);
  };
  return Object.assign(apply, { onPixels });
}

/** Applies `steps` in order. */
export function compose(steps: readonly Augmentation[]): Augmentation {
  return augmentation('compose', (image, rng) => steps.reduce((p, step) => step.onPixels(p, rng), image));
}

/** Mirrors left and right (deterministic). Applying it twice gives the original back. */
export function flipHorizontal(image: Tensor): Tensor {
  const { images, batched } = tensorToPixels('flipHorizontal', image);
  return pixelsToTensor('flipHorizontal', images.map(flipPixels), batched);
}

/** Mirrors each image left-right with probability `probability`. */
export function randomFlipHorizontal(probability = 0.5): Augmentation {
  assertProbability('randomFlipHorizontal', probability);
  return augmentation('randomFlipHorizontal', (p, rng) => (rng.next() < probability ? flipPixels(p) : p));
}

/** Options of {@link randomCrop}. */
export interface RandomCropOptions {
  /** Pixels added on every side before cropping (default 0), as torchvision's `RandomCrop(padding=...)`. */
  padding?: number;
  /** `'constant'` (default, `fill`) or `'reflect'` (mirror without repeating the edge). */
  padMode?: 'constant' | 'reflect';
  /** Value of constant padding (default 0). */
  fill?: number;
}

/** Cuts a random `[height, width]` window, after optional padding. */
export function randomCrop(size: readonly [number, number], options: RandomCropOptions = {}): Augmentation {
  const [height, width] = size;
  const padding = options.padding ?? 0;
  if (!(Number.isInteger(height) && height > 0 && Number.isInteger(width) && width > 0)) {
    throw new ArgumentError(`randomCrop: size must be [height, width] of positive integers, got [${size.join(', ')}]`);
  }
  if (!(Number.isInteger(padding) && padding >= 0)) throw new ArgumentError(`randomCrop: padding must be a non-negative integer, got ${padding}`);
  const fill = options.fill ?? 0;
  const reflect = (options.padMode ?? 'constant') === 'reflect';
  return augmentation('randomCrop', (p, rng) => {
    const paddedH = p.height + 2 * padding;
    const paddedW = p.width + 2 * padding;
    if (height > paddedH || width > paddedW) {
      throw new ArgumentError(`randomCrop: crop [${height},${width}] is larger than the image [${p.height},${p.width}] padded by ${padding}`);
    }
    if (reflect && padding > 0 && (padding >= p.height || padding >= p.width)) {
      throw new ArgumentError(`randomCrop: reflect padding ${padding} needs an image larger than it, got [${p.height},${p.width}]`);
    }
    const top = rng.nextInt(0, paddedH - height + 1) - padding;
    const left = rng.nextInt(0, paddedW - width + 1) - padding;
    const c = p.channels;
    const out = new Float32Array(height * width * c);
    for (let y = 0; y < height; y++) {
      let sy = top + y;
      const rowInside = sy >= 0 && sy < p.height;
      if (!rowInside && reflect) sy = reflectIndex(sy, p.height);
      for (let x = 0; x < width; x++) {
        let sx = left + x;
        const inside = rowInside && sx >= 0 && sx < p.width;
        const o = (y * width + x) * c;
        if (!inside && !reflect) {
          out.fill(fill, o, o + c);
          continue;
        }
        if (sx < 0 || sx >= p.width) sx = reflectIndex(sx, p.width);
        const s = (sy * p.width + sx) * c;
        for (let k = 0; k < c; k++) out[o + k] = p.data[s + k]!;
      }
    }
    return { data: out, height, width, channels: c };
  });
}

/** Rotates about the centre by `degrees` (positive: counter-clockwise), bilinear, same size, `fill` outside. */
export function rotate(image: Tensor, degrees: number, fill = 0): Tensor {
  const { images, batched } = tensorToPixels('rotate', image);
  return pixelsToTensor('rotate', images.map((p) => rotatePixels(p, degrees, fill)), batched);
}

/** Rotates by an angle drawn uniformly from [-maxDegrees, maxDegrees]. */
export function randomRotation(maxDegrees: number, options: { fill?: number } = {}): Augmentation {
  if (!(maxDegrees >= 0 && maxDegrees <= 180)) throw new ArgumentError(`randomRotation: maxDegrees must be in [0, 180], got ${maxDegrees}`);
  const fill = options.fill ?? 0;
  return augmentation('randomRotation', (p, rng) => rotatePixels(p, (2 * rng.next() - 1) * maxDegrees, fill));
}

/** Strengths of {@link colorJitter}: each factor is drawn uniformly from [max(0, 1 - s), 1 + s]. */
export interface ColorJitterOptions {
  brightness?: number;
  contrast?: number;
  saturation?: number;
}

/**
 * Random brightness (scale), contrast (blend with the mean grey level) and saturation (blend with
 * each pixel's grey), as torchvision's ColorJitter but in that fixed order; results clipped to [0, 1].
 * Saturation is skipped for one-channel images; an alpha channel is left alone.
 */
export function colorJitter(options: ColorJitterOptions): Augmentation {
  const brightness = strength('brightness', options.brightness);
  const contrast = strength('contrast', options.contrast);
  const saturation = strength('saturation', options.saturation);
  return augmentation('colorJitter', (p, rng) => {
    const b = brightness > 0 ? factor(rng, brightness) : 1;
    const c = contrast > 0 ? factor(rng, contrast) : 1;
    const s = saturation > 0 ? factor(rng, saturation) : 1;
    const out = new Float32Array(p.data);
    const colour = p.channels >= 3 ? 3 : 1;
    const pixels = p.height * p.width;
    const at = (i: number, k: number): number => i * p.channels + k;
    const grey = (i: number): number => (colour === 3 ? 0.299 * out[at(i, 0)]! + 0.587 * out[at(i, 1)]! + 0.114 * out[at(i, 2)]! : out[at(i, 0)]!);
    if (b !== 1) for (let i = 0; i < pixels; i++) for (let k = 0; k < colour; k++) out[at(i, k)] = clip01(out[at(i, k)]! * b);
    if (c !== 1) {
      let mean = 0;
      for (let i = 0; i < pixels; i++) mean += grey(i);
      mean /= pixels;
      for (let i = 0; i < pixels; i++) for (let k = 0; k < colour; k++) out[at(i, k)] = clip01(c * out[at(i, k)]! + (1 - c) * mean);
    }
    if (s !== 1 && colour === 3) {
      for (let i = 0; i < pixels; i++) {
        const g = grey(i);
        for (let k = 0; k < 3; k++) out[at(i, k)] = clip01(s * out[at(i, k)]! + (1 - s) * g);
      }
    }
    return { ...p, data: out };
  });
}

/** Options of {@link randomErasing} (torchvision's RandomErasing defaults). */
export interface RandomErasingOptions {
  /** Chance an image gets a rectangle erased (default 0.5). */
  probability?: number;
  /** Range of the erased area as a fraction of the image (default [0.02, 0.33]). */
  scale?: readonly [number, number];
  /** Range of the rectangle's aspect ratio height/width, sampled log-uniformly (default [0.3, 3.3]). */
  ratio?: readonly [number, number];
  /** Value written into the rectangle (default 0). */
  value?: number;
}

/** Overwrites a random rectangle with `value` (Zhong et al. 2017), trying 10 times to fit one. */
export function randomErasing(options: RandomErasingOptions = {}): Augmentation {
  const probability = options.probability ?? 0.5;
  assertProbability('randomErasing', probability);
  const [minScale, maxScale] = options.scale ?? [0.02, 0.33];
  const [minRatio, maxRatio] = options.ratio ?? [0.3, 3.3];
  if (!(minScale > 0 && minScale <= maxScale && maxScale <= 1)) throw new ArgumentError(`randomErasing: scale must satisfy 0 < min <= max <= 1, got [${minScale}, ${maxScale}]`);
  if (!(minRatio > 0 && minRatio <= maxRatio)) throw new ArgumentError(`randomErasing: ratio must satisfy 0 < min <= max, got [${minRatio}, ${maxRatio}]`);
  const value = options.value ?? 0;
  return augmentation('randomErasing', (p, rng) => {
    if (rng.next() >= probability) return p;
    const area = p.height * p.width;
    for (let attempt = 0; attempt < 10; attempt++) {
      const target = area * (minScale + (maxScale - minScale) * rng.next());
      const aspect = Math.exp(Math.log(minRatio) + (Math.log(maxRatio) - Math.log(minRatio)) * rng.next());
      const h = Math.round(Math.sqrt(target * aspect));
      const w = Math.round(Math.sqrt(target / aspect));
      if (h < 1 || w < 1 || h >= p.height || w >= p.width) continue;
      const top = rng.nextInt(0, p.height - h + 1);
      const left = rng.nextInt(0, p.width - w + 1);
      const out = new Float32Array(p.data);
      for (let y = top; y < top + h; y++) out.fill(value, (y * p.width + left) * p.channels, (y * p.width + left + w) * p.channels);
      return { ...p, data: out };
    }
    return p;
  });
}

function flipPixels(p: Pixels): Pixels {
  const out = new Float32Array(p.data.length);
  const c = p.channels;
  for (let y = 0; y < p.height; y++) {
    for (let x = 0; x < p.width; x++) {
      const s = (y * p.width + x) * c;
      const o = (y * p.width + (p.width - 1 - x)) * c;
      for (let k = 0; k < c; k++) out[o + k] = p.data[s + k]!;
    }
  }
  return { ...p, data: out };
}

function rotatePixels(p: Pixels, degrees: number, fill: number): Pixels {
  const theta = (degrees * Math.PI) / 180;
  const cos = Math.cos(theta);
  const sin = Math.sin(theta);
  const cx = (p.width - 1) / 2;
  const cy = (p.height - 1) / 2;
  const c = p.channels;
  const out = new Float32Array(p.data.length);
  const sample = (x: number, y: number, k: number): number =>
    x >= 0 && x < p.width && y >= 0 && y < p.height ? p.data[(y * p.width + x) * c + k]! : fill;
  for (let y = 0; y < p.height; y++) {
    for (let x = 0; x < p.width; x++) {
      // Inverse map: where in the source does this output pixel come from (y axis points down).
      const dx = x - cx;
      const dy = y - cy;
      let sx = cx + dx * cos - dy * sin;
      let sy = cy + dx * sin + dy * cos;
      // Snap away float noise so that right angles are exact permutations.
      if (Math.abs(sx - Math.round(sx)) < 1e-9) sx = Math.round(sx);
      if (Math.abs(sy - Math.round(sy)) < 1e-9) sy = Math.round(sy);
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const fx = sx - x0;
      const fy = sy - y0;
      const o = (y * p.width + x) * c;
      for (let k = 0; k < c; k++) {
        const top = sample(x0, y0, k) * (1 - fx) + (fx > 0 ? sample(x0 + 1, y0, k) * fx : 0);
        const bottom = fy > 0 ? sample(x0, y0 + 1, k) * (1 - fx) + (fx > 0 ? sample(x0 + 1, y0 + 1, k) * fx : 0) : 0;
        out[o + k] = top * (1 - fy) + bottom * fy;
      }
    }
  }
  return { ...p, data: out };
}

function reflectIndex(i: number, n: number): number {
  if (n === 1) return 0;
  const period = 2 * (n - 1);
  const m = ((i % period) + period) % period;
  return m < n ? m : period - m;
}

function factor(rng: Random, s: number): number {
  const low = Math.max(0, 1 - s);
  return low + (1 + s - low) * rng.next();
}

function strength(name: string, value: number | undefined): number {
  const v = value ?? 0;
  if (!(v >= 0)) throw new ArgumentError(`colorJitter: ${name} must be a non-negative number, got ${String(value)}`);
  return v;
}

function assertProbability(op: string, p: number): void {
  if (!(p >= 0 && p <= 1)) throw new ArgumentError(`${op}: probability must be in [0, 1], got ${p}`);
}

function clip01(v: number): number {
  return v < 0 ? 0 : v > 1 ? 1 : v;
}
