/**
 * Integrated gradients (Sundararajan et al. 2017).
 * @module
 */
import { ArgumentError, ShapeError } from '../../errors.js';
import { scope } from '../../tensor/scope.js';
import { tensor } from '../../tensor/creation.js';
import type { Model } from '../../model/model.js';
import type { Tensor } from '../../tensor/tensor.js';
import { prepare, type ExplainOptions, type Explanation } from './common.js';
import { batchOf, classScores, scoreGradients } from './scores.js';

/** Options of {@link integratedGradients}. */
export interface IntegratedGradientsOptions extends ExplainOptions {
  /**
   * The reference image the path starts from: `'black'` (default, all zeros), `'white'` (all ones),
   * a constant value, or an image of the same shape.
   */
  baseline?: 'black' | 'white' | number | Tensor;
  /** Intervals of the path integral (default 50). */
  steps?: number;
  /** `'trapezoid'` (default; the endpoints weigh half) or `'riemann'` (midpoints of the intervals). */
  rule?: 'trapezoid' | 'riemann';
}

/**
 * Integrated gradients: `(x − x') ⊙ ∫₀¹ ∂score/∂x (x' + α(x − x')) dα`, the integral taken
 * numerically with `steps` intervals. The attributions `[H, W, C]` sum to `score(x) − score(x')`
 * up to the integration error (completeness), reported as `completenessGap`; increase `steps`
 * when it is large. The map is the attributions summed over channels (signed).
 */
export function integratedGradients(model: Model, image: Tensor, options: IntegratedGradientsOptions = {}): Explanation {
  // Everything made here but the returned maps is released at once.
  return scope(() => {
    const p = prepare('integratedGradients', model, image, options);
    const steps = options.steps ?? 50;
    const rule = options.rule ?? 'trapezoid';
    if (!(Number.isInteger(steps) && steps >= 1)) throw new ArgumentError(`integratedGradients: steps must be an integer >= 1, got ${steps}`);
    if (rule !== 'trapezoid' && rule !== 'riemann') throw new ArgumentError(`integratedGradients: rule must be 'trapezoid' or 'riemann', got '${String(rule)}'`);
    const [height, width, channels] = p.shape;
    const input = p.x.data() as Float32Array;
    const base = baselinePixels(options.baseline ?? 'black', p.shape);

    // Path points and their quadrature weights; the weights sum to 1.
    const alphas: number[] = [];
    const weights: number[] = [];
    if (rule === 'trapezoid') {
      for (let k = 0; k <= steps; k++) {
        alphas.push(k / steps);
        weights.push((k === 0 || k === steps ? 0.5 : 1) / steps);
      }
    } else {
      for (let k = 0; k < steps; k++) {
        alphas.push((k + 0.5) / steps);
        weights.push(1 / steps);
      }
    }
    const path = alphas.map((a) => Float32Array.from(input, (v, i) => base[i]! + a * (v - base[i]!)));
    const { gradients } = scoreGradients(p.target, batchOf(path, p.shape));
    const per = input.length;
    const attributions = new Float32Array(per);
    for (let k = 0; k < alphas.length; k++) {
      const w = weights[k]!;
      for (let i = 0; i < per; i++) attributions[i]! += w * gradients[k * per + i]!;
    }
    let total = 0;
    for (let i = 0; i < per; i++) {
      attributions[i] = (input[i]! - base[i]!) * attributions[i]!;
      total += attributions[i]!;
    }
    const map = new Float32Array(height * width);
    for (let q = 0; q < height * width; q++) for (let c = 0; c < channels; c++) map[q]! += attributions[q * channels + c]!;
    const baselineScore = classScores(p.target, batchOf([base], p.shape))[0]!;
    return {
      method: 'integrated-gradients', map: tensor(map, [height, width]), classIndex: p.target.classIndex, score: p.score, scoreKind: p.scoreKind,
      attributions: tensor(attributions, [height, width, channels]), baselineScore, completenessGap: total - (p.score - baselineScore),
    };
  });
}

function baselinePixels(baseline: NonNullable<IntegratedGradientsOptions['baseline']>, shape: readonly [number, number, number]): Float32Array {
  const size = shape[0] * shape[1] * shape[2];
  if (baseline === 'black') return new Float32Array(size);
  if (baseline === 'white') return new Float32Array(size).fill(1);
  if (typeof baseline === 'number') {
    if (!Number.isFinite(baseline)) throw new ArgumentError(`integratedGradients: baseline value must be finite, got ${baseline}`);
    return new Float32Array(size).fill(baseline);
  }
  if (typeof baseline === 'object' && baseline !== null && 'shape' in baseline) {
    const dims = baseline.rank === 4 && baseline.shape[0] === 1 ? baseline.shape.slice(1) : baseline.shape;
    if (dims.length !== 3 || dims.some((d, i) => d !== shape[i])) {
      throw new ShapeError(`integratedGradients: baseline [${baseline.shape.join(',')}] must match the image [${shape.join(',')}]`);
    }
    return Float32Array.from(baseline.data() as Float32Array);
  }
  throw new ArgumentError(`integratedGradients: baseline must be 'black', 'white', a number or an image tensor, got ${String(baseline)}`);
}
