/**
 * Optimisation-based style transfer (Gatys et al. 2016): an image whose deep features match a
 * content photo and whose Gram statistics match one or more paintings, found by L-BFGS (or Adam)
 * over its pixels, coarse to fine.
 * @module
 */
import { noGrad } from '../../autograd/tape.js';
import { ArgumentError } from '../../errors.js';
import { add, clip, mul, resizeBilinear, sub } from '../../ops/index.js';
import { tensor } from '../../tensor/creation.js';
import { Random } from '../../tensor/random.js';
import type { Tensor } from '../../tensor/tensor.js';
import { checkLayers, type FeatureExtractor } from './extractor.js';
import { resolveExtractor } from './extractors.js';
import { channelMean, combineLuminance, fitLongerSide, imageSize, luminanceImage, readMask, readStyleInput, type NoticeSink } from './images.js';
import { checkStyleMemory } from './memory.js';
import { featureTargets, gramTargets, styleObjective, styleObjectiveParts, type ImageObjective, type StyleTerms } from './objective.js';
import { optimizeImage, type StepProgress, type StyleOptimizer } from './optimize.js';

/** Where the optimisation starts. */
export type StyleInit = 'content' | 'style' | 'noise';

/** Options of {@link stylize} and {@link stylizeImages}. Weights multiply the unweighted loss parts (`LossParts`). */
export interface StylizeOptions {
  /** Longer side of the result in pixels (files only; tensors keep their size), default 512. */
  size?: number;
  /** Optimiser steps at the final scale, default 300 (coarser scales run half as many). */
  steps?: number;
  /** Weight of the Gram (style) loss, default 1e4. */
  styleWeight?: number;
  /** Weight of the content loss, default 1e3. */
  contentWeight?: number;
  /** Weight of total variation, default 1. */
  tvWeight?: number;
  /** Weight of the penalty on pixels outside [0, 1], default styleWeight. */
  rangeWeight?: number;
  /** Blend of several style images, one weight each (default equal). */
  styleBlend?: readonly number[];
  optimizer?: StyleOptimizer;
  learningRate?: number;
  /** `'random'` (default), a VGG `.safetensors` path, or an extractor. */
  extractor?: FeatureExtractor | string;
  styleLayers?: readonly string[];
  contentLayers?: readonly string[];
  /** Seed of the random filters and of noise, default 0. */
  seed?: number;
  /** Start from the content (default), the (first) style resized, or noise around the content's mean. */
  init?: StyleInit;
  /** Transfer luminance only: the result keeps the content's colours (Gatys et al., "Preserving colour"). */
  preserveColors?: boolean;
  /** A mask image (file or `[1, h, w, 1]` tensor, white = styled): only that region takes the style. */
  mask?: string | Tensor;
  /** Coarse-to-fine fractions of the size, ascending, ending at 1; default `[0.5, 1]` from 128 px up, else `[1]`. */
  scales?: readonly number[];
  /** Stop each scale after this many seconds. */
  maxSeconds?: number;
  /** Memory budget in bytes (default 3 GiB). */
  memoryBudget?: number;
  onStep?: (progress: StepProgress & { scale: number }) => void;
  /** Called with a copy of the current result (in [0, 1], colours recombined) every `snapshotEvery` steps of the final scale. */
  onSnapshot?: (step: number, image: Tensor) => void;
  snapshotEvery?: number;
  notice?: NoticeSink;
}

/** What {@link stylizeImages} returns. */
export interface StylizeResult {
  /** `[1, h, w, 3]` in [0, 1]. */
  image: Tensor;
  /** The content and styles at the working size (for side-by-side pictures). */
  content: Tensor;
  styles: Tensor[];
  /** Unweighted style loss (at full size) of the starting image (the content by default) and of the result, and their ratio. */
  styleLossStart: number;
  styleLossEnd: number;
  styleLossRatio: number;
  /** Unweighted content loss of the result. */
  contentLossEnd: number;
  seconds: number;
  stepsTaken: number;
  evaluations: number;
  extractor: string;
}

