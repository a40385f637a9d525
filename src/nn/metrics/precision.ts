/**
 * Precision: of the samples predicted positive, the fraction that are.
 * @module
 */
import type { Tensor } from '../../tensor/tensor.js';
import { ConfusionCounts, type ConfusionCountOptions } from './confusion-counts.js';
import type { Metric } from './metric.js';

/**
 * `tp / (tp + fp)` over everything seen since the last reset (0 when nothing was predicted positive).
 * Binary by default (`yPred > threshold`); per class of a multi-class output with `classId`.
 *
 * @example new Precision({ classId: 3, topK: 1 })   // precision of class 3 under arg-max predictions
 */
export class Precision implements Metric {
  readonly name: string;
  private readonly counts: ConfusionCounts;

  constructor(options: ConfusionCountOptions = {}) {
    this.name = options.name ?? 'precision';
    this.counts = new ConfusionCounts(this.name, options);
  }

  update(yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor): void {
    this.counts.update(yTrue, yPred, sampleWeight);
  }

  result(): number {
    const { truePositives: tp, falsePositives: fp } = this.counts.totals;
    return tp + fp === 0 ? 0 : tp / (tp + fp);
  }

  reset(): void {
    this.counts.reset();
  }

  /** Options that recreate this metric. */
  getConfig(): Record<string, unknown> {
    return { name: this.name, threshold: this.counts.threshold, classId: this.counts.classId, topK: this.counts.topK };
  }
}
