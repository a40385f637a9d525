/**
 * Streaming true/false positive and negative counts: the state behind precision and recall.
 * @module
 */
import { ArgumentError, ShapeError, formatShape } from '../../errors.js';
import { noGrad } from '../../autograd/tape.js';
import { arange } from '../../tensor/creation.js';
import { cast, equal, greater, less, logicalAnd, logicalNot, mul, notEqual, reshape, select, sum } from '../../ops/index.js';
import { shapesEqual } from '../../tensor/shape.js';
import type { Tensor } from '../../tensor/tensor.js';

/** Options of precision- and recall-like metrics. */
export interface ConfusionCountOptions {
  /** A prediction above it counts as positive. Default 0.5 (use 0 for logits). */
  threshold?: number;
  /**
   * Count only this class of a multi-class output `[batch, classes]`. Targets may then be one-hot
   * (`yPred`'s shape) or integer labels (`[batch]` or `[batch, 1]`).
   */
  classId?: number;
  /**
   * With `classId`: a sample is predicted as `classId` when that class is among its `topK` highest
   * scores (ties included), instead of when its score passes `threshold`. `topK: 1` is the arg-max.
   */
  topK?: number;
  /** Name in logs and history. */
  name?: string;
}

/** True/false positive/negative totals, weighted by sample weights. */
export interface ConfusionTotals {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  trueNegatives: number;
}

/**
 * Accumulates the binary confusion counts of `yPred` against `yTrue` (any non-zero target is
 * positive), over all elements or, with `classId`, for one class of a multi-class output.
 */
export class ConfusionCounts {
  readonly threshold: number;
  readonly classId: number | undefined;
  readonly topK: number | undefined;
  totals: ConfusionTotals = { truePositives: 0, falsePositives: 0, falseNegatives: 0, trueNegatives: 0 };

  constructor(private readonly op: string, options: ConfusionCountOptions = {}) {
    this.threshold = options.threshold ?? 0.5;
    this.classId = options.classId;
    this.topK = options.topK;
    if (this.classId !== undefined && (!Number.isInteger(this.classId) || this.classId < 0)) {
      throw new ArgumentError(`${op}: classId must be a non-negative integer, got ${this.classId}`);
    }
    if (this.topK !== undefined) {
      if (this.classId === undefined) throw new ArgumentError(`${op}: topK needs a classId (which class to count)`);
      if (!Number.isInteger(this.topK) || this.topK < 1) throw new ArgumentError(`${op}: topK must be a positive integer, got ${this.topK}`);
    }
  }

  /** Adds one batch. `sampleWeight` has one weight per sample. */
  update(yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor): void {
    noGrad(() => {
      const [actual, predicted] = this.classId === undefined ? this.binaryIndicators(yTrue, yPred) : this.classIndicators(yTrue, yPred, this.classId);
      let weight: Tensor | number = 1;
      if (sampleWeight !== undefined) {
        const batch = actual.shape[0] ?? 1;
        if (sampleWeight.size !== batch) throw new ShapeError(`${this.op}: sampleWeight ${formatShape(sampleWeight.shape)} must hold one weight per sample (${batch})`);
        weight = reshape(cast(sampleWeight, 'float32'), [batch, ...actual.shape.slice(1).map(() => 1)]);
      }
      const count = (mask: Tensor): number => sum(mul(cast(mask, 'float32'), weight)).item();
      const notActual = logicalNot(actual);
      const notPredicted = logicalNot(predicted);
      this.totals.truePositives += count(logicalAnd(actual, predicted));
      this.totals.falsePositives += count(logicalAnd(notActual, predicted));
      this.totals.falseNegatives += count(logicalAnd(actual, notPredicted));
      this.totals.trueNegatives += count(logicalAnd(notActual, notPredicted));
    });
  }

  /** Forgets every count. */
  reset(): void {
    this.totals = { truePositives: 0, falsePositives: 0, falseNegatives: 0, trueNegatives: 0 };
  }

  private binaryIndicators(yTrue: Tensor, yPred: Tensor): [Tensor, Tensor] {
    let target = yTrue;
    if (!shapesEqual(target.shape, yPred.shape)) {
      if (target.size !== yPred.size || target.shape[0] !== yPred.shape[0]) {
        throw new ShapeError(`${this.op}: yTrue ${formatShape(yTrue.shape)} and yPred ${formatShape(yPred.shape)} must have the same shape`);
      }
      target = reshape(target, yPred.shape);
    }
    return [notEqual(target, 0), greater(yPred, this.threshold)];
  }

  private classIndicators(yTrue: Tensor, yPred: Tensor, classId: number): [Tensor, Tensor] {
    const classes = yPred.shape[yPred.rank - 1] ?? 0;
    if (yPred.rank < 2 || classId >= classes) {
      throw new ShapeError(`${this.op}: classId ${classId} needs predictions [batch, ..., classes] with more than ${classId} classes, got ${formatShape(yPred.shape)}`);
    }
    const column = equal(arange(classes), classId);
    const scores = sum(select(column, yPred, 0), -1);
    const leading = yPred.shape.slice(0, -1);
    let actual: Tensor;
    if (shapesEqual(yTrue.shape, yPred.shape)) {
      actual = notEqual(sum(select(column, cast(yTrue, 'float32'), 0), -1), 0);
    } else if (yTrue.size === scores.size && yTrue.shape[0] === yPred.shape[0]) {
      actual = equal(reshape(cast(yTrue, 'float32'), leading), classId);
    } else {
      throw new ShapeError(`${this.op}: yTrue ${formatShape(yTrue.shape)} must be one-hot ${formatShape(yPred.shape)} or labels ${formatShape(leading)}`);
    }
    const predicted = this.topK === undefined
      ? greater(scores, this.threshold)
      : less(sum(greater(yPred, reshape(scores, [...leading, 1])), -1), this.topK);
    return [actual, predicted];
  }
}
