/**
 * The default feature extractor, with no weights to ship: random convolution filters of several
 * sizes (3 to 23 px, many maps each, ReLU, no pooling) for the style loss, after Ustyuzhaninov,
 * Brendel, Gatys and Bethge, "What does it take to generate natural textures?" (ICLR 2017), and a
 * small random multi-layer network plus a low-pass image for the content loss. Deterministic given
 * the seed. Style layers mirror the image at its edges instead of padding with zeros.
 * @module
 */
import { ArgumentError } from '../../errors.js';
import { avgPool2d, concat, conv2d, pad, relu, slice, sub } from '../../ops/index.js';
import { tensor } from '../../tensor/creation.js';
import { Random } from '../../tensor/random.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { FeatureExtractor } from './extractor.js';

/** Options of {@link createRandomExtractor}. */
export interface RandomExtractorOptions {
  /** Filter sizes of the style layers (odd), default `[3, 5, 7, 11, 15, 23]`. */
  filterSizes?: readonly number[];
  /** Feature maps per style layer, default 64 (as the PyTorch reference, texture_reference.py). */
  maps?: number;
  /** Seed of every filter, default 0. */
  seed?: number;
  /**
   * Per-channel value subtracted from the image before the filters (default 0.5 each). Texture
   * synthesis and stylisation set it to the style image's mean, as the reference does: ReLU features
   * of centred colours carry more of the palette.
   */
  inputMean?: readonly [number, number, number];
  /** Maps of each layer of the random content network, default 32. */
  contentMaps?: number;
}

/** The content layers: three random 3x3 layers (full, 1/2, 1/4 resolution) and a 1/8 low-pass image. */
const CONTENT_LAYERS = ['deep1', 'deep2', 'deep3', 'lowpass'] as const;

/** The name of the style layer with `k`x`k` filters. */
export function randomStyleLayerName(k: number): string {
  return `conv${k}x${k}`;
}

/**
 * Builds the random multi-scale extractor. Style layers are named `conv3x3` ... `conv23x23`; content
 * layers `deep1`..`deep3` (random 3x3 ReLU layers with 2x2 average pooling between) and `lowpass`
 * (the image averaged over 8x8 blocks). Filters are uniform in ±sqrt(1 / fan-in), as the reference.
 *
 * @example const extractor = createRandomExtractor({ seed: 0, inputMean: [0.4, 0.4, 0.3] });
 */
