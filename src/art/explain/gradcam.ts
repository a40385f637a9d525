/**
 * Grad-CAM (Selvaraju et al. 2017).
 * @module
 */
import { ArgumentError } from '../../errors.js';
import { mean, sum } from '../../ops/reduce.js';
import { mul } from '../../ops/arithmetic.js';
import { noGrad } from '../../autograd/tape.js';
import { relu } from '../../ops/activations.js';
import { scope } from '../../tensor/scope.js';
import { valueAndGrad } from '../../autograd/grad.js';
import type { Model } from '../../model/model.js';
import type { Tensor } from '../../tensor/tensor.js';
import { prepare, type ExplainOptions, type Explanation } from './common.js';
import { runProgram, type Program } from './program.js';
import { summedScore } from './scores.js';

/** Options of {@link gradCam}. */
export interface GradCamOptions extends ExplainOptions {
  /** The layer whose activations are weighed (default: the last layer with a 4-D output `[batch, h, w, channels]`). */
  layerName?: string;
}

/**
 * Grad-CAM: with `A` the activations `[h, w, K]` of a convolutional layer and `G = ∂score/∂A`,
 * channel weights `α_k = mean over h, w of G_k`, and the map `relu(Σ_k α_k A_k)` `[h, w]`. The
 * model is split at the layer: the first part gives `A`, and the gradient is taken through the
 * second part only. The map is coarse (the layer's resolution); `heatmapOverlay` upsamples it.
 */
export function gradCam(model: Model, image: Tensor, options: GradCamOptions = {}): Explanation {
  // Everything made here but the returned maps is released at once.
  return scope(() => {
    const p = prepare('gradCam', model, image, options);
    const { map, node } = scope(() => {
      const full = noGrad(() => runProgram(p.program, p.x));
      const node = targetNode(p.program, full.values, options.layerName);
      const activation = full.values[node]![0]!;
      const f = (a: Tensor) => summedScore(runProgram(p.program, p.x, { logits: p.target.logits, from: { values: full.values, node, replacement: a } }).output, p.target.classIndex);
      const { grads } = valueAndGrad(f)(activation);
      const weights = mean(grads[0]!, [1, 2], true);
      return { map: noGrad(() => relu(sum(mul(weights, activation), [0, 3]))), node };
    });
    return { method: 'gradcam', map, classIndex: p.target.classIndex, score: p.score, scoreKind: p.scoreKind, layerName: p.program.steps[node]!.layer.name };
  });
}

/** The call whose output Grad-CAM weighs: the last call of `layerName`, or the last call with a 4-D output. */
function targetNode(program: Program, values: readonly (readonly Tensor[])[], layerName: string | undefined): number {
  if (layerName !== undefined) {
    let found = -1;
    program.steps.forEach((s, i) => {
      if (s.layer.name === layerName) found = i;
    });
    if (found < 0) throw new ArgumentError(`gradCam: the model has no layer '${layerName}'; layers: ${program.steps.map((s) => s.layer.name).join(', ')}`);
    const rank = values[found]![0]!.rank;
    if (rank !== 4) throw new ArgumentError(`gradCam: layer '${layerName}' outputs rank ${rank}; Grad-CAM needs a 4-D [batch, height, width, channels] activation`);
    return found;
  }
  for (let i = program.steps.length - 1; i >= 0; i--) if (values[i]![0]!.rank === 4) return i;
  throw new ArgumentError('gradCam: no layer of the model outputs a 4-D [batch, height, width, channels] activation; Grad-CAM needs a convolutional model');
}
