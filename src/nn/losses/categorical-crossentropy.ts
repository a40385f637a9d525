/**
 * Categorical cross-entropy with one-hot (or soft) targets.
 * @module
 */
import { ShapeError, formatShape } from '../../errors.js';
import { add, clip, div, log, mul, neg, softmaxCrossEntropy, sum } from '../../ops/index.js';
import type { Tensor } from '../../tensor/tensor.js';
import { EPSILON, checkLabelSmoothing } from './binary-crossentropy.js';
import { alignTargets, meanPerSample } from './common.js';
import type { Loss } from './loss.js';
import { reduceLoss } from './reduce.js';

/** Options of {@link CategoricalCrossentropy}. */
export interface CategoricalCrossentropyOptions {
  /** When true, `yPred` holds logits (no softmax applied); more stable. Default false. */
  fromLogits?: boolean;
  /** In [0, 1]: targets become `y·(1 − s) + s / classes`. Default 0. */
  labelSmoothing?: number;
}

/**
 * `−Σ y·log(p)` over the class axis (last), averaged over any other non-batch axes (Keras'
 * `categorical_crossentropy`). Targets are one-hot or soft distributions of `yPred`'s shape.
 * Logits go through the fused `softmaxCrossEntropy` op; probabilities are renormalised to sum to 1 and clipped to
 * `[1e-7, 1 − 1e-7]` before the log, as Keras does.
 */
export class CategoricalCrossentropy implements Loss {
  readonly name = 'categorical_crossentropy';
  readonly fromLogits: boolean;
  readonly labelSmoothing: number;

  constructor(options: CategoricalCrossentropyOptions = {}) {
    this.fromLogits = options.fromLogits ?? false;
    this.labelSmoothing = checkLabelSmoothing(this.name, options.labelSmoothing ?? 0);
  }

  perSample(yTrue: Tensor, yPred: Tensor): Tensor {
    assertHasClassAxis(this.name, yPred);
    let target = alignTargets(this.name, yTrue, yPred);
    const classes = yPred.shape[yPred.rank - 1]!;
    if (this.labelSmoothing > 0) target = add(mul(target, 1 - this.labelSmoothing), this.labelSmoothing / classes);
    // Logits take the fused kernel pair (one pass per row forward and backward).
    if (this.fromLogits) return meanPerSample(softmaxCrossEntropy(yPred, target));
    return meanPerSample(neg(sum(mul(target, clippedLogProbabilities(yPred)), -1)));
  }

  getConfig(): Record<string, unknown> {
    return { fromLogits: this.fromLogits, labelSmoothing: this.labelSmoothing };
  }
}

/** Throws unless `yPred` is `[batch, ..., classes]`. */
export function assertHasClassAxis(lossName: string, yPred: Tensor): void {
  if (yPred.rank < 2) throw new ShapeError(`${lossName}: yPred ${formatShape(yPred.shape)} has rank ${yPred.rank}, expected [batch, ..., classes]`);
}

/** `log(clip(p / Σp, ε, 1 − ε))` along the last axis: Keras' treatment of probability outputs. */
export function clippedLogProbabilities(p: Tensor): Tensor {
  return log(clip(div(p, sum(p, -1, true)), EPSILON, 1 - EPSILON));
}

/** Categorical cross-entropy over the batch, as a scalar. */
export function categoricalCrossentropy(yTrue: Tensor, yPred: Tensor, options: CategoricalCrossentropyOptions = {}): Tensor {
  return reduceLoss(new CategoricalCrossentropy(options).perSample(yTrue, yPred));
}
