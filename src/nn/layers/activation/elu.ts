/**
 * The exponential linear unit layer.
 * @module
 */
import type { Tensor } from '../../../tensor/tensor.js';
import { elu } from '../../../ops/activations.js';
import { Layer, type CallContext, type LayerOptions } from '../../layer.js';
import type { SymbolicShape } from '../../symbolic.js';
import { registerLayer } from '../registry.js';
import { layerArgumentError, singleShape } from '../layer-utils.js';

/** Options of {@link ELU}. */
export interface ELUOptions extends LayerOptions {
  /** Scale of the negative part (default 1). */
  alpha?: number;
}

/** `x` where positive, `alpha · (e^x − 1)` elsewhere. */
export class ELU extends Layer {
  readonly alpha: number;

  constructor(options: ELUOptions = {}) {
    super(options);
    this.alpha = options.alpha ?? 1;
    if (!(this.alpha >= 0)) throw layerArgumentError('ELU', `alpha must be >= 0, got ${this.alpha}`);
  }

  override call(inputs: Tensor | Tensor[], _context: CallContext): Tensor {
    return elu(Array.isArray(inputs) ? inputs[0]! : inputs, this.alpha);
  }

  override computeOutputShape(inputShape: SymbolicShape | SymbolicShape[]): SymbolicShape {
    return singleShape(this, inputShape);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), alpha: this.alpha };
  }
}

registerLayer('ELU', ELU);
