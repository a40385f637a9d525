/**
 * Texture synthesis: an image whose Gram statistics match a painting's, optimised from noise.
 * @module
 */
import { ArgumentError } from '../../errors.js';
import { noGrad } from '../../autograd/tape.js';
import { add, clip, mul, resizeBilinear } from '../../ops/index.js';
import { tensor } from '../../tensor/creation.js';
import { Random } from '../../tensor/random.js';
import type { Tensor } from '../../tensor/tensor.js';
import { checkLayers, type FeatureExtractor } from './extractor.js';
import { resolveExtractor } from './extractors.js';
import { channelMean, readStyleInput, type NoticeSink } from './images.js';
import { checkStyleMemory } from './memory.js';
import { gramTargets, styleObjective, styleObjectiveParts, type StyleTerms } from './objective.js';
import { optimizeImage, type StepProgress, type StyleOptimizer } from './optimize.js';

/** Options of {@link synthesizeTexture}. */
export interface TextureOptions {
  /** Side of the square texture, default 256. */
  size?: number;
  /** Optimiser steps at the final scale, default 100. */
  steps?: number;
  optimizer?: StyleOptimizer;
  learningRate?: number;
  /** `'random'` (default), a VGG `.safetensors` path, or an extractor. */
  extractor?: FeatureExtractor | string;
  /** Style layers, default the extractor's. */
  layers?: readonly string[];
  /** Seed of the random filters and of the noise, default 0. */
  seed?: number;
  /** Total-variation weight, default 0. */
  tvWeight?: number;
  /** Weight of the penalty on pixels outside [0, 1] (the Gram loss has weight 1), default 1. */
  rangeWeight?: number;
  /**
   * Coarse-to-fine fractions of `size`, ascending and ending at 1, default `[1]`: each coarser scale
   * runs `ceil(steps / 2)` steps and its result, upsampled, starts the next.
   */
  scales?: readonly number[];
  /** Stop each scale after this many seconds. */
  maxSeconds?: number;
  /** Memory budget in bytes (default 3 GiB). */
  memoryBudget?: number;
  onStep?: (progress: StepProgress & { scale: number }) => void;
  notice?: NoticeSink;
}

/** What {@link synthesizeTexture} returns. */
export interface TextureResult {
  /** `[1, size, size, 3]` in [0, 1]. */
  image: Tensor;
  /** Gram loss of the noise start at the final size. */
  gramLossStart: number;
  /** Gram loss of the returned (clipped) image. */
  gramLossEnd: number;
  /** `gramLossStart / gramLossEnd`. */
  gramLossRatio: number;
  seconds: number;
  stepsTaken: number;
  evaluations: number;
  extractor: string;
}

/**
 * Synthesises a texture from `style` (a file, centre-cropped to a square, or a `[1, h, w, 3]`
 * tensor): L-BFGS from uniform noise around the style's mean colour, as texture_reference.py.
 *
 * @example const { image, gramLossRatio } = await synthesizeTexture('starry_night.jpg', { size: 256, steps: 60 });
 */
export async function synthesizeTexture(style: string | Tensor, options: TextureOptions = {}): Promise<TextureResult> {
  const op = 'synthesizeTexture';
  const size = options.size ?? 256;
  const steps = options.steps ?? 100;
  const seed = options.seed ?? 0;
  const notice = options.notice ?? (() => {});
  if (!Number.isInteger(size) || size < 8) throw new ArgumentError(`${op}: size must be an integer >= 8, got ${size}`);
  if (!Number.isInteger(steps) || steps < 1) throw new ArgumentError(`${op}: steps must be an integer >= 1, got ${steps}`);
  const scales = [...(options.scales ?? [1])];
  if (scales.length === 0 || scales[scales.length - 1] !== 1 || scales.some((s, i) => !(s > 0 && s <= 1) || (i > 0 && s <= scales[i - 1]!))) {
    throw new ArgumentError(`${op}: scales must ascend in (0, 1] and end at 1, got [${scales.join(', ')}]`);
  }
  const styleImage = typeof style === 'string' ? await readStyleInput(style, [size, size], 'style', notice) : noGrad(() => resizeBilinear(style, [size, size]));
  const mean = channelMean(styleImage);
  const extractor = resolveExtractor(options.extractor, { seed, inputMean: mean });
  const layers = options.layers ?? extractor.defaultStyleLayers;
  checkLayers(op, extractor, layers, 'style');
  checkStyleMemory(op, extractor, layers, size, size, options.memoryBudget);

  const rng = new Random(seed + 1);
  const noise = (side: number): Tensor => add(mul(rng.uniform([1, side, side, 3]), 0.2), tensorOf(mean, side));
  const termsAt = (side: number): StyleTerms => {
    const target = side === size ? styleImage : noGrad(() => resizeBilinear(styleImage, [side, side]));
    return { extractor, styleLayers: layers, styleTargets: gramTargets(extractor, [target], layers), styleWeight: 1, contentWeight: 0, tvWeight: options.tvWeight ?? 0, rangeWeight: options.rangeWeight ?? 1 };
  };
  const finalTerms = termsAt(size);
  const finalObjective = styleObjective(finalTerms);
  const startImage = noise(size);
  const gramLossStart = noGrad(() => finalObjective(startImage).parts.style);

  let image: Tensor | null = null;
  let seconds = 0;
  let stepsTaken = 0;
  let evaluations = 0;
  for (const scale of scales) {
    const side = Math.max(8, Math.round(size * scale));
    const init = image === null ? (side === size ? startImage : noise(side)) : noGrad(() => resizeBilinear(image!, [side, side]));
    const r = optimizeImage(init, styleObjectiveParts(side === size ? finalTerms : termsAt(side)), {
      optimizer: options.optimizer, steps: scale === 1 ? steps : Math.ceil(steps / 2), learningRate: options.learningRate,
      maxSeconds: options.maxSeconds, onStep: (p) => options.onStep?.({ ...p, scale }),
    });
    image = r.image;
    seconds += r.seconds;
    stepsTaken += r.stepsTaken;
    evaluations += r.evaluations;
  }
  const result = clip(image!, 0, 1);
  const gramLossEnd = noGrad(() => finalObjective(result).parts.style);
  return { image: result, gramLossStart, gramLossEnd, gramLossRatio: gramLossStart / gramLossEnd, seconds, stepsTaken, evaluations, extractor: extractor.description };
}

/** An image `[1, side, side, 3]` filled with one colour. */
function tensorOf(colour: readonly number[], side: number): Tensor {
  const v = new Float32Array(side * side * 3);
  for (let i = 0; i < v.length; i++) v[i] = colour[i % 3]!;
  return tensor(v, [1, side, side, 3]);
}
