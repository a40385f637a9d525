/**
 * Pooling by its definition, for tests of fast kernels (NHWC). Max pooling: padding never wins,
 * the first maximum wins ties, the first NaN wins over numbers, and the arg-max is the flat index
 * into the whole input. Average pooling divides by the full window or by its cells inside the input.
 */
import type { Pool2DInfo } from '../../src/backend/kernels.js';

function forEachWindow(info: Pool2DInfo, visit: (outIndex: number, cells: number[], full: number) => void): void {
  for (let b = 0; b < info.batch; b++)
    for (let oh = 0; oh < info.outHeight; oh++)
      for (let ow = 0; ow < info.outWidth; ow++)
        for (let c = 0; c < info.channels; c++) {
          const cells: number[] = [];
          for (let fh = 0; fh < info.filterHeight; fh++)
            for (let fw = 0; fw < info.filterWidth; fw++) {
              const ih = oh * info.strideHeight - info.padTop + fh;
              const iw = ow * info.strideWidth - info.padLeft + fw;
              if (ih >= 0 && ih < info.inHeight && iw >= 0 && iw < info.inWidth) {
                cells.push(((b * info.inHeight + ih) * info.inWidth + iw) * info.channels + c);
              }
            }
          visit(((b * info.outHeight + oh) * info.outWidth + ow) * info.channels + c, cells, info.filterHeight * info.filterWidth);
        }
}

/** Max pooling: values and flat arg-max indices. */
export function naiveMaxPool(x: ArrayLike<number>, info: Pool2DInfo): { out: Float32Array; argmax: Int32Array } {
  const n = info.batch * info.outHeight * info.outWidth * info.channels;
  const out = new Float32Array(n);
  const argmax = new Int32Array(n);
  forEachWindow(info, (o, cells) => {
    let best = cells[0]!;
    for (const i of cells) {
      if (x[i]! > x[best]! || (Number.isNaN(x[i]) && !Number.isNaN(x[best]))) best = i;
    }
    out[o] = x[best]!;
    argmax[o] = best;
  });
  return { out, argmax };
}

/** Average pooling. */
export function naiveAvgPool(x: ArrayLike<number>, info: Pool2DInfo): Float64Array {
  const out = new Float64Array(info.batch * info.outHeight * info.outWidth * info.channels);
  forEachWindow(info, (o, cells, full) => {
    let s = 0;
    for (const i of cells) s += x[i]!;
    out[o] = s / (info.countIncludePad ? full : cells.length);
  });
  return out;
}

/** Gradient of average pooling: each output sends dy / count to every cell of its window. */
export function naiveAvgPoolBackward(dy: ArrayLike<number>, info: Pool2DInfo): Float64Array {
  const dx = new Float64Array(info.batch * info.inHeight * info.inWidth * info.channels);
  forEachWindow(info, (o, cells, full) => {
    for (const i of cells) dx[i]! += dy[o]! / (info.countIncludePad ? full : cells.length);
  });
  return dx;
}

/** Gradient of max pooling: each output sends dy to its arg-max. */
export function naiveMaxPoolBackward(dy: ArrayLike<number>, argmax: Int32Array, inputSize: number): Float64Array {
  const dx = new Float64Array(inputSize);
  argmax.forEach((i, o) => (dx[i]! += dy[o]!));
  return dx;
}

/** A {@link Pool2DInfo} with output sizes from symmetric-or-given padding. */
export function poolInfo(p: {
  batch: number; inHeight: number; inWidth: number; channels: number; filter: [number, number];
  stride: [number, number]; pad?: [number, number, number, number]; countIncludePad?: boolean;
}): Pool2DInfo {
  const [top, bottom, left, right] = p.pad ?? [0, 0, 0, 0];
  return {
    batch: p.batch, inHeight: p.inHeight, inWidth: p.inWidth, channels: p.channels,
    outHeight: Math.floor((p.inHeight + top + bottom - p.filter[0]) / p.stride[0]) + 1,
    outWidth: Math.floor((p.inWidth + left + right - p.filter[1]) / p.stride[1]) + 1,
    filterHeight: p.filter[0], filterWidth: p.filter[1], strideHeight: p.stride[0], strideWidth: p.stride[1],
    padTop: top, padLeft: left, countIncludePad: p.countIncludePad ?? false,
  };
}
