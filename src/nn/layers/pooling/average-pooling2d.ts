/**
 * Average pooling layer.
 * @module
 */
import type { Tensor } from '../../../tensor/tensor.js';
import { avgPool2d } from '../../../ops/pool.js';
import { registerLayer } from '../registry.js';
import { Pooling2D, type Pooling2DOptions } from './pooling2d.js';

/** Options of {@link AveragePooling2D}. */
export interface AveragePooling2DOptions extends Pooling2DOptions {
  /**
   * Whether padded cells count in the average. Default: false for `'same'` (Keras), true for numeric
   * padding (PyTorch's `count_include_pad=True`).
   */
  countIncludePad?: boolean | null;
}

/**
 * The mean of each `poolSize` window of NHWC images.
 * @example layers.averagePooling2d({ poolSize: 2 })
 */
export class AveragePooling2D extends Pooling2D {
  readonly countIncludePad: boolean | null;

  constructor(options: AveragePooling2DOptions = {}) {
    super('AveragePooling2D', options);
    this.countIncludePad = options.countIncludePad ?? null;
  }

  protected pool(x: Tensor): Tensor {
    return avgPool2d(x, {
      poolSize: this.poolSize,
      strides: this.strides,
      padding: this.padding,
      ...(this.countIncludePad === null ? {} : { countIncludePad: this.countIncludePad }),
    });
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), countIncludePad: this.countIncludePad };
  }
}

registerLayer('AveragePooling2D', AveragePooling2D);
