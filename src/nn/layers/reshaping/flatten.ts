/**
 * Flattening every axis but the batch axis.
 * @module
 */
import type { Tensor } from '../../../tensor/tensor.js';
import { reshape } from '../../../ops/shape-ops.js';
import { Layer, type CallContext, type LayerOptions } from '../../layer.js';
import type { SymbolicShape } from '../../symbolic.js';
import { registerLayer } from '../registry.js';
import { layerShapeError, singleShape } from '../layer-utils.js';

/**
 * `[batch, d1, d2, ...]` → `[batch, d1·d2·...]`, row-major (so for NHWC images the channel varies
 * fastest, as in Keras; PyTorch's `flatten` of NCHW orders features differently).
 * @example layers.flatten()  // [32, 7, 7, 64] -> [32, 3136]
 */
export class Flatten extends Layer {
  constructor(options: LayerOptions = {}) {
    super(options);
  }

  override call(inputs: Tensor | Tensor[], _context: CallContext): Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    return reshape(x, [x.shape[0]!, featureCount(x.shape)]);
  }

  override computeOutputShape(inputShape: SymbolicShape | SymbolicShape[]): SymbolicShape {
    const shape = singleShape(this, inputShape);
    if (shape.length < 1) throw layerShapeError(this, 'input is a scalar, expected [batch, ...]');
    const rest = shape.slice(1);
    return [shape[0] ?? null, rest.some((d) => d === null) ? null : rest.reduce<number>((p, d) => p * d!, 1)];
  }
}

function featureCount(shape: readonly number[]): number {
  return shape.slice(1).reduce((p, d) => p * d, 1);
}

registerLayer('Flatten', Flatten);
