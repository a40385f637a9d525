/**
 * Instance normalization, the normalization of style-transfer networks.
 * @module
 */
import type { Tensor } from '../../../tensor/tensor.js';
import { instanceNorm } from '../../../ops/normalization.js';
import type { CallContext } from '../../layer.js';
import type { SymbolicShape } from '../../symbolic.js';
import { registerLayer } from '../registry.js';
import { expectRank, formatSymbolicShape, knownDim, layerShapeError, singleShape } from '../layer-utils.js';
import { AffineNormalizationLayer, type AffineNormalizationOptions } from './affine-normalization.js';

/** Options of {@link InstanceNormalization}. */
export interface InstanceNormalizationOptions extends AffineNormalizationOptions {
  /** Added to the variance (default 1e-3 as Keras-contrib's layer; PyTorch uses 1e-5). */
  epsilon?: number;
  /** Learn a per-channel offset `bias`. Default true. */
  center?: boolean;
  /** Learn a per-channel scale `weight`. Default true. */
  scale?: boolean;
}

/**
 * Normalises every channel of every image (NHWC) over its height and width, then applies a learned
 * per-channel scale and offset. Same in training and inference (no running statistics).
 *
 * Weights, as PyTorch's `InstanceNorm2d(affine=True)`: `weight` and `bias`, each `[channels]`.
 */
export class InstanceNormalization extends AffineNormalizationLayer {

  constructor(options: InstanceNormalizationOptions = {}) {
    super(options);
    this.initAffine('InstanceNormalization', options);
  }

  override build(inputShape: SymbolicShape | SymbolicShape[]): void {
    const shape = singleShape(this, inputShape);
    expectRank(this, shape, 4, '[batch, height, width, channels]');
    const channels = knownDim(this, shape, 3, 'channel');
    this.addAffineWeights([channels]);
  }

  override call(inputs: Tensor | Tensor[], _context: CallContext): Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    return instanceNorm(x, this.weight, this.bias, this.epsilon);
  }

  override computeOutputShape(inputShape: SymbolicShape | SymbolicShape[]): SymbolicShape {
    const shape = singleShape(this, inputShape);
    expectRank(this, shape, 4, '[batch, height, width, channels]');
    const built = this.weight ?? this.bias;
    if (built && shape[3] !== null && shape[3] !== built.shape[0]) {
      throw layerShapeError(this, `input ${formatSymbolicShape(shape)} has ${shape[3]} channels, but the layer was built for ${built.shape[0]}`);
    }
    return shape;
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      ...this.affineConfig(),
    };
  }
}

registerLayer('InstanceNormalization', InstanceNormalization);
