/**
 * Binary cross-entropy, from probabilities or from logits.
 * @module
 */
import { ArgumentError } from '../../errors.js';
import { add, clip, log, mul, neg, softplus, sub } from '../../ops/index.js';
import type { Tensor } from '../../tensor/tensor.js';
import { alignTargets, meanPerSample } from './common.js';
import type { Loss } from './loss.js';
import { reduceLoss } from './reduce.js';

/** Keras' fuzz factor: probabilities are clipped to `[EPSILON, 1 − EPSILON]` before the log. */
export const EPSILON = 1e-7;

/** Options of {@link BinaryCrossentropy}. */
export interface BinaryCrossentropyOptions {
  /** When true, `yPred` holds logits (no sigmoid applied); more stable. Default false. */
  fromLogits?: boolean;
  /** In [0, 1]: targets move towards 0.5, `z·(1 − s) + 0.5·s`. Default 0. */
  labelSmoothing?: number;
}

/** Validates a label-smoothing factor. */
export function checkLabelSmoothing(lossName: string, s: number): number {
  if (!(s >= 0 && s <= 1)) throw new ArgumentError(`${lossName}: labelSmoothing must be in [0, 1], got ${s}`);
  return s;
}

/**
 * `−z·log(p) − (1 − z)·log(1 − p)` per element, averaged over each sample (Keras' `binary_crossentropy`).
 * From logits `x` it is computed as `max(x, 0) − x·z + log1p(e^−|x|)`, finite for any logit;
 * from probabilities, `p` is clipped to `[1e-7, 1 − 1e-7]` as Keras does.
 *
 * @example new BinaryCrossentropy({ fromLogits: true }).perSample(labels, logits)
 */
export class BinaryCrossentropy implements Loss {
  readonly name = 'binary_crossentropy';
  readonly fromLogits: boolean;
  readonly labelSmoothing: number;

  constructor(options: BinaryCrossentropyOptions = {}) {
    this.fromLogits = options.fromLogits ?? false;
    this.labelSmoothing = checkLabelSmoothing(this.name, options.labelSmoothing ?? 0);
  }

  perSample(yTrue: Tensor, yPred: Tensor): Tensor {
    let z = alignTargets(this.name, yTrue, yPred);
    if (this.labelSmoothing > 0) z = add(mul(z, 1 - this.labelSmoothing), 0.5 * this.labelSmoothing);
    return meanPerSample(this.fromLogits ? fromLogits(z, yPred) : fromProbabilities(z, yPred));
  }

  getConfig(): Record<string, unknown> {
    return { fromLogits: this.fromLogits, labelSmoothing: this.labelSmoothing };
  }
}

function fromLogits(z: Tensor, x: Tensor): Tensor {
  // The softplus kernel computes max(x, 0) + log1p(e^-|x|) in one pass, and its gradient is exactly
  // sigmoid(x): no kink at x = 0, where zero-initialised models start.
  return sub(softplus(x), mul(x, z));
}

function fromProbabilities(z: Tensor, p: Tensor): Tensor {
  const clipped = clip(p, EPSILON, 1 - EPSILON);
  return neg(add(mul(z, log(clipped)), mul(sub(1, z), log(sub(1, clipped)))));
}

/** Binary cross-entropy over the batch, as a scalar. */
export function binaryCrossentropy(yTrue: Tensor, yPred: Tensor, options: BinaryCrossentropyOptions = {}): Tensor {
  return reduceLoss(new BinaryCrossentropy(options).perSample(yTrue, yPred));
}
