/**
 * 2-D pooling over NHWC images: max and average pooling with windows, and global pooling.
 * @module
 */
import type { Pool2DInfo } from '../backend/kernels.js';
import { ArgumentError, ShapeError, formatShape } from '../errors.js';
import { record } from '../autograd/tape.js';
import { empty } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { assertFloatTensor, assertTensor, compute } from './util.js';
import { max, mean } from './reduce.js';
import { resolvePadding, slidingWindow, toPair } from './conv-geometry.js';

/** Options of {@link maxPool2d} and {@link avgPool2d}. */
export interface Pool2DOptions {
  /** Window size, one for both axes or `[height, width]`. */
  poolSize: number | [number, number];
  /** Step of the window. Default: the pool size (non-overlapping windows). */
  strides?: number | [number, number];
  /**
   * `'valid'` (default): windows inside the input; `'same'`: TensorFlow's padding, output `⌈in / stride⌉`;
   * a number or `[h, w]`: PyTorch's implicit padding on both sides, at most half the pool size.
   */
  padding?: 'valid' | 'same' | number | [number, number];
}

/** Options of {@link avgPool2d}. */
export interface AvgPool2DOptions extends Pool2DOptions {
  /**
   * Divide by the whole window, padding included (PyTorch's default), rather than by the cells inside
   * the input (Keras). Default: false for `'same'` padding, true for numeric padding.
   */
  countIncludePad?: boolean;
}

function assertImage(op: string, x: Tensor): void {
  assertTensor(op, 'x', x);
  assertFloatTensor(op, 'x', x);
  if (x.rank !== 4) throw new ShapeError(`${op}: x ${formatShape(x.shape)} has rank ${x.rank}, expected [batch, height, width, channels]`);
}

function poolInfo(op: string, x: Tensor, options: Pool2DOptions, countIncludePad: boolean): Pool2DInfo {
  if (options?.poolSize === undefined) throw new ArgumentError(`${op}: options.poolSize is required (a window size such as 2 or [2, 2])`);
  const poolSize = toPair(op, 'poolSize', options.poolSize, [1, 1], 1);
  const strides = toPair(op, 'strides', options.strides, poolSize, 1);
  const padding = options.padding ?? 'valid';
  if (typeof padding !== 'string') {
    const pad = resolvePadding(op, padding, [x.shape[1]!, x.shape[2]!], poolSize, strides);
    // PyTorch's bound: it keeps every window overlapping the input, so padding never decides a result.
    if (Math.max(pad.top, pad.bottom) > poolSize[0] / 2 || Math.max(pad.left, pad.right) > poolSize[1] / 2) {
      throw new ArgumentError(`${op}: padding ${JSON.stringify(padding)} must be at most half the pool size [${poolSize.join(',')}]`);
    }
  }
  const window = slidingWindow(op, x.shape, poolSize, strides, padding);
  const [batch, inHeight, inWidth, channels] = x.shape as [number, number, number, number];
  return {
    batch, inHeight, inWidth, channels, outHeight: window.outHeight, outWidth: window.outWidth,
    filterHeight: poolSize[0], filterWidth: poolSize[1], strideHeight: strides[0], strideWidth: strides[1],
    padTop: window.top, padLeft: window.left, countIncludePad,
  };
}

function outputShape(info: Pool2DInfo): number[] {
  return [info.batch, info.outHeight, info.outWidth, info.channels];
}

/**
 * Max pooling of NHWC images `[batch, height, width, channels]`. The gradient flows to the largest
 * input of each window (the first one on ties).
 * @example maxPool2d(x, { poolSize: 2 })                          // [8,32,32,16] -> [8,16,16,16]
 * @example maxPool2d(x, { poolSize: 3, strides: 2, padding: 1 })  // PyTorch MaxPool2d(3, 2, 1)
 */
export function maxPool2d(x: Tensor, options: Pool2DOptions): Tensor {
  assertImage('maxPool2d', x);
  const info = poolInfo('maxPool2d', x, options, false);
  const shape = outputShape(info);
  const argmax = empty(shape, 'int32');
  const out = compute(shape, 'float32', (b, o) => b.maxPool2d(x.values as Float32Array, o.values as Float32Array, argmax.values as Int32Array, info));
  const result = record('maxPool2d', [x], out, (dy) => [
    compute(x.shape, 'float32', (b, dx) => b.maxPool2dBackward(dy.values as Float32Array, argmax.values as Int32Array, dx.values as Float32Array, info)),
  ]);
  // Without a gradient to compute, nobody will read the arg-max: release it now rather than at collection.
  if (result.gradNode === null) argmax.dispose();
  return result;
}

/**
 * Average pooling of NHWC images `[batch, height, width, channels]`; see
 * {@link AvgPool2DOptions.countIncludePad} for how padded windows are averaged.
 * @example avgPool2d(x, { poolSize: 2 })
 * @example avgPool2d(x, { poolSize: 3, strides: 1, padding: 'same' })   // Keras AveragePooling2D(3, 1, 'same')
 */
export function avgPool2d(x: Tensor, options: AvgPool2DOptions): Tensor {
  assertImage('avgPool2d', x);
  const countIncludePad = options?.countIncludePad ?? options?.padding !== 'same';
  const info = poolInfo('avgPool2d', x, options, countIncludePad);
  const out = compute(outputShape(info), 'float32', (b, o) => b.avgPool2d(x.values as Float32Array, o.values as Float32Array, info));
  return record('avgPool2d', [x], out, (dy) => [
    compute(x.shape, 'float32', (b, dx) => b.avgPool2dBackward(dy.values as Float32Array, dx.values as Float32Array, info)),
  ]);
}

/**
 * Mean over the spatial axes: `[batch, height, width, channels] -> [batch, channels]`
 * (`[batch, 1, 1, channels]` with `keepDims`).
 */
export function globalAvgPool2d(x: Tensor, keepDims = false): Tensor {
  assertImage('globalAvgPool2d', x);
  return mean(x, [1, 2], keepDims);
}

/**
 * Max over the spatial axes: `[batch, height, width, channels] -> [batch, channels]`
 * (`[batch, 1, 1, channels]` with `keepDims`).
 */
export function globalMaxPool2d(x: Tensor, keepDims = false): Tensor {
  assertImage('globalMaxPool2d', x);
  return max(x, [1, 2], keepDims);
}
