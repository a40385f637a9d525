/**
 * The rectified linear unit layer, with Keras' optional cap, slope and threshold.
 * @module
 */
import type { Tensor } from '../../../tensor/tensor.js';
import { minimum, mul, sub } from '../../../ops/arithmetic.js';
import { relu } from '../../../ops/activations.js';
import { greaterEqual, select } from '../../../ops/compare.js';
import { Layer, type CallContext, type LayerOptions } from '../../layer.js';
import type { SymbolicShape } from '../../symbolic.js';
import { registerLayer } from '../registry.js';
import { layerArgumentError, singleShape } from '../layer-utils.js';

/** Options of {@link ReLU}. */
export interface ReLUOptions extends LayerOptions {
  /** Upper bound of the output (none by default; 6 gives ReLU6). */
  maxValue?: number | null;
  /** Slope below the threshold (default 0). */
  negativeSlope?: number;
  /** Inputs below it are damped by `negativeSlope` (default 0). */
  threshold?: number;
}

/**
 * `f(x) = min(x, maxValue)` for `x >= threshold`, `negativeSlope · (x − threshold)` otherwise.
 * With the defaults it is `max(x, 0)`.
 */
export class ReLU extends Layer {
  readonly maxValue: number | null;
  readonly negativeSlope: number;
  readonly threshold: number;

  constructor(options: ReLUOptions = {}) {
    super(options);
    this.maxValue = options.maxValue ?? null;
    this.negativeSlope = options.negativeSlope ?? 0;
    this.threshold = options.threshold ?? 0;
    if (this.maxValue !== null && !(this.maxValue >= 0)) throw layerArgumentError('ReLU', `maxValue must be >= 0, got ${this.maxValue}`);
    if (!(this.negativeSlope >= 0)) throw layerArgumentError('ReLU', `negativeSlope must be >= 0, got ${this.negativeSlope}`);
    if (!Number.isFinite(this.threshold)) throw layerArgumentError('ReLU', `threshold must be finite, got ${this.threshold}`);
  }

  override call(inputs: Tensor | Tensor[], _context: CallContext): Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    let y = this.negativeSlope === 0 && this.threshold === 0 ? relu(x) : select(greaterEqual(x, this.threshold), x, mul(sub(x, this.threshold), this.negativeSlope));
    if (this.maxValue !== null) y = minimum(y, this.maxValue);
    return y;
  }

  override computeOutputShape(inputShape: SymbolicShape | SymbolicShape[]): SymbolicShape {
    return singleShape(this, inputShape);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), maxValue: this.maxValue, negativeSlope: this.negativeSlope, threshold: this.threshold };
  }
}

registerLayer('ReLU', ReLU);
