/**
 * A layer applying a named activation function.
 * @module
 */
import type { Tensor } from '../../../tensor/tensor.js';
import { Layer, type CallContext, type LayerOptions } from '../../layer.js';
import type { SymbolicShape } from '../../symbolic.js';
import { activationName, getActivation, type ActivationFn } from '../../activations.js';
import { registerLayer } from '../registry.js';
import { layerArgumentError, singleShape } from '../layer-utils.js';

/** Options of {@link Activation}. */
export interface ActivationOptions extends LayerOptions {
  /** A name from `nn/activations`: `'relu'`, `'gelu'`, `'sigmoid'`, `'tanh'`, `'softmax'`, `'swish'`... */
  activation: string;
}

/**
 * Applies an activation function by name; the shape is unchanged.
 * @example layers.activation('gelu')
 */
export class Activation extends Layer {
  readonly activation: string;
  private readonly fn: ActivationFn;

  constructor(options: ActivationOptions) {
    super(options);
    if (typeof options?.activation !== 'string') throw layerArgumentError('Activation', `activation must be a name such as 'relu', got ${JSON.stringify(options?.activation)}`);
    this.activation = activationName(options.activation, 'Activation');
    this.fn = getActivation(this.activation);
  }

  override call(inputs: Tensor | Tensor[], _context: CallContext): Tensor {
    return this.fn(Array.isArray(inputs) ? inputs[0]! : inputs);
  }

  override computeOutputShape(inputShape: SymbolicShape | SymbolicShape[]): SymbolicShape {
    return singleShape(this, inputShape);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), activation: this.activation };
  }
}

registerLayer('Activation', Activation);
