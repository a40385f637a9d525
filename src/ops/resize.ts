/**
 * Resizing NHWC images: nearest-neighbour and bilinear to a size, and integer upsampling.
 * @module
 */
import type { Backend, ResizeInfo } from '../backend/kernels.js';
import { ArgumentError, ShapeError, formatShape } from '../errors.js';
import { record } from '../autograd/tape.js';
import type { Tensor } from '../tensor/tensor.js';
import { assertFloatTensor, assertTensor, compute } from './util.js';
import { toPair } from './conv-geometry.js';

/** Options of {@link resizeNearest} and {@link resizeBilinear}. */
export interface ResizeOptions {
  /**
   * Map the centres of the corner pixels onto each other (TensorFlow's and PyTorch's `align_corners`).
   * Default false: pixels are squares, with half-pixel centres for bilinear (PyTorch `align_corners=False`)
   * and `⌊dst · in / out⌋` for nearest (PyTorch's `'nearest'`).
   */
  alignCorners?: boolean;
}

type Method = 'nearest' | 'bilinear';

function resize(op: string, method: Method, x: Tensor, size: readonly [number, number], options: ResizeOptions): Tensor {
  assertTensor(op, 'x', x);
  assertFloatTensor(op, 'x', x);
  if (x.rank !== 4) throw new ShapeError(`${op}: x ${formatShape(x.shape)} has rank ${x.rank}, expected [batch, height, width, channels]`);
  if (!Array.isArray(size)) throw new ArgumentError(`${op}: size must be [height, width], got ${JSON.stringify(size)}`);
  const [outHeight, outWidth] = toPair(op, 'size', size, [1, 1], 1);
  const alignCorners = options?.alignCorners ?? false;
  if (typeof alignCorners !== 'boolean') throw new ArgumentError(`${op}: alignCorners must be a boolean, got ${JSON.stringify(alignCorners)}`);
  const [batch, inHeight, inWidth, channels] = x.shape as [number, number, number, number];
  const info: ResizeInfo = { batch, inHeight, inWidth, channels, outHeight, outWidth, alignCorners };
  const forward = (b: Backend, xs: Float32Array, out: Float32Array): void =>
    method === 'nearest' ? b.resizeNearest(xs, out, info) : b.resizeBilinear(xs, out, info);
  const backward = (b: Backend, dy: Float32Array, dx: Float32Array): void =>
    method === 'nearest' ? b.resizeNearestBackward(dy, dx, info) : b.resizeBilinearBackward(dy, dx, info);
  const out = compute([batch, outHeight, outWidth, channels], 'float32', (b, o) => forward(b, x.values as Float32Array, o.values as Float32Array));
  return record(op, [x], out, (dy) => [compute(x.shape, 'float32', (b, dx) => backward(b, dy.values as Float32Array, dx.values as Float32Array))]);
}

/**
 * Nearest-neighbour resize of NHWC images `[batch, height, width, channels]` to `size = [height, width]`.
 * @example resizeNearest(x, [64, 64])
 */
export function resizeNearest(x: Tensor, size: [number, number], options: ResizeOptions = {}): Tensor {
  return resize('resizeNearest', 'nearest', x, size, options);
}

/**
 * Bilinear resize of NHWC images `[batch, height, width, channels]` to `size = [height, width]`
 * (no antialiasing when shrinking, as PyTorch's `interpolate` and TensorFlow's `resize_bilinear`).
 * @example resizeBilinear(x, [224, 224])
 * @example resizeBilinear(x, [33, 33], { alignCorners: true })
 */
export function resizeBilinear(x: Tensor, size: [number, number], options: ResizeOptions = {}): Tensor {
  return resize('resizeBilinear', 'bilinear', x, size, options);
}

/**
 * Enlarges NHWC images by integer factors (Keras `UpSampling2D`, PyTorch `Upsample(scale_factor)`):
 * `[batch, h, w, c] -> [batch, h·scaleH, w·scaleW, c]`.
 * @example upsample2d(x, 2)                  // each pixel becomes a 2x2 block
 * @example upsample2d(x, [2, 3], 'bilinear')
 */
export function upsample2d(x: Tensor, scale: number | [number, number], method: 'nearest' | 'bilinear' = 'nearest'): Tensor {
  const op = 'upsample2d';
  assertTensor(op, 'x', x);
  if (x.rank !== 4) throw new ShapeError(`${op}: x ${formatShape(x.shape)} has rank ${x.rank}, expected [batch, height, width, channels]`);
  const [scaleHeight, scaleWidth] = toPair(op, 'scale', scale, [1, 1], 1);
  if (method !== 'nearest' && method !== 'bilinear') throw new ArgumentError(`${op}: method must be 'nearest' or 'bilinear', got ${JSON.stringify(method)}`);
  return resize(op, method, x, [x.shape[1]! * scaleHeight, x.shape[2]! * scaleWidth], {});
}
