/**
 * The multi-class confusion matrix, at once or accumulated over batches.
 * @module
 */
import { ArgumentError, ShapeError, formatShape } from '../../errors.js';
import { noGrad } from '../../autograd/tape.js';
import { argmax, cast, matmul, round } from '../../ops/index.js';
import { tensor } from '../../tensor/creation.js';
import type { Tensor } from '../../tensor/tensor.js';
import { oneHotMask, sparseLabels } from '../losses/labels.js';

function checkClasses(numClasses: number): void {
  if (!Number.isInteger(numClasses) || numClasses < 1) throw new ArgumentError(`confusionMatrix: numClasses must be a positive integer, got ${numClasses}`);
}

/**
 * Counts, as an int32 `[numClasses, numClasses]` tensor, how often each true class (row) was
 * predicted as each class (column), like `tf.math.confusion_matrix`. `labels` are class indices
 * `[n]` (or `[n, 1]`, int32 or float32); `predictions` are class indices of the same form or scores
 * `[n, numClasses]`, reduced by arg-max. Indices outside `[0, numClasses)` throw.
 *
 * @example confusionMatrix(tensor([0, 1, 1], [3], 'int32'), tensor([0, 0, 1], [3], 'int32'), 2)  // [[1, 0], [1, 1]]
 */
export function confusionMatrix(labels: Tensor, predictions: Tensor, numClasses: number): Tensor {
  checkClasses(numClasses);
  return noGrad(() => {
    const n = labels.shape[0] ?? 1;
    if (labels.rank === 0 || labels.size !== n) throw new ShapeError(`confusionMatrix: labels ${formatShape(labels.shape)} must be [n] or [n,1] class indices`);
    let predicted = predictions;
    if (predictions.rank === 2 && predictions.shape[1] === numClasses && numClasses > 1) predicted = argmax(predictions, -1);
    if (predicted.size !== n || predicted.shape[0] !== n) {
      throw new ShapeError(`confusionMatrix: predictions ${formatShape(predictions.shape)} must be [${n}] class indices or [${n},${numClasses}] scores`);
    }
    const trueHot = cast(oneHotMask(sparseLabels('confusionMatrix', labels, [n], numClasses), numClasses), 'float32');
    const predictedHot = cast(oneHotMask(sparseLabels('confusionMatrix', predicted, [n], numClasses), numClasses), 'float32');
    // trueHotᵀ · predictedHot counts every (true, predicted) pair; float32 is exact below 2^24 per cell.
    return cast(round(matmul(trueHot, predictedHot, { transposeA: true })), 'int32');
  });
}

/**
 * Sums {@link confusionMatrix} over batches, e.g. across an evaluation set.
 * @example
 * const acc = new ConfusionMatrixAccumulator(10);
 * for (const [x, y] of batches) acc.update(y, model.predict(x));
 * acc.matrix();   // int32 [10,10]
 */
export class ConfusionMatrixAccumulator {
  private readonly counts: Float64Array;

  constructor(readonly numClasses: number) {
    checkClasses(numClasses);
    this.counts = new Float64Array(numClasses * numClasses);
  }

  /** Adds one batch of labels and predictions (indices or scores). */
  update(labels: Tensor, predictions: Tensor): void {
    const batch = confusionMatrix(labels, predictions, this.numClasses).values;
    for (let i = 0; i < batch.length; i++) this.counts[i]! += batch[i]!;
  }

  /** The accumulated counts, int32 `[numClasses, numClasses]`. */
  matrix(): Tensor {
    return tensor(Int32Array.from(this.counts), [this.numClasses, this.numClasses]);
  }

  /** Fraction of samples on the diagonal (0 before any update). */
  accuracy(): number {
    let diagonal = 0;
    let total = 0;
    for (let i = 0; i < this.counts.length; i++) {
      total += this.counts[i]!;
      if (i % (this.numClasses + 1) === 0) diagonal += this.counts[i]!;
    }
    return total === 0 ? 0 : diagonal / total;
  }

  /** Forgets everything accumulated. */
  reset(): void {
    this.counts.fill(0);
  }
}