export function createRandomExtractor(options: RandomExtractorOptions = {}): FeatureExtractor {
  const op = 'createRandomExtractor';
  const sizes = [...(options.filterSizes ?? [3, 5, 7, 11, 15, 23])];
  const maps = options.maps ?? 64;
  const seed = options.seed ?? 0;
  const contentMaps = options.contentMaps ?? 32;
  for (const k of sizes) if (!Number.isInteger(k) || k < 1 || k % 2 === 0) throw new ArgumentError(`${op}: filter sizes must be odd positive integers, got ${k}`);
  if (sizes.length === 0) throw new ArgumentError(`${op}: filterSizes is empty`);
  if (!Number.isInteger(maps) || maps < 1) throw new ArgumentError(`${op}: maps must be a positive integer, got ${maps}`);
  if (!Number.isInteger(contentMaps) || contentMaps < 1) throw new ArgumentError(`${op}: contentMaps must be a positive integer, got ${contentMaps}`);
  const mean = tensor([...(options.inputMean ?? [0.5, 0.5, 0.5])], [1, 1, 1, 3]);
  const rng = new Random(seed);
  const styleFilters = new Map<string, Tensor>();
  for (const k of sizes) {
    const bound = Math.sqrt(1 / (3 * k * k));
    styleFilters.set(randomStyleLayerName(k), rng.uniform([k, k, 3, maps], -bound, bound));
  }
  const contentFilters = [3, contentMaps, contentMaps].map((inChannels) => {
    const bound = Math.sqrt(6 / (9 * inChannels)); // He-uniform keeps ReLU activations at a steady scale.
    return rng.uniform([3, 3, inChannels, contentMaps], -bound, bound);
  });
  const styleNames = [...styleFilters.keys()];

  const extract = (image: Tensor, layers: readonly string[]): Map<string, Tensor> => {
    const out = new Map<string, Tensor>();
    const x = sub(image, mean);
    for (const name of layers) {
      const filter = styleFilters.get(name);
      if (filter) out.set(name, relu(mirroredConv2d(x, filter)));
    }
    const deepest = Math.max(0, ...layers.map((l) => (l.startsWith('deep') ? Number(l.slice(4)) : 0)));
    let h = x;
    for (let i = 0; i < deepest; i++) {
      if (i > 0) h = avgPool2d(h, { poolSize: 2, strides: 2, padding: 'same' });
      h = relu(conv2d(h, contentFilters[i]!, { padding: 'same' }));
      if (layers.includes(`deep${i + 1}`)) out.set(`deep${i + 1}`, h);
    }
    if (layers.includes('lowpass')) out.set('lowpass', avgPool2d(image, { poolSize: 8, strides: 8, padding: 'same' }));
    return out;
  };

  return {
    kind: 'random',
    independentLayers: true,
    description: `random multi-scale (${sizes.join(',')} px x ${maps} maps, seed ${seed})`,
    layerNames: [...styleNames, ...CONTENT_LAYERS],
    defaultStyleLayers: styleNames,
    defaultContentLayers: ['deep2'],
    extract,
    bytesPerPixel(layers) {
      // Four float maps per style layer (convolution output, ReLU, their gradients), content layers
      // counted at full size, times 1.85 for the column matrices of banded convolutions and the
      // allocator's cached blocks: calibrated on the wasm memory after two passes over all six style
      // layers, differentiated one at a time (0.89 GiB at 256 px, 2.96 GiB at 512 px).
      let floats = 3 * 8; // image, centred image, gradients, optimizer copies
      for (const l of layers) floats += styleFilters.has(l) ? 4 * maps : l.startsWith('deep') ? 4 * contentMaps : 1;
      return floats * 4 * 1.85;
    },
  };
}

/**
 * Largest column matrix (im2col) one band of a style convolution may need: 256 MiB. At 256 px only the
 * 23x23 layer is split (in two); at 512 px every layer from 11x11 up.
 */
const MAX_COLUMN_BYTES = 256 * 1024 * 1024;

/**
 * A stride-1 convolution with an odd filter whose output has the input's size, the input mirrored
 * beyond its edges (reflect padding; symmetric, then zeros, for images smaller than half the filter)
 * rather than zero-padded: with zeros the edge pixels see a different world than the rest, and
 * synthesised textures grew a pale frame (texture_reference.py pads with zeros and has it too).
 * When the whole image's column matrix would pass {@link MAX_COLUMN_BYTES}, the convolution runs in
 * horizontal bands: the engine builds the input gradient's column matrix for a whole image at once
 * (k²·channels floats per pixel: 416 MB for a 23x23 filter over a 256x256 RGB image).
 */
export function mirroredConv2d(x: Tensor, filter: Tensor, maxColumnBytes = MAX_COLUMN_BYTES): Tensor {
  const [, height, width, channels] = x.shape as [number, number, number, number];
  const k = filter.shape[0]!;
  const half = (k - 1) / 2;
  const side = Math.min(height, width);
  const mode = half < side ? 'reflect' : half <= side ? 'symmetric' : 'constant';
  const padded = half === 0 ? x : pad(x, [[0, 0], [half, half], [half, half], [0, 0]], mode);
  const rowBytes = width * k * k * channels * 4;
  if (rowBytes * height <= maxColumnBytes) return conv2d(padded, filter);
  const rows = Math.max(1, Math.floor(maxColumnBytes / rowBytes));
  const bands: Tensor[] = [];
  for (let top = 0; top < height; top += rows) {
    const n = Math.min(rows, height - top);
    bands.push(conv2d(slice(padded, [0, top, 0, 0], [1, n + k - 1, width + k - 1, channels]), filter));
  }
  return concat(bands, 1);
}
