/**
 * Reference resize kernels over NHWC images: nearest-neighbour and bilinear, with their gradients.
 *
 * Both are separable: each output row reads at most two input rows with weights, each output column
 * at most two input columns, so a resize is fixed by the per-axis "taps" below, and its gradient
 * scatters `dy` back along the same taps.
 *
 * Coordinate conventions (per axis, `scale = in / out`):
 * - nearest: `src = min(⌊dst·scale⌋, in−1)` (PyTorch's 'nearest', TensorFlow without half-pixel
 *   centres); with `alignCorners`, `src = round(dst·(in−1)/(out−1))` (TensorFlow's align_corners).
 * - bilinear: half-pixel centres `src = max((dst+0.5)·scale − 0.5, 0)` (PyTorch align_corners=False,
 *   TensorFlow half_pixel_centers); with `alignCorners`, `src = dst·(in−1)/(out−1)`.
 * @module
 */
import type { ResizeInfo } from '../kernels.js';

/** For one output coordinate: read `first` with `firstWeight` and `second` with `1 − firstWeight`. */
export interface Tap {
  first: number;
  second: number;
  firstWeight: number;
}

function alignedScale(inSize: number, outSize: number): number {
  return outSize > 1 ? (inSize - 1) / (outSize - 1) : 0;
}

/** The taps of nearest-neighbour resizing along one axis (the coordinate rule in the module notes). */
export function nearestTaps(inSize: number, outSize: number, alignCorners: boolean): Tap[] {
  return Array.from({ length: outSize }, (_, dst) => {
    const src = alignCorners
      ? Math.round(dst * alignedScale(inSize, outSize))
      : Math.min(Math.floor((dst * inSize) / outSize), inSize - 1);
    return { first: src, second: src, firstWeight: 1 };
  });
}

/** The taps of bilinear resizing along one axis (the coordinate rule in the module notes). */
export function bilinearTaps(inSize: number, outSize: number, alignCorners: boolean): Tap[] {
  return Array.from({ length: outSize }, (_, dst) => {
    const src = alignCorners ? dst * alignedScale(inSize, outSize) : Math.max(((dst + 0.5) * inSize) / outSize - 0.5, 0);
    const first = Math.min(Math.floor(src), inSize - 1);
    const second = Math.min(first + 1, inSize - 1);
    return { first, second, firstWeight: 1 - (src - first) };
  });
}

type TapRule = (inSize: number, outSize: number, alignCorners: boolean) => Tap[];

/** The (input offset, weight) pairs output `(n, oy, ox)` reads, zero weights left out. */
function cornerTaps(info: ResizeInfo, n: number, r: Tap, q: Tap): [number, number][] {
  const at = (iy: number, ix: number): number => ((n * info.inHeight + iy) * info.inWidth + ix) * info.channels;
  const taps: [number, number][] = [
    [at(r.first, q.first), r.firstWeight * q.firstWeight],
    [at(r.first, q.second), r.firstWeight * (1 - q.firstWeight)],
    [at(r.second, q.first), (1 - r.firstWeight) * q.firstWeight],
    [at(r.second, q.second), (1 - r.firstWeight) * (1 - q.firstWeight)],
  ];
  // Dropping zero weights keeps a NaN or Inf in an unused neighbour from leaking into the result.
  return taps.filter(([, w]) => w !== 0);
}

/** `out[n,oy,ox,c] = Σ weight · x[tap + c]` over the taps of `(oy, ox)`. */
function resizeForward(rule: TapRule, x: Float32Array, out: Float32Array, info: ResizeInfo): void {
  const rows = rule(info.inHeight, info.outHeight, info.alignCorners);
  const cols = rule(info.inWidth, info.outWidth, info.alignCorners);
  const { batch, channels, outHeight, outWidth } = info;
  for (let n = 0; n < batch; n++)
    for (let oy = 0; oy < outHeight; oy++)
      for (let ox = 0; ox < outWidth; ox++) {
        const taps = cornerTaps(info, n, rows[oy]!, cols[ox]!);
        const o = ((n * outHeight + oy) * outWidth + ox) * channels;
        for (let c = 0; c < channels; c++) {
          let acc = 0;
          for (const [i, w] of taps) acc += w * x[i + c]!;
          out[o + c] = acc;
        }
      }
}

/** The adjoint of {@link resizeForward}: each `dy` is scattered to the taps it was read from. */
function resizeBackward(rule: TapRule, dy: Float32Array, dx: Float32Array, info: ResizeInfo): void {
  const rows = rule(info.inHeight, info.outHeight, info.alignCorners);
  const cols = rule(info.inWidth, info.outWidth, info.alignCorners);
  const { batch, channels, outHeight, outWidth } = info;
  const acc = new Float64Array(dx.length);
  for (let n = 0; n < batch; n++)
    for (let oy = 0; oy < outHeight; oy++)
      for (let ox = 0; ox < outWidth; ox++) {
        const o = ((n * outHeight + oy) * outWidth + ox) * channels;
        for (const [i, w] of cornerTaps(info, n, rows[oy]!, cols[ox]!)) {
          for (let c = 0; c < channels; c++) acc[i + c]! += w * dy[o + c]!;
        }
      }
  dx.set(acc);
}

/** Nearest-neighbour resize (see the module notes for the coordinate rule). */
export function resizeNearest(x: Float32Array, out: Float32Array, info: ResizeInfo): void {
  resizeForward(nearestTaps, x, out, info);
}

/** Gradient of {@link resizeNearest}: each input cell sums the gradients of the outputs that copied it. */
export function resizeNearestBackward(dy: Float32Array, dx: Float32Array, info: ResizeInfo): void {
  resizeBackward(nearestTaps, dy, dx, info);
}

/** Bilinear resize (see the module notes for the coordinate rule). */
export function resizeBilinear(x: Float32Array, out: Float32Array, info: ResizeInfo): void {
  resizeForward(bilinearTaps, x, out, info);
}

/** Gradient of {@link resizeBilinear}. */
export function resizeBilinearBackward(dy: Float32Array, dx: Float32Array, info: ResizeInfo): void {
  resizeBackward(bilinearTaps, dy, dx, info);
}
