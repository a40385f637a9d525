/**
 * What the windowed 2-D pooling layers share: options, output shapes and config.
 * @module
 */
import type { Tensor } from '../../../tensor/tensor.js';
import { Layer, type CallContext, type LayerOptions } from '../../layer.js';
import type { SymbolicShape } from '../../symbolic.js';
import { intPair, layerArgumentError, singleShape } from '../layer-utils.js';
import { expectImage, slidingOutputSize } from '../convolutional/conv-utils.js';

/** Padding of a pooling window: Keras' `'valid'`/`'same'`, or PyTorch's symmetric amounts (at most half the window). */
export type PoolPadding = 'valid' | 'same' | number | [number, number];

/** Options of the windowed pooling layers. */
export interface Pooling2DOptions extends LayerOptions {
  /** Window size, one number or `[height, width]`. Default 2. */
  poolSize?: number | [number, number];
  /** Step of the window. Default: the pool size. */
  strides?: number | [number, number] | null;
  /** Default `'valid'`. */
  padding?: PoolPadding;
}

/** Base of {@link MaxPooling2D} and {@link AveragePooling2D}: NHWC `[batch, h, w, c]` → `[batch, h', w', c]`. */
export abstract class Pooling2D extends Layer {
  readonly poolSize: [number, number];
  readonly strides: [number, number];
  readonly padding: PoolPadding;

  constructor(layerClass: string, options: Pooling2DOptions) {
    super(options);
    this.poolSize = intPair(layerClass, 'poolSize', options.poolSize ?? 2);
    this.strides = intPair(layerClass, 'strides', options.strides ?? this.poolSize);
    const padding = options.padding ?? 'valid';
    const isCount = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0;
    const ok = padding === 'valid' || padding === 'same' || isCount(padding) || (Array.isArray(padding) && padding.length === 2 && padding.every(isCount));
    if (!ok) throw layerArgumentError(layerClass, `padding must be 'valid', 'same', an integer >= 0 or [height, width], got ${JSON.stringify(padding)}`);
    const amounts = typeof padding === 'number' ? [padding, padding] : Array.isArray(padding) ? padding : [0, 0];
    if (amounts.some((p, i) => p > this.poolSize[i]! / 2)) {
      throw layerArgumentError(layerClass, `padding ${JSON.stringify(padding)} must be at most half the pool size [${this.poolSize.join(',')}]`);
    }
    this.padding = padding;
  }

  /** The pooling itself, on an NHWC tensor. */
  protected abstract pool(x: Tensor): Tensor;

  override call(inputs: Tensor | Tensor[], _context: CallContext): Tensor {
    return this.pool(Array.isArray(inputs) ? inputs[0]! : inputs);
  }

  override computeOutputShape(inputShape: SymbolicShape | SymbolicShape[]): SymbolicShape {
    const shape = singleShape(this, inputShape);
    expectImage(this, shape);
    const [h, w] = slidingOutputSize(this, shape, this.poolSize, this.strides, [1, 1], this.padding);
    return [shape[0] ?? null, h, w, shape[3] ?? null];
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), poolSize: this.poolSize, strides: this.strides, padding: this.padding };
  }
}
