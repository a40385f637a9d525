/**
 * Geometry shared by the sliding-window ops (convolution, transposed convolution, pooling): reading
 * `number | [h, w]` options, resolving padding specs to rows and columns, and output sizes.
 * @module
 */
import { ArgumentError, ShapeError, formatShape } from '../errors.js';

/** A `[height, width]` pair. */
export type Pair = [number, number];

/**
 * How a sliding window pads its input:
 * - `'valid'`: no padding; windows stay inside the input.
 * - `'same'`: TensorFlow's rule, output size `⌈in / stride⌉`, the padding that needs split as evenly
 *   as possible with the extra row/column at the bottom/right.
 * - `p`: `p` zeros on every side; `[ph, pw]`: `ph` above and below, `pw` left and right;
 *   `[[top, bottom], [left, right]]`: each side on its own.
 */
export type PaddingSpec = 'valid' | 'same' | number | readonly [number, number] | readonly [readonly [number, number], readonly [number, number]];

/** Zero rows and columns added around the input. */
export interface Padding2D {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/** Where a sliding window runs: the output size and the padding it needs. */
export interface WindowGeometry extends Padding2D {
  outHeight: number;
  outWidth: number;
}

/** Reads an option given as one number for both axes or as `[height, width]`, checking integers `>= min`. */
export function toPair(op: string, arg: string, value: number | readonly number[] | undefined, fallback: Pair, min: number): Pair {
  if (value === undefined) return fallback;
  const pair = typeof value === 'number' ? [value, value] : value;
  const given: unknown = pair; // Array.isArray(pair) would narrow pair to any[]
  if (!Array.isArray(given) || pair.length !== 2 || !pair.every((v) => typeof v === 'number' && Number.isInteger(v) && v >= min)) {
    throw new ArgumentError(`${op}: ${arg} must be an integer >= ${min} or a pair [height, width] of them, got ${JSON.stringify(value)}`);
  }
  return [pair[0]!, pair[1]!];
}

/** The span a dilated kernel covers: `dilation·(size − 1) + 1`. */
export function effectiveKernelSize(size: number, dilation: number): number {
  return dilation * (size - 1) + 1;
}

function samePadding(inSize: number, kernel: number, stride: number): [number, number] {
  const out = Math.ceil(inSize / stride);
  const total = Math.max((out - 1) * stride + kernel - inSize, 0);
  const before = Math.floor(total / 2);
  return [before, total - before];
}

/**
 * Resolves `padding` to rows and columns on each side, for a window of `kernel` (dilated size) moving
 * by `strides` over an input of `inSize`. Explicit padding is checked to be non-negative integers.
 */
export function resolvePadding(op: string, padding: PaddingSpec, inSize: Pair, kernel: Pair, strides: Pair): Padding2D {
  if (padding === 'valid') return { top: 0, bottom: 0, left: 0, right: 0 };
  if (padding === 'same') {
    const [top, bottom] = samePadding(inSize[0], kernel[0], strides[0]);
    const [left, right] = samePadding(inSize[1], kernel[1], strides[1]);
    return { top, bottom, left, right };
  }
  const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
  const isCountPair = (v: unknown): v is [number, number] => Array.isArray(v) && v.length === 2 && v.every(isCount);
  if (isCount(padding)) return { top: padding, bottom: padding, left: padding, right: padding };
  if (isCountPair(padding)) return { top: padding[0], bottom: padding[0], left: padding[1], right: padding[1] };
  if (Array.isArray(padding) && padding.length === 2 && padding.every(isCountPair)) {
    const [[top, bottom], [left, right]] = padding as [[number, number], [number, number]];
    return { top, bottom, left, right };
  }
  throw new ArgumentError(
    `${op}: padding must be 'valid', 'same', an integer >= 0, [height, width] or [[top, bottom], [left, right]], got ${JSON.stringify(padding)}`,
  );
}

/** Number of window positions: `⌊(in + before + after − kernel) / stride⌋ + 1` (0 or less when none fits). */
export function windowOutputSize(inSize: number, kernel: number, stride: number, before: number, after: number): number {
  return Math.floor((inSize + before + after - kernel) / stride) + 1;
}

/**
 * The output size and padding of a window of `kernel` (dilated size) moving by `strides` over the
 * spatial axes of `inputShape` (`[batch, height, width, channels]`). Throws a {@link ShapeError} when
 * no window fits.
 */
export function slidingWindow(op: string, inputShape: readonly number[], kernel: Pair, strides: Pair, padding: PaddingSpec): WindowGeometry {
  const inSize: Pair = [inputShape[1]!, inputShape[2]!];
  const pad = resolvePadding(op, padding, inSize, kernel, strides);
  const outHeight = windowOutputSize(inSize[0], kernel[0], strides[0], pad.top, pad.bottom);
  const outWidth = windowOutputSize(inSize[1], kernel[1], strides[1], pad.left, pad.right);
  if (outHeight <= 0 || outWidth <= 0) {
    throw new ShapeError(
      `${op}: input ${formatShape(inputShape)} is too small for a ${kernel[0]}x${kernel[1]} window ` +
        `(dilated size) with padding [[${pad.top},${pad.bottom}],[${pad.left},${pad.right}]]: output would be ${outHeight}x${outWidth}`,
    );
  }
  return { ...pad, outHeight, outWidth };
}

/**
 * Output size and top/left padding of a transposed convolution along one axis.
 * Numeric padding follows PyTorch: `(in−1)·stride − 2·pad + kernel + outputPadding`.
 * `'valid'` and `'same'` follow Keras: without `outputPadding`, `in·stride + max(kernel − stride, 0)`
 * and `in·stride`; with it, `(in−1)·stride + kernel − 2·pad + outputPadding` where `pad` is 0 or
 * `⌊kernel/2⌋`. For `'same'` the top padding is TensorFlow's: half (rounded down) of the padding
 * the matching forward convolution needs.
 */
export function transposedAxis(
  inSize: number, kernel: number, stride: number, padding: 'valid' | 'same' | number, outputPadding: number | undefined,
): { outSize: number; padBefore: number } {
  if (typeof padding === 'number') {
    return { outSize: (inSize - 1) * stride - 2 * padding + kernel + (outputPadding ?? 0), padBefore: padding };
  }
  let outSize: number;
  if (outputPadding === undefined) {
    outSize = padding === 'valid' ? inSize * stride + Math.max(kernel - stride, 0) : inSize * stride;
  } else {
    const pad = padding === 'same' ? Math.floor(kernel / 2) : 0;
    outSize = (inSize - 1) * stride + kernel - 2 * pad + outputPadding;
  }
  const padBefore = padding === 'same' ? Math.floor(Math.max((inSize - 1) * stride + kernel - outSize, 0) / 2) : 0;
  return { outSize, padBefore };
}
