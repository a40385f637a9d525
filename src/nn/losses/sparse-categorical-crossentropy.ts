/**
 * Categorical cross-entropy with integer class labels.
 * @module
 */
import { neg, select, sparseSoftmaxCrossEntropy, sum } from '../../ops/index.js';
import type { Tensor } from '../../tensor/tensor.js';
import { assertBatched, assertFloatPredictions, meanPerSample } from './common.js';
import { assertHasClassAxis, clippedLogProbabilities } from './categorical-crossentropy.js';
import { oneHotMask, sparseLabels } from './labels.js';
import type { Loss } from './loss.js';
import { reduceLoss } from './reduce.js';

/** Options of {@link SparseCategoricalCrossentropy}. */
export interface SparseCategoricalCrossentropyOptions {
  /** When true, `yPred` holds logits (no softmax applied); more stable. Default false. */
  fromLogits?: boolean;
}

/**
 * `−log p[label]` per sample (Keras' `sparse_categorical_crossentropy`). Labels are class indices,
 * int32 or float32 holding integers, shaped `[batch]` or `[batch, 1]` for predictions `[batch, classes]`
 * (more generally `yPred.shape` without, or with size 1 in place of, the class axis).
 * Logits go through the fused `sparseSoftmaxCrossEntropy` op; probabilities are renormalised and clipped to `[1e-7, 1 − 1e-7]`
 * before the log. A label outside `[0, classes)` throws an `ArgumentError` naming it and its index.
 *
 * @example new SparseCategoricalCrossentropy({ fromLogits: true }).perSample(digits, logits)
 */
export class SparseCategoricalCrossentropy implements Loss {
  readonly name = 'sparse_categorical_crossentropy';
  readonly fromLogits: boolean;

  constructor(options: SparseCategoricalCrossentropyOptions = {}) {
    this.fromLogits = options.fromLogits ?? false;
  }

  perSample(yTrue: Tensor, yPred: Tensor): Tensor {
    assertBatched(this.name, 'yTrue', yTrue);
    assertBatched(this.name, 'yPred', yPred);
    assertFloatPredictions(this.name, yPred);
    assertHasClassAxis(this.name, yPred);
    const classes = yPred.shape[yPred.rank - 1]!;
    const labels = sparseLabels(this.name, yTrue, yPred.shape.slice(0, -1), classes);
    // Logits take the fused kernel pair (one pass per row forward and backward).
    if (this.fromLogits) return meanPerSample(sparseSoftmaxCrossEntropy(yPred, labels));
    const logProbabilities = clippedLogProbabilities(yPred);
    // select (not a multiply by the mask) so that a -Infinity log-probability of another class
    // cannot turn into NaN through 0·(-Infinity).
    const picked = select(oneHotMask(labels, classes), logProbabilities, 0);
    return meanPerSample(neg(sum(picked, -1)));
  }

  getConfig(): Record<string, unknown> {
    return { fromLogits: this.fromLogits };
  }
}

/**
 * Sparse categorical cross-entropy over the batch, as a scalar: for custom training loops.
 * @example const loss = sparseCategoricalCrossentropy(labels, logits, { fromLogits: true });
 */
export function sparseCategoricalCrossentropy(yTrue: Tensor, yPred: Tensor, options: SparseCategoricalCrossentropyOptions = {}): Tensor {
  return reduceLoss(new SparseCategoricalCrossentropy(options).perSample(yTrue, yPred));
}
