/**
 * The running (weighted) mean that every averaging metric and the loss tracker use.
 * @module
 */
import { ShapeError, formatShape } from '../../errors.js';
import type { Tensor } from '../../tensor/tensor.js';

/**
 * A streaming weighted mean of numbers or tensor elements, accumulated in float64.
 * `fit` tracks the epoch's loss with one: `lossTracker.update(lossValue)` each batch.
 *
 * @example
 * const m = new Mean('loss');
 * m.update(tensor([1, 2, 3]));   // m.result() === 2
 * m.update(10, 3);               // weight 3: (6 + 30) / 6 === 6
 */
export class Mean {
  private total = 0;
  private count = 0;

  constructor(readonly name = 'mean') {}

  /**
   * Adds `values` (a number, or every element of a tensor) with weight `sampleWeight`: a number,
   * or a tensor with one weight per element or per sample (first axis).
   */
  update(values: Tensor | number, sampleWeight?: Tensor | number): void {
    if (typeof values === 'number') {
      const w = typeof sampleWeight === 'number' ? sampleWeight : sampleWeight === undefined ? 1 : sampleWeight.item();
      this.total += values * w;
      this.count += w;
      return;
    }
    const v = values.values;
    if (sampleWeight === undefined || typeof sampleWeight === 'number') {
      const w = sampleWeight ?? 1;
      for (let i = 0; i < v.length; i++) this.total += v[i]! * w;
      this.count += v.length * w;
      return;
    }
    const w = sampleWeight.values;
    // One weight per element, or one per sample repeated over the sample's elements.
    const perSample = values.rank > 0 && w.length === values.shape[0] && sampleWeight.shape[0] === values.shape[0];
    if (w.length !== v.length && !perSample) {
      throw new ShapeError(`${this.name}: sampleWeight ${formatShape(sampleWeight.shape)} does not match values ${formatShape(values.shape)}: expected one weight per element or per sample`);
    }
    const stride = w.length === v.length ? 1 : v.length / Math.max(w.length, 1);
    for (let i = 0; i < v.length; i++) {
      const wi = w[Math.floor(i / stride)]!;
      this.total += v[i]! * wi;
      this.count += wi;
    }
  }

  /** The weighted mean so far; 0 before any update (or when all weights were 0). */
  result(): number {
    return this.count === 0 ? 0 : this.total / this.count;
  }

  /** Forgets everything accumulated. */
  reset(): void {
    this.total = 0;
    this.count = 0;
  }
}
