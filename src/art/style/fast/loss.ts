/**
 * The perceptual loss of a batch of stylised images, and its gradient with respect to those images:
 * the same Gram, content and total-variation terms as optimisation-based `stylize` (objective.ts),
 * differentiated one image and one part at a time so that only one layer's feature maps are alive.
 * @module
 */
import { valueAndGrad } from '../../../autograd/grad.js';
import { slice } from '../../../ops/slicing.js';
import { tensor } from '../../../tensor/creation.js';
import { scope } from '../../../tensor/scope.js';
import type { Tensor } from '../../../tensor/tensor.js';
import { featureTargets, styleObjectiveParts, type LossParts, type StyleTerms } from '../objective.js';

/** Everything but the content targets, which come from each content image. */
export type PerceptualTerms = Omit<StyleTerms, 'contentTargets' | 'mask' | 'rangeWeight'>;

/** The weighted loss (mean over the batch), its unweighted parts (means), and `d loss / d outputs`. */
export interface PerceptualLossResult {
  total: number;
  parts: LossParts;
  /** Same shape as the outputs. */
  grad: Tensor;
}

/**
 * The loss of `outputs` `[batch, h, w, 3]` against the style targets and the content features of
 * `contents` (same shape), averaged over the batch, with its gradient. Neither input is differentiated
 * through: the caller backpropagates `grad` into whatever made `outputs`.
 */
export function perceptualLoss(terms: PerceptualTerms, outputs: Tensor, contents: Tensor): PerceptualLossResult {
  const [batch, h, w, c] = outputs.shape as [number, number, number, number];
  const per = h * w * c;
  const grad = new Float32Array(batch * per);
  const parts: LossParts = { style: 0, content: 0, tv: 0 };
  let total = 0;
  for (let b = 0; b < batch; b++) {
    scope(() => {
      const image = tensor(slice(outputs, [b, 0, 0, 0], [1, h, w, c]).values, [1, h, w, c]);
      const contentTargets = featureTargets(terms.extractor, slice(contents, [b, 0, 0, 0], [1, h, w, c]), terms.contentLayers ?? []);
      for (const part of styleObjectiveParts({ ...terms, contentTargets })) {
        scope(() => {
          let partParts: LossParts | null = null;
          const r = valueAndGrad((x: Tensor) => {
            const o = part(x);
            partParts = o.parts;
            return o.total;
          })(image);
          total += r.value.item() / batch;
          const g = r.grads[0]!.values;
          for (let i = 0; i < per; i++) grad[b * per + i]! += g[i]! / batch;
          parts.style += partParts!.style / batch;
          parts.content += partParts!.content / batch;
          parts.tv += partParts!.tv / batch;
        });
      }
      for (const t of contentTargets.values()) t.dispose();
    });
  }
  return { total, parts, grad: tensor(grad, outputs.shape) };
}