/**
 * Stylises the image file `contentPath` with the paintings `stylePaths`: reads them at the working
 * size (the content's aspect ratio, longer side `options.size`; styles centre-cropped to it, with a
 * notice when that scales them more than 2x), then {@link stylizeImages}.
 *
 * @example const { image } = await stylize('photo.jpg', ['starry_night.jpg'], { size: 256, steps: 100 });
 */
export async function stylize(contentPath: string, stylePaths: readonly string[], options: StylizeOptions = {}): Promise<StylizeResult> {
  const op = 'stylize';
  const notice = options.notice ?? (() => {});
  const size = options.size ?? 512;
  if (!Number.isInteger(size) || size < 8) throw new ArgumentError(`${op}: size must be an integer >= 8, got ${size}`);
  if (stylePaths.length === 0) throw new ArgumentError(`${op}: give at least one style image`);
  const [h0, w0] = await imageSize(contentPath);
  const workSize = fitLongerSide(h0, w0, size);
  const content = await readStyleInput(contentPath, workSize, 'content', notice);
  const styles = [];
  for (const p of stylePaths) styles.push(await readStyleInput(p, workSize, 'style', notice, [h0, w0]));
  const mask = typeof options.mask === 'string' ? await readMask(options.mask, workSize) : options.mask;
  return stylizeImages(content, styles, { ...options, mask });
}

