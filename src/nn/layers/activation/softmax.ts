/**
 * The softmax layer.
 * @module
 */
import type { Tensor } from '../../../tensor/tensor.js';
import { softmax } from '../../../ops/softmax.js';
import { Layer, type CallContext, type LayerOptions } from '../../layer.js';
import type { SymbolicShape } from '../../symbolic.js';
import { registerLayer } from '../registry.js';
import { formatSymbolicShape, layerArgumentError, layerShapeError, singleShape } from '../layer-utils.js';

/** Options of {@link Softmax}. */
export interface SoftmaxOptions extends LayerOptions {
  /** The axis that sums to one (default -1). */
  axis?: number;
}

/** `e^x / sum(e^x)` along `axis`. */
export class Softmax extends Layer {
  readonly axis: number;

  constructor(options: SoftmaxOptions = {}) {
    super(options);
    this.axis = options.axis ?? -1;
    if (!Number.isInteger(this.axis)) throw layerArgumentError('Softmax', `axis must be an integer, got ${this.axis}`);
  }

  override call(inputs: Tensor | Tensor[], _context: CallContext): Tensor {
    return softmax(Array.isArray(inputs) ? inputs[0]! : inputs, this.axis);
  }

  override computeOutputShape(inputShape: SymbolicShape | SymbolicShape[]): SymbolicShape {
    const shape = singleShape(this, inputShape);
    const axis = this.axis < 0 ? shape.length + this.axis : this.axis;
    if (axis < 1 || axis >= shape.length) throw layerShapeError(this, `axis ${this.axis} is not a non-batch axis of input ${formatSymbolicShape(shape)}`);
    return shape;
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), axis: this.axis };
  }
}

registerLayer('Softmax', Softmax);
