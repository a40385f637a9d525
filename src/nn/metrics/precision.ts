/**
 * Precision: of the samples predicted positive, the fraction that are.
 * @module
 */
import type { ConfusionCountOptions, ConfusionTotals } from './confusion-counts.js';
import { ConfusionMetric } from './confusion-metric.js';

/**
 * `tp / (tp + fp)` over everything seen since the last reset (0 when nothing was predicted positive).
 * Binary by default (`yPred > threshold`); per class of a multi-class output with `classId`.
 *
 * @example new Precision({ classId: 3, topK: 1 })   // precision of class 3 under arg-max predictions
 */
export class Precision extends ConfusionMetric {
  constructor(options: ConfusionCountOptions = {}) {
    super('precision', options);
  }

  protected fromTotals({ truePositives: tp, falsePositives: fp }: ConfusionTotals): number {
    return tp + fp === 0 ? 0 : tp / (tp + fp);
  }
}
