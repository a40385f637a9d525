/**
 * The output layer of a residual style network: the network proposes a change to the input image in
 * logit space, so an untrained network returns the photo itself and training only has to learn the
 * style (a network that must first learn to reproduce its input spends most of a CPU's minutes of
 * training on that; see docs/style.md).
 * @module
 */
import { ArgumentError } from '../../../errors.js';
import type { Tensor } from '../../../tensor/tensor.js';
import { add, clip, log, sigmoid, sub } from '../../../ops/index.js';
import { Layer, type CallContext, type LayerOptions } from '../../../nn/layer.js';
import type { SymbolicShape } from '../../../nn/symbolic.js';
import { registerLayer } from '../../../nn/layers/index.js';

/** Pixels are kept this far inside (0, 1) before their logit is taken. */
const EDGE = 1e-3;

/**
 * Takes `[image, change]` (both `[batch, h, w, 3]`, the image in [0, 1]) and returns
 * `sigmoid(logit(image) + change)`: pixels in (0, 1) that equal the image where the change is 0.
 */
export class PixelResidual extends Layer {
  constructor(options: LayerOptions = {}) {
    super(options);
  }

  override call(inputs: Tensor | Tensor[], _context: CallContext): Tensor {
    if (!Array.isArray(inputs) || inputs.length !== 2) throw new ArgumentError(`${this.name}: expects [image, change]`);
    const p = clip(inputs[0]!, EDGE, 1 - EDGE);
    return sigmoid(add(sub(log(p), log(sub(1, p))), inputs[1]!));
  }

  override computeOutputShape(inputShape: SymbolicShape | SymbolicShape[]): SymbolicShape {
    const list = inputShape as SymbolicShape[];
    if (!Array.isArray(list[0]) || list.length !== 2) throw new ArgumentError(`${this.name}: expects two inputs [image, change]`);
    return list[1]!;
  }
}

registerLayer('PixelResidual', PixelResidual);