/** Stylises a content image `[1, h, w, 3]` with style images of the same size (see {@link StylizeOptions}). */
export function stylizeImages(content: Tensor, styles: readonly Tensor[], options: StylizeOptions = {}): StylizeResult {
  const op = 'stylize';
  const [, height, width] = content.shape as [number, number, number, number];
  const steps = options.steps ?? 300;
  if (!Number.isInteger(steps) || steps < 1) throw new ArgumentError(`${op}: steps must be an integer >= 1, got ${steps}`);
  if (styles.length === 0) throw new ArgumentError(`${op}: give at least one style image`);
  const blend = options.styleBlend ?? styles.map(() => 1);
  if (blend.length !== styles.length || blend.some((w) => !(w >= 0)) || !(blend.reduce((a, b) => a + b, 0) > 0)) {
    throw new ArgumentError(`${op}: styleBlend needs one non-negative weight per style image (${styles.length}), not all 0; got [${blend.join(', ')}]`);
  }
  const styleWeight = weight(op, 'styleWeight', options.styleWeight ?? 1e4);
  const contentWeight = weight(op, 'contentWeight', options.contentWeight ?? 1e3);
  const tvWeight = weight(op, 'tvWeight', options.tvWeight ?? 1);
  const rangeWeight = weight(op, 'rangeWeight', options.rangeWeight ?? styleWeight);
  const scales = [...(options.scales ?? (Math.min(height, width) >= 128 ? [0.5, 1] : [1]))];
  if (scales.length === 0 || scales[scales.length - 1] !== 1 || scales.some((s, i) => !(s > 0 && s <= 1) || (i > 0 && s <= scales[i - 1]!))) {
    throw new ArgumentError(`${op}: scales must ascend in (0, 1] and end at 1, got [${scales.join(', ')}]`);
  }
  const sized = styles.map((s) => (s.shape[1] === height && s.shape[2] === width ? s : noGrad(() => resizeBilinear(s, [height, width]))));
  // Luminance-only transfer optimises grey images and puts the content's chroma back at the end.
  const work = options.preserveColors ? luminanceImage(content) : content;
  const workStyles = options.preserveColors ? sized.map((s) => luminanceImage(s, content)) : sized;
  const blendedMean = [0, 1, 2].map((c) => workStyles.reduce((a, s, i) => a + channelMean(s)[c]! * blend[i]!, 0) / blend.reduce((a, b) => a + b, 0)) as [number, number, number];
  const extractor = resolveExtractor(options.extractor, { seed: options.seed, inputMean: blendedMean });
  const styleLayers = options.styleLayers ?? extractor.defaultStyleLayers;
  const contentLayers = options.contentLayers ?? extractor.defaultContentLayers;
  checkLayers(op, extractor, styleLayers, 'style');
  checkLayers(op, extractor, contentLayers, 'content');
  checkStyleMemory(op, extractor, [...styleLayers, ...contentLayers], height, width, options.memoryBudget);
  const mask = options.mask ? noGrad(() => resizeBilinear(options.mask as Tensor, [height, width])) : undefined;

  const finish = (image: Tensor): Tensor =>
    noGrad(() => {
      let out = clip(image, 0, 1);
      if (mask) out = add(mul(out, mask), mul(work, sub(1, mask)));
      return options.preserveColors ? clip(combineLuminance(out, content), 0, 1) : out;
    });
  // The start at full size; coarser scales begin from it resized. The style loss is reported from it.
  const fullStart = startImage(options.init ?? 'content', work, workStyles[0]!, new Random((options.seed ?? 0) + 1));
  let image: Tensor | null = null;
  let seconds = 0;
  let stepsTaken = 0;
  let evaluations = 0;
  let styleLossStart = 0;
  let finalObjective: ImageObjective | null = null;
  for (const scale of scales) {
    const [h, w] = [Math.max(8, Math.round(height * scale)), Math.max(8, Math.round(width * scale))];
    const at = (t: Tensor): Tensor => (t.shape[1] === h && t.shape[2] === w ? t : noGrad(() => resizeBilinear(t, [h, w])));
    const terms: StyleTerms = {
      extractor, styleLayers, contentLayers, styleWeight, contentWeight, tvWeight, rangeWeight,
      styleTargets: gramTargets(extractor, workStyles.map(at), styleLayers, blend),
      contentTargets: featureTargets(extractor, at(work), contentLayers),
      mask: mask ? at(mask) : undefined,
    };
    const objective = styleObjective(terms);
    const init = at(image ?? fullStart);
    if (scale === 1) {
      finalObjective = objective;
      styleLossStart = noGrad(() => objective(fullStart).parts.style);
    }
    const every = options.snapshotEvery ?? 0;
    const r = optimizeImage(init, styleObjectiveParts(terms), {
      optimizer: options.optimizer, steps: scale === 1 ? steps : Math.ceil(steps / 2), learningRate: options.learningRate, maxSeconds: options.maxSeconds,
      onStep: (p) => {
        options.onStep?.({ ...p, scale });
        if (scale === 1 && every > 0 && p.step % every === 0) options.onSnapshot?.(p.step, finish(p.image));
      },
    });
    image = r.image;
    seconds += r.seconds;
    stepsTaken += r.stepsTaken;
    evaluations += r.evaluations;
  }
  const result = finish(image!);
  const end = noGrad(() => finalObjective!(options.preserveColors ? luminanceImage(result) : result).parts);
  return {
    image: result, content, styles: sized, styleLossStart, styleLossEnd: end.style, styleLossRatio: styleLossStart / end.style, contentLossEnd: end.content,
    seconds, stepsTaken, evaluations, extractor: extractor.description,
  };
}

function startImage(init: StyleInit, content: Tensor, style: Tensor, rng: Random): Tensor {
  if (init === 'content') return content;
  if (init === 'style') return style;
  if (init !== 'noise') throw new ArgumentError(`stylize: init must be 'content', 'style' or 'noise', got '${String(init)}'`);
  const [, h, w] = content.shape as [number, number, number, number];
  const mean = channelMean(content);
  const noise = rng.uniform([1, h, w, 3]).values;
  const v = new Float32Array(noise.length);
  for (let i = 0; i < v.length; i++) v[i] = mean[i % 3]! + (noise[i]! - 0.5) * 0.2;
  return tensor(v, [1, h, w, 3]);
}

function weight(op: string, name: string, v: number): number {
  if (!(v >= 0) || !Number.isFinite(v)) throw new ArgumentError(`${op}: ${name} must be a finite number >= 0, got ${String(v)}`);
  return v;
}
