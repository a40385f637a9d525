/**
 * Gradient saliency (Simonyan et al. 2014) and SmoothGrad (Smilkov et al. 2017).
 * @module
 */
import { ArgumentError } from '../../errors.js';
import { scope } from '../../tensor/scope.js';
import { Random } from '../../tensor/random.js';
import { tensor } from '../../tensor/creation.js';
import type { Model } from '../../model/model.js';
import type { Tensor } from '../../tensor/tensor.js';
import { maxAbsOverChannels, prepare, type ExplainOptions, type Explanation } from './common.js';
import { batchOf, scoreGradients } from './scores.js';

/**
 * Saliency: `max over channels of |∂score/∂x|`, a `[H, W]` map of how sensitive the class score is
 * to each pixel. Cheap (one backward pass) but noisy, and it explains sensitivity, not contribution.
 */
export function saliency(model: Model, image: Tensor, options: ExplainOptions = {}): Explanation {
  // Everything made here but the returned maps is released at once.
  return scope(() => {
    const p = prepare('saliency', model, image, options);
    const [height, width, channels] = p.shape;
    const { gradients } = scoreGradients(p.target, p.x);
    const map = tensor(maxAbsOverChannels(gradients, 0, height, width, channels), [height, width]);
    return { method: 'saliency', map, classIndex: p.target.classIndex, score: p.score, scoreKind: p.scoreKind };
  });
}

/** Options of {@link smoothGrad}. */
export interface SmoothGradOptions extends ExplainOptions {
  /** Noisy copies averaged (default 25). */
  samples?: number;
  /** Noise standard deviation as a fraction of the image's value range `max − min` (default 0.15; the paper suggests 0.1–0.2). */
  noiseLevel?: number;
  /** Seeds the noise (default 0): the same seed gives the same map. */
  seed?: number;
}

/**
 * SmoothGrad: the mean of the saliency maps of `samples` copies of the image with Gaussian noise
 * added, which averages out the gradient's high-frequency fluctuations. Seeded.
 */
export function smoothGrad(model: Model, image: Tensor, options: SmoothGradOptions = {}): Explanation {
  // Everything made here but the returned maps is released at once.
  return scope(() => {
    const p = prepare('smoothGrad', model, image, options);
    const samples = options.samples ?? 25;
    const level = options.noiseLevel ?? 0.15;
    if (!(Number.isInteger(samples) && samples >= 1)) throw new ArgumentError(`smoothGrad: samples must be an integer >= 1, got ${samples}`);
    if (!(level >= 0)) throw new ArgumentError(`smoothGrad: noiseLevel must be >= 0, got ${level}`);
    const [height, width, channels] = p.shape;
    const pixels = p.x.data() as Float32Array;
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of pixels) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    const sigma = level * (hi > lo ? hi - lo : 1);
    const rng = new Random(options.seed ?? 0);
    const noisy = Array.from({ length: samples }, () => Float32Array.from(pixels, (v) => v + sigma * rng.nextNormal()));
    const { gradients } = scoreGradients(p.target, batchOf(noisy, p.shape));
    const sum = new Float32Array(height * width);
    for (let s = 0; s < samples; s++) {
      const m = maxAbsOverChannels(gradients, s * pixels.length, height, width, channels);
      for (let i = 0; i < sum.length; i++) sum[i]! += m[i]! / samples;
    }
    return { method: 'smoothgrad', map: tensor(sum, [height, width]), classIndex: p.target.classIndex, score: p.score, scoreKind: p.scoreKind };
  });
}
