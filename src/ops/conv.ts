/**
 * 2-D convolution and transposed convolution over NHWC images with HWIO filters.
 * @module
 */
import type { Conv2DInfo } from '../backend/kernels.js';
import { ArgumentError, ShapeError, formatShape } from '../errors.js';
import { record } from '../autograd/tape.js';
import type { Tensor } from '../tensor/tensor.js';
import { assertFloatTensor, assertTensor, compute } from './util.js';
import { effectiveKernelSize, slidingWindow, toPair, transposedAxis, type Pair } from './conv-geometry.js';

/** Options of {@link conv2d}. */
export interface Conv2DOptions {
  /** Step of the window, one for both axes or `[height, width]`. Default 1. */
  strides?: number | [number, number];
  /** See {@link PaddingSpec}. Default `'valid'`. */
  padding?: 'valid' | 'same' | number | [number, number] | [[number, number], [number, number]];
  /** Spacing between filter taps (atrous convolution). Default 1. */
  dilations?: number | [number, number];
  /** Channel groups: input channel block `g` only feeds output channel block `g`. `groups = channels` is a depthwise convolution. Default 1. */
  groups?: number;
}

/** Options of {@link conv2dTranspose}. */
export interface Conv2DTransposeOptions {
  /** Upsampling step, one for both axes or `[height, width]`. Default 1. */
  strides?: number | [number, number];
  /** `'valid'`/`'same'` size the output as Keras does; a number (or `[h, w]`) is PyTorch's `padding`. Default `'valid'`. */
  padding?: 'valid' | 'same' | number | [number, number];
  /** Extra rows/columns at the bottom/right of the output (PyTorch's `output_padding`); must be smaller than the stride or the dilation. */
  outputPadding?: number | [number, number];
  /** Spacing between filter taps. Default 1. */
  dilations?: number | [number, number];
}

function assertImage(op: string, arg: string, x: Tensor, layout: string): void {
  assertTensor(op, arg, x);
  assertFloatTensor(op, arg, x);
  if (x.rank !== 4) throw new ShapeError(`${op}: ${arg} ${formatShape(x.shape)} has rank ${x.rank}, expected ${layout}`);
}

// Kernel launches without recording: they serve as forward passes and as vjps (backward runs under noGrad).

function runConv2d(x: Tensor, filter: Tensor, info: Conv2DInfo): Tensor {
  const shape = [info.batch, info.outHeight, info.outWidth, info.outChannels];
  return compute(shape, 'float32', (b, o) => b.conv2d(x.values as Float32Array, filter.values as Float32Array, o.values as Float32Array, info), filter.size > 0);
}

/** @internal The input gradient of a convolution described by `info` (no recording; also used by conv2dBiasActivation). */
export function runBackwardInput(dy: Tensor, filter: Tensor, info: Conv2DInfo): Tensor {
  const shape = [info.batch, info.inHeight, info.inWidth, info.inChannels];
  return compute(shape, 'float32', (b, o) =>
    b.conv2dBackwardInput(dy.values as Float32Array, filter.values as Float32Array, o.values as Float32Array, info),
    true,
  );
}

/** @internal The filter gradient of a convolution described by `info` (no recording; also used by conv2dBiasActivation). */
export function runBackwardFilter(x: Tensor, dy: Tensor, filterShape: readonly number[], info: Conv2DInfo): Tensor {
  return compute(filterShape, 'float32', (b, o) =>
    b.conv2dBackwardFilter(x.values as Float32Array, dy.values as Float32Array, o.values as Float32Array, info),
    true,
  );
}

/**
 * 2-D convolution (cross-correlation, as every framework computes it) of NHWC images `x`
 * `[batch, height, width, channels]` with an HWIO `filter` `[filterHeight, filterWidth, channels / groups, outChannels]`.
 * Returns `[batch, outHeight, outWidth, outChannels]`. Add a bias yourself.
 *
 * @example conv2d(images, w, { strides: 2, padding: 'same' })   // [8,32,32,3] * [3,3,3,16] -> [8,16,16,16]
 * @example conv2d(x, depthwise, { groups: 32, padding: 1 })     // filter [3,3,1,32]
 */
export function conv2d(x: Tensor, filter: Tensor, options: Conv2DOptions = {}): Tensor {
  const info = conv2dGeometry('conv2d', x, filter, options);
  const out = runConv2d(x, filter, info);
  return record('conv2d', [x, filter], out, (dy, needs) => [
    needs[0] ? runBackwardInput(dy, filter, info) : null,
    needs[1] ? runBackwardFilter(x, dy, filter.shape, info) : null,
  ]);
}

/**
 * @internal Checks the operands of a 2-D convolution and works out its geometry (output size,
 * padding); errors name `op`. Shared by conv2d and conv2dBiasActivation.
 */
