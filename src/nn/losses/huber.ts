/**
 * Huber loss.
 * @module
 */
import { ArgumentError } from '../../errors.js';
import { abs, lessEqual, mul, select, square, sub } from '../../ops/index.js';
import type { Tensor } from '../../tensor/tensor.js';
import { alignTargets, meanPerSample } from './common.js';
import type { Loss } from './loss.js';
import { reduceLoss } from './reduce.js';

/** Options of {@link Huber}. */
export interface HuberOptions {
  /** Where the loss turns from quadratic to linear. Default 1. */
  delta?: number;
}

/**
 * Quadratic for small errors, linear for large ones: with `e = yPred − yTrue`,
 * `0.5·e²` where `|e| <= delta`, else `delta·|e| − 0.5·delta²`; averaged over each sample (Keras' `huber`).
 */
export class Huber implements Loss {
  readonly name = 'huber';
  readonly delta: number;

  constructor(options: HuberOptions = {}) {
    this.delta = options.delta ?? 1;
    if (!(this.delta > 0)) throw new ArgumentError(`huber: delta must be positive, got ${this.delta}`);
  }

  perSample(yTrue: Tensor, yPred: Tensor): Tensor {
    const target = alignTargets(this.name, yTrue, yPred);
    const error = sub(yPred, target);
    const absError = abs(error);
    const quadratic = mul(square(error), 0.5);
    const linear = sub(mul(absError, this.delta), 0.5 * this.delta * this.delta);
    return meanPerSample(select(lessEqual(absError, this.delta), quadratic, linear));
  }

  getConfig(): Record<string, unknown> {
    return { delta: this.delta };
  }
}

/** Huber loss over the batch, as a scalar. */
export function huber(yTrue: Tensor, yPred: Tensor, options: HuberOptions = {}): Tensor {
  return reduceLoss(new Huber(options).perSample(yTrue, yPred));
}
