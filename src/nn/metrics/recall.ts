/**
 * Recall: of the samples that are positive, the fraction predicted so.
 * @module
 */
import type { ConfusionCountOptions, ConfusionTotals } from './confusion-counts.js';
import { ConfusionMetric } from './confusion-metric.js';

/**
 * `tp / (tp + fn)` over everything seen since the last reset (0 when there was no positive sample).
 * Binary by default (`yPred > threshold`); per class of a multi-class output with `classId`.
 */
export class Recall extends ConfusionMetric {
  constructor(options: ConfusionCountOptions = {}) {
    super('recall', options);
  }

  protected fromTotals({ truePositives: tp, falseNegatives: fn }: ConfusionTotals): number {
    return tp + fn === 0 ? 0 : tp / (tp + fn);
  }
}
