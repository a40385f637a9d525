/**
 * Max pooling layer.
 * @module
 */
import type { Tensor } from '../../../tensor/tensor.js';
import { maxPool2d } from '../../../ops/pool.js';
import { registerLayer } from '../registry.js';
import { Pooling2D, type Pooling2DOptions } from './pooling2d.js';

/**
 * The largest value of each `poolSize` window of NHWC images (padding never wins).
 * @example layers.maxPooling2d({ poolSize: 2 })  // [8, 32, 32, 16] -> [8, 16, 16, 16]
 */
export class MaxPooling2D extends Pooling2D {
  constructor(options: Pooling2DOptions = {}) {
    super('MaxPooling2D', options);
  }

  protected pool(x: Tensor): Tensor {
    return maxPool2d(x, { poolSize: this.poolSize, strides: this.strides, padding: this.padding });
  }
}

registerLayer('MaxPooling2D', MaxPooling2D);
