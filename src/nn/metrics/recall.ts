/**
 * Recall: of the samples that are positive, the fraction predicted so.
 * @module
 */
import type { Tensor } from '../../tensor/tensor.js';
import { ConfusionCounts, type ConfusionCountOptions } from './confusion-counts.js';
import type { Metric } from './metric.js';

/**
 * `tp / (tp + fn)` over everything seen since the last reset (0 when there was no positive sample).
 * Binary by default (`yPred > threshold`); per class of a multi-class output with `classId`.
 */
export class Recall implements Metric {
  readonly name: string;
  private readonly counts: ConfusionCounts;

  constructor(options: ConfusionCountOptions = {}) {
    this.name = options.name ?? 'recall';
    this.counts = new ConfusionCounts(this.name, options);
  }

  update(yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor): void {
    this.counts.update(yTrue, yPred, sampleWeight);
  }

  result(): number {
    const { truePositives: tp, falseNegatives: fn } = this.counts.totals;
    return tp + fn === 0 ? 0 : tp / (tp + fn);
  }

  reset(): void {
    this.counts.reset();
  }

  /** Options that recreate this metric. */
  getConfig(): Record<string, unknown> {
    return { name: this.name, threshold: this.counts.threshold, classId: this.counts.classId, topK: this.counts.topK };
  }
}
