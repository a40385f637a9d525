/**
 * The weighted sum that style transfer and texture synthesis minimise: Gram losses over the style
 * layers (against targets blended from one or more style images), feature losses over the content
 * layers, and total variation.
 * @module
 */
import { noGrad } from '../../autograd/tape.js';
import { add, mul, resizeBilinear } from '../../ops/index.js';
import { scalar } from '../../tensor/creation.js';
import { keep } from '../../tensor/scope.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { FeatureExtractor } from './extractor.js';
import { contentLoss, gramLoss, gramMatrix, rangePenalty, totalVariationLoss } from './losses.js';

/** The parts of the loss, unweighted, as numbers (for progress and reports). */
export interface LossParts {
  /** `Σ_layers Σ (G − T)²`. */
  style: number;
  /** `Σ_layers mean((F − P)²)`; 0 without content. */
  content: number;
  /** Total variation; 0 when its weight is 0. */
  tv: number;
  /** Mean squared excess of pixels outside [0, 1]; 0 when its weight is 0. */
  range?: number;
}

/** What {@link styleObjective} combines. */
export interface StyleTerms {
  extractor: FeatureExtractor;
  styleLayers: readonly string[];
  /** Gram targets per style layer (from {@link gramTargets}). */
  styleTargets: Map<string, Tensor>;
  contentLayers?: readonly string[];
  /** Content features per content layer (from {@link featureTargets}). */
  contentTargets?: Map<string, Tensor>;
  styleWeight: number;
  contentWeight: number;
  tvWeight: number;
  /**
   * Weight of the penalty on pixels outside [0, 1] (mean squared excess). L-BFGS is unconstrained;
   * without it the pixels drift outside the range and clipping the result undoes much of the work.
   */
  rangeWeight?: number;
  /** `[1, h, w, 1]` in [0, 1]: the Gram matrices of the result count only these pixels. */
  mask?: Tensor;
}

/**
 * Gram targets for `layers`: each style image's Gram matrices, averaged with `weights` (normalised
 * to sum to 1), so several styles blend. Computed without gradients; the tensors are kept.
 */
export function gramTargets(extractor: FeatureExtractor, styles: readonly Tensor[], layers: readonly string[], weights?: readonly number[]): Map<string, Tensor> {
  const w = weights ?? styles.map(() => 1);
  const total = w.reduce((a, b) => a + b, 0);
  return noGrad(() => {
    const targets = new Map<string, Tensor>();
    styles.forEach((style, i) => {
      const features = extractor.extract(style, layers);
      for (const layer of layers) {
        const g = mul(gramMatrix(features.get(layer)!), w[i]! / total);
        const previous = targets.get(layer);
        targets.set(layer, previous ? add(previous, g) : g);
      }
    });
    for (const t of targets.values()) keep(t);
    return targets;
  });
}

/** The content image's features at `layers`, computed without gradients and kept. */
export function featureTargets(extractor: FeatureExtractor, content: Tensor, layers: readonly string[]): Map<string, Tensor> {
  return noGrad(() => {
    const f = extractor.extract(content, layers);
    for (const t of f.values()) keep(t);
    return f;
  });
}

/** A differentiable objective of the image: `total`, and its unweighted parts as numbers. */
export type ImageObjective = (image: Tensor) => { total: Tensor; parts: LossParts };

/**
 * The objective as a function of the image: `{ total, parts }`, `total` differentiable. Layers with
 * a mask use it resized to each layer's resolution.
 */
export function styleObjective(terms: StyleTerms): ImageObjective {
  return objectiveOver(terms, terms.styleLayers, true);
}

/**
 * The same objective as a list of parts whose totals add up to it, each differentiated on its own so
 * that only one part's feature maps are alive at a time: one part per style layer when the extractor
 * computes its layers independently (the random extractor: about a sixth of the memory), then one for
 * content, total variation and range; a single part otherwise (VGG's layers share their prefix).
 */
export function styleObjectiveParts(terms: StyleTerms): ImageObjective[] {
  if (!terms.extractor.independentLayers) return [styleObjective(terms)];
  return [...terms.styleLayers.map((l) => objectiveOver(terms, [l], false)), objectiveOver(terms, [], true)];
}

function objectiveOver(terms: StyleTerms, styleLayers: readonly string[], withOthers: boolean): ImageObjective {
  const contentLayers = withOthers && terms.contentWeight > 0 ? (terms.contentLayers ?? []) : [];
  const layers = [...new Set([...styleLayers, ...contentLayers])];
  const masks = new Map<string, Tensor>();
  const maskAt = (h: number, w: number): Tensor | undefined => {
    if (!terms.mask) return undefined;
    const key = `${h}x${w}`;
    if (!masks.has(key)) masks.set(key, keep(noGrad(() => resizeBilinear(terms.mask!, [h, w]))));
    return masks.get(key);
  };
  return (image) => {
    const features = layers.length > 0 ? terms.extractor.extract(image, layers) : new Map<string, Tensor>();
    let style: Tensor = scalar(0);
    for (const layer of styleLayers) {
      const f = features.get(layer)!;
      style = add(style, gramLoss(gramMatrix(f, maskAt(f.shape[1]!, f.shape[2]!)), terms.styleTargets.get(layer)!));
    }
    let total = mul(style, terms.styleWeight);
    const parts: LossParts = { style: style.item(), content: 0, tv: 0 };
    if (!withOthers) return { total, parts };
    if (contentLayers.length > 0 && terms.contentTargets) {
      let content: Tensor = scalar(0);
      for (const layer of contentLayers) content = add(content, contentLoss(features.get(layer)!, terms.contentTargets.get(layer)!));
      total = add(total, mul(content, terms.contentWeight));
      parts.content = content.item();
    }
    if (terms.tvWeight > 0) {
      const tv = totalVariationLoss(image);
      total = add(total, mul(tv, terms.tvWeight));
      parts.tv = tv.item();
    }
    if ((terms.rangeWeight ?? 0) > 0) {
      const range = rangePenalty(image);
      total = add(total, mul(range, terms.rangeWeight!));
      parts.range = range.item();
    }
    return { total, parts };
  };
}
