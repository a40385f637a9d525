/**
 * The leaky rectified linear unit layer.
 * @module
 */
import type { Tensor } from '../../../tensor/tensor.js';
import { leakyRelu } from '../../../ops/activations.js';
import { Layer, type CallContext, type LayerOptions } from '../../layer.js';
import type { SymbolicShape } from '../../symbolic.js';
import { registerLayer } from '../registry.js';
import { layerArgumentError, singleShape } from '../layer-utils.js';

/** Options of {@link LeakyReLU}. */
export interface LeakyReLUOptions extends LayerOptions {
  /** Slope for negative inputs (Keras default 0.3; PyTorch's is 0.01, GANs often use 0.2). */
  negativeSlope?: number;
  /** Keras 2's name for `negativeSlope`. */
  alpha?: number;
}

/** `x` where positive, `negativeSlope · x` elsewhere. */
export class LeakyReLU extends Layer {
  readonly negativeSlope: number;

  constructor(options: LeakyReLUOptions = {}) {
    super(options);
    this.negativeSlope = options.negativeSlope ?? options.alpha ?? 0.3;
    if (!(this.negativeSlope >= 0)) throw layerArgumentError('LeakyReLU', `negativeSlope must be >= 0, got ${this.negativeSlope}`);
  }

  override call(inputs: Tensor | Tensor[], _context: CallContext): Tensor {
    return leakyRelu(Array.isArray(inputs) ? inputs[0]! : inputs, this.negativeSlope);
  }

  override computeOutputShape(inputShape: SymbolicShape | SymbolicShape[]): SymbolicShape {
    return singleShape(this, inputShape);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), negativeSlope: this.negativeSlope };
  }
}

registerLayer('LeakyReLU', LeakyReLU);
