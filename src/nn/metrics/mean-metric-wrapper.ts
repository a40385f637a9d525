/**
 * Metrics that average a per-sample value over everything seen.
 * @module
 */
import { noGrad } from '../../autograd/tape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { Mean } from './mean.js';
import type { Metric } from './metric.js';

/** A function giving one value per sample (or per element), e.g. 1 where the prediction is right. */
export type PerSampleFunction = (yTrue: Tensor, yPred: Tensor) => Tensor;

/**
 * Turns a per-sample function into a streaming {@link Metric}: the (sample-weighted) mean of its
 * values over every batch since the last reset. Accuracy metrics and losses used as metrics are built this way.
 *
 * @example new MeanMetricWrapper('mse', (t, p) => new MeanSquaredError().perSample(t, p))
 */
export class MeanMetricWrapper implements Metric {
  private readonly mean: Mean;

  constructor(readonly name: string, private readonly fn: PerSampleFunction, private readonly config: Record<string, unknown> = {}) {
    this.mean = new Mean(name);
  }

  update(yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor): void {
    // Metrics never need gradients, and predictions may still be attached to the training graph.
    const values = noGrad(() => this.fn(yTrue, yPred));
    this.mean.update(values, sampleWeight);
  }

  result(): number {
    return this.mean.result();
  }

  reset(): void {
    this.mean.reset();
  }

  /** Options that recreate this metric (plus its name). */
  getConfig(): Record<string, unknown> {
    return { name: this.name, ...this.config };
  }
}
