/**
 * Global average and max pooling layers.
 * @module
 */
import type { Tensor } from '../../../tensor/tensor.js';
import { globalAvgPool2d, globalMaxPool2d } from '../../../ops/pool.js';
import { Layer, type CallContext, type LayerOptions } from '../../layer.js';
import type { SymbolicShape } from '../../symbolic.js';
import { registerLayer } from '../registry.js';
import { singleShape } from '../layer-utils.js';
import { expectImage } from '../convolutional/conv-utils.js';

/** Options of the global pooling layers. */
export interface GlobalPooling2DOptions extends LayerOptions {
  /** Keep the spatial axes as size 1: `[batch, 1, 1, c]` instead of `[batch, c]`. Default false. */
  keepDims?: boolean;
}

abstract class GlobalPooling2D extends Layer {
  readonly keepDims: boolean;

  constructor(options: GlobalPooling2DOptions) {
    super(options);
    this.keepDims = options.keepDims ?? false;
  }

  protected abstract pool(x: Tensor): Tensor;

  override call(inputs: Tensor | Tensor[], _context: CallContext): Tensor {
    return this.pool(Array.isArray(inputs) ? inputs[0]! : inputs);
  }

  override computeOutputShape(inputShape: SymbolicShape | SymbolicShape[]): SymbolicShape {
    const shape = singleShape(this, inputShape);
    expectImage(this, shape);
    return this.keepDims ? [shape[0] ?? null, 1, 1, shape[3] ?? null] : [shape[0] ?? null, shape[3] ?? null];
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), keepDims: this.keepDims };
  }
}

/** The mean over height and width of NHWC images: `[batch, h, w, c]` → `[batch, c]`. */
export class GlobalAveragePooling2D extends GlobalPooling2D {
  constructor(options: GlobalPooling2DOptions = {}) {
    super(options);
  }
  protected pool(x: Tensor): Tensor {
    return globalAvgPool2d(x, this.keepDims);
  }
}

/** The maximum over height and width of NHWC images: `[batch, h, w, c]` → `[batch, c]`. */
export class GlobalMaxPooling2D extends GlobalPooling2D {
  constructor(options: GlobalPooling2DOptions = {}) {
    super(options);
  }
  protected pool(x: Tensor): Tensor {
    return globalMaxPool2d(x, this.keepDims);
  }
}

registerLayer('GlobalAveragePooling2D', GlobalAveragePooling2D);
registerLayer('GlobalMaxPooling2D', GlobalMaxPooling2D);