export function conv2dGeometry(op: string, x: Tensor, filter: Tensor, options: Conv2DOptions): Conv2DInfo {
  assertImage(op, 'x', x, '[batch, height, width, channels]');
  assertImage(op, 'filter', filter, '[filterHeight, filterWidth, inChannels / groups, outChannels]');
  const [batch, inHeight, inWidth, inChannels] = x.shape as [number, number, number, number];
  const [filterHeight, filterWidth, filterChannels, outChannels] = filter.shape as [number, number, number, number];
  const groups = options.groups ?? 1;
  if (!Number.isInteger(groups) || groups < 1) throw new ArgumentError(`${op}: groups must be an integer >= 1, got ${groups}`);
  if (inChannels % groups !== 0) {
    throw new ArgumentError(`${op}: groups ${groups} does not divide the ${inChannels} input channels of x ${formatShape(x.shape)}`);
  }
  if (outChannels % groups !== 0) {
    throw new ArgumentError(`${op}: groups ${groups} does not divide the ${outChannels} output channels of filter ${formatShape(filter.shape)}`);
  }
  if (filterChannels * groups !== inChannels) {
    throw new ShapeError(
      `${op}: filter ${formatShape(filter.shape)} takes ${filterChannels} input channels per group (x${groups} groups = ` +
        `${filterChannels * groups}), but x ${formatShape(x.shape)} has ${inChannels}`,
    );
  }
  const strides = toPair(op, 'strides', options.strides, [1, 1], 1);
  const dilations = toPair(op, 'dilations', options.dilations, [1, 1], 1);
  const kernel: Pair = [effectiveKernelSize(filterHeight, dilations[0]), effectiveKernelSize(filterWidth, dilations[1])];
  const window = slidingWindow(op, x.shape, kernel, strides, options.padding ?? 'valid');
  const info: Conv2DInfo = {
    batch, inHeight, inWidth, inChannels, outHeight: window.outHeight, outWidth: window.outWidth, outChannels,
    filterHeight, filterWidth, strideHeight: strides[0], strideWidth: strides[1],
    dilationHeight: dilations[0], dilationWidth: dilations[1], padTop: window.top, padLeft: window.left, groups,
  };
  return info;
}

/**
 * Transposed convolution (the gradient of {@link conv2d} with respect to its input, used to upsample):
 * `x` `[batch, height, width, inChannels]` with a Keras-layout `filter` `[filterHeight, filterWidth, outChannels, inChannels]`
 * gives `[batch, outHeight, outWidth, outChannels]`. Output sizes: see {@link Conv2DTransposeOptions.padding}.
 *
 * @example conv2dTranspose(z, w, { strides: 2, padding: 'same' })       // [1,8,8,64] * [4,4,32,64] -> [1,16,16,32]
 * @example conv2dTranspose(z, w, { strides: 2, padding: 1, outputPadding: 1 })  // PyTorch ConvTranspose2d(k=3, s=2, p=1, op=1)
 */
export function conv2dTranspose(x: Tensor, filter: Tensor, options: Conv2DTransposeOptions = {}): Tensor {
  const op = 'conv2dTranspose';
  assertImage(op, 'x', x, '[batch, height, width, channels]');
  assertImage(op, 'filter', filter, '[filterHeight, filterWidth, outChannels, inChannels]');
  const [batch, inHeight, inWidth, inChannels] = x.shape as [number, number, number, number];
  const [filterHeight, filterWidth, outChannels, filterInChannels] = filter.shape as [number, number, number, number];
  if (filterInChannels !== inChannels) {
    throw new ShapeError(`${op}: filter ${formatShape(filter.shape)} takes ${filterInChannels} input channels (last axis), but x ${formatShape(x.shape)} has ${inChannels}`);
  }
  const strides = toPair(op, 'strides', options.strides, [1, 1], 1);
  const dilations = toPair(op, 'dilations', options.dilations, [1, 1], 1);
  const outputPadding = options.outputPadding === undefined ? undefined : toPair(op, 'outputPadding', options.outputPadding, [0, 0], 0);
  const padding = options.padding ?? 'valid';
  if (typeof padding === 'string' && padding !== 'valid' && padding !== 'same') {
    throw new ArgumentError(`${op}: padding must be 'valid', 'same', an integer >= 0 or [height, width], got ${JSON.stringify(padding)}`);
  }
  const pads = typeof padding === 'string' ? [padding, padding] : toPair(op, 'padding', padding, [0, 0], 0);
  for (let axis = 0; axis < 2; axis++) {
    if (outputPadding && outputPadding[axis]! >= Math.max(strides[axis]!, dilations[axis]!)) {
      throw new ArgumentError(
        `${op}: outputPadding [${outputPadding.join(',')}] must be smaller than the stride [${strides.join(',')}] or the dilation [${dilations.join(',')}] on each axis`,
      );
    }
  }
  const filterSize: Pair = [filterHeight, filterWidth];
  const axisGeometry = (axis: 0 | 1): ReturnType<typeof transposedAxis> =>
    transposedAxis(x.shape[axis + 1]!, effectiveKernelSize(filterSize[axis], dilations[axis]), strides[axis], pads[axis], outputPadding?.[axis]);
  const rows = axisGeometry(0);
  const cols = axisGeometry(1);
  if (rows.outSize <= 0 || cols.outSize <= 0) {
    throw new ShapeError(`${op}: x ${formatShape(x.shape)} with filter ${formatShape(filter.shape)} and padding ${JSON.stringify(padding)} gives output size ${rows.outSize}x${cols.outSize}, expected at least 1x1`);
  }
  // The geometry of the forward convolution whose input gradient this is: it maps the (larger)
  // output of the transposed convolution back to `x`.
  const info: Conv2DInfo = {
    batch, inHeight: rows.outSize, inWidth: cols.outSize, inChannels: outChannels, outHeight: inHeight, outWidth: inWidth, outChannels: inChannels,
    filterHeight, filterWidth, strideHeight: strides[0], strideWidth: strides[1],
    dilationHeight: dilations[0], dilationWidth: dilations[1], padTop: rows.padBefore, padLeft: cols.padBefore, groups: 1,
  };
  const out = runBackwardInput(x, filter, info);
  return record(op, [x, filter], out, (dy, needs) => [
    needs[0] ? runConv2d(dy, filter, info) : null,
    needs[1] ? runBackwardFilter(dy, x, filter.shape, info) : null,
  ]);
}
