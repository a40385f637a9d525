/**
 * Shape arithmetic shared by the convolution and pooling layers, on symbolic shapes (unknown sizes
 * stay unknown) and with errors that name the layer.
 * @module
 */
import type { PaddingSpec } from '../../../ops/conv-geometry.js';
import { effectiveKernelSize, resolvePadding, transposedAxis, windowOutputSize } from '../../../ops/conv-geometry.js';
import type { Layer } from '../../layer.js';
import type { SymbolicShape } from '../../symbolic.js';
import { expectRank, formatSymbolicShape, layerArgumentError, layerShapeError } from '../layer-utils.js';

/** Padding a convolution or pooling layer accepts: Keras' `'valid'`/`'same'`, or explicit PyTorch-style amounts. */
export type LayerPadding = PaddingSpec;

/** Checks a padding option up front, so a bad config fails at construction rather than at the first call. */
export function checkPadding(layerClass: string, padding: unknown): LayerPadding {
  try {
    resolvePadding(layerClass, padding as PaddingSpec, [1, 1], [1, 1], [1, 1]);
  } catch {
    throw layerArgumentError(layerClass, `padding must be 'valid', 'same', an integer >= 0, [height, width] or [[top, bottom], [left, right]], got ${JSON.stringify(padding)}`);
  }
  return padding as LayerPadding;
}

/** Checks that `shape` is an NHWC image shape. */
export function expectImage(layer: Layer, shape: SymbolicShape): void {
  expectRank(layer, shape, 4, '[batch, height, width, channels]');
}

/**
 * Output height and width of a window of `kernel` (undilated), `strides` and `dilations` sliding over
 * the spatial axes of `shape`; `null` where the input size is unknown.
 */
export function slidingOutputSize(
  layer: Layer, shape: SymbolicShape, kernel: readonly [number, number], strides: readonly [number, number], dilations: readonly [number, number], padding: LayerPadding,
): [number | null, number | null] {
  const span: [number, number] = [effectiveKernelSize(kernel[0], dilations[0]), effectiveKernelSize(kernel[1], dilations[1])];
  const inSize: [number, number] = [shape[1] ?? span[0], shape[2] ?? span[1]];
  const pad = resolvePadding(layer.className, padding, inSize, span, [strides[0], strides[1]]);
  const out: [number | null, number | null] = [
    shape[1] === null ? null : windowOutputSize(inSize[0], span[0], strides[0], pad.top, pad.bottom),
    shape[2] === null ? null : windowOutputSize(inSize[1], span[1], strides[1], pad.left, pad.right),
  ];
  if (out.some((d) => d !== null && d <= 0)) {
    throw layerShapeError(layer, `input ${formatSymbolicShape(shape)} is too small for a ${span[0]}x${span[1]} window (dilated) with padding ${JSON.stringify(padding)}`);
  }
  return out;
}

/** Output height and width of a transposed convolution; `null` where the input size is unknown. */
export function transposedOutputSize(
  layer: Layer, shape: SymbolicShape, kernel: readonly [number, number], strides: readonly [number, number], dilations: readonly [number, number],
  padding: 'valid' | 'same' | number | readonly [number, number], outputPadding: readonly [number, number] | null,
): [number | null, number | null] {
  const pads = typeof padding === 'string' || typeof padding === 'number' ? [padding, padding] : padding;
  const out = [0, 1].map((axis) => {
    const inSize = shape[axis + 1];
    if (inSize === null || inSize === undefined) return null;
    return transposedAxis(inSize, effectiveKernelSize(kernel[axis]!, dilations[axis]!), strides[axis]!, pads[axis]!, outputPadding?.[axis]).outSize;
  }) as [number | null, number | null];
  if (out.some((d) => d !== null && d <= 0)) throw layerShapeError(layer, `input ${formatSymbolicShape(shape)} gives an empty output with padding ${JSON.stringify(padding)}`);
  return out;
}
