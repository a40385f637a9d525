/**
 * The base of metrics computed from streaming confusion counts (precision, recall).
 * @module
 */
import type { Tensor } from '../../tensor/tensor.js';
import { ConfusionCounts, type ConfusionCountOptions, type ConfusionTotals } from './confusion-counts.js';
import type { Metric } from './metric.js';

/**
 * A {@link Metric} that accumulates {@link ConfusionCounts} and derives its result from their totals.
 * Subclasses give the default name and {@link fromTotals}.
 */
export abstract class ConfusionMetric implements Metric {
  readonly name: string;
  private readonly counts: ConfusionCounts;

  constructor(defaultName: string, options: ConfusionCountOptions) {
    this.name = options.name ?? defaultName;
    this.counts = new ConfusionCounts(this.name, options);
  }

  /** The metric from the totals seen since the last reset. */
  protected abstract fromTotals(totals: ConfusionTotals): number;

  update(yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor): void {
    this.counts.update(yTrue, yPred, sampleWeight);
  }

  result(): number {
    return this.fromTotals(this.counts.totals);
  }

  reset(): void {
    this.counts.reset();
  }

  /** Options that recreate this metric. */
  getConfig(): Record<string, unknown> {
    return { name: this.name, threshold: this.counts.threshold, classId: this.counts.classId, topK: this.counts.topK };
  }
}
