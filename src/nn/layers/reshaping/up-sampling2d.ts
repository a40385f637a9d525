/**
 * Upsampling layer.
 * @module
 */
import type { Tensor } from '../../../tensor/tensor.js';
import { upsample2d } from '../../../ops/resize.js';
import { Layer, type CallContext, type LayerOptions } from '../../layer.js';
import type { SymbolicShape } from '../../symbolic.js';
import { registerLayer } from '../registry.js';
import { intPair, layerArgumentError, singleShape } from '../layer-utils.js';
import { expectImage } from '../convolutional/conv-utils.js';

/** Options of {@link UpSampling2D}. */
export interface UpSampling2DOptions extends LayerOptions {
  /** Factors for height and width, one number or `[h, w]`. Default 2. */
  size?: number | [number, number];
  /** `'nearest'` (default: each pixel becomes a block) or `'bilinear'` (half-pixel centres). */
  interpolation?: 'nearest' | 'bilinear';
}

/**
 * Enlarges NHWC images by integer factors: `[batch, h, w, c]` → `[batch, h·sh, w·sw, c]`.
 * @example layers.upSampling2d({ size: 2 })
 */
export class UpSampling2D extends Layer {
  readonly size: [number, number];
  readonly interpolation: 'nearest' | 'bilinear';

  constructor(options: UpSampling2DOptions = {}) {
    super(options);
    this.size = intPair('UpSampling2D', 'size', options.size ?? 2);
    const interpolation = options.interpolation ?? 'nearest';
    if (interpolation !== 'nearest' && interpolation !== 'bilinear') {
      throw layerArgumentError('UpSampling2D', `interpolation must be 'nearest' or 'bilinear', got ${JSON.stringify(interpolation)}`);
    }
    this.interpolation = interpolation;
  }

  override call(inputs: Tensor | Tensor[], _context: CallContext): Tensor {
    return upsample2d(Array.isArray(inputs) ? inputs[0]! : inputs, this.size, this.interpolation);
  }

  override computeOutputShape(inputShape: SymbolicShape | SymbolicShape[]): SymbolicShape {
    const shape = singleShape(this, inputShape);
    expectImage(this, shape);
    const scale = (d: number | null, f: number) => (d === null ? null : d * f);
    return [shape[0] ?? null, scale(shape[1] ?? null, this.size[0]), scale(shape[2] ?? null, this.size[1]), shape[3] ?? null];
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), size: this.size, interpolation: this.interpolation };
  }
}

registerLayer('UpSampling2D', UpSampling2D);
