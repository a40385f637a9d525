/**
 * One entry point for every explanation method.
 * @module
 */
import { ArgumentError } from '../../errors.js';
import type { Model } from '../../model/model.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { ExplainOptions, Explanation, ExplanationMethod } from './common.js';
import { gradCam, type GradCamOptions } from './gradcam.js';
import { integratedGradients, type IntegratedGradientsOptions } from './integrated-gradients.js';
import { occlusion, type OcclusionOptions } from './occlusion.js';
import { saliency, smoothGrad, type SmoothGradOptions } from './saliency.js';

/** Every method's name, as `explain` and the CLI accept them. */
export const EXPLANATION_METHODS: readonly ExplanationMethod[] = ['saliency', 'smoothgrad', 'integrated-gradients', 'gradcam', 'occlusion'];

/** Options of {@link explain}: the method and its options. */
export type ExplainAnyOptions = ExplainOptions & SmoothGradOptions & IntegratedGradientsOptions & GradCamOptions & OcclusionOptions & {
  /** Default `'gradcam'`. */
  method?: ExplanationMethod;
};

/**
 * Explains why `model` gives `image` (`[H, W, C]`) its score for a class (default: the predicted
 * one), with the method named by `options.method`. Works for Sequential and functional models.
 *
 * @example
 * const e = explain(model, image, { method: 'integrated-gradients', steps: 64 });
 * e.map;                // [H, W] relevance
 * e.completenessGap;    // ≈ 0: attributions sum to score(image) − score(black)
 */
export function explain(model: Model, image: Tensor, options: ExplainAnyOptions = {}): Explanation {
  const method = options.method ?? 'gradcam';
  switch (method) {
    case 'saliency':
      return saliency(model, image, options);
    case 'smoothgrad':
      return smoothGrad(model, image, options);
    case 'integrated-gradients':
      return integratedGradients(model, image, options);
    case 'gradcam':
      return gradCam(model, image, options);
    case 'occlusion':
      return occlusion(model, image, options);
    default:
      throw new ArgumentError(`explain: unknown method '${String(method)}'; use one of ${EXPLANATION_METHODS.join(', ')}`);
  }
}
