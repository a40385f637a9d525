/**
 * Convolution by its definition, for tests of fast kernels: plain loops over every output element
 * and filter tap (float64 sums), NHWC images, HWIO filters.
 */
import type { Conv2DInfo } from '../../src/backend/kernels.js';

/** Calls `visit(xIndex, filterIndex, outIndex)` for every multiply of the convolution. */
function forEachTap(info: Conv2DInfo, visit: (xi: number, fi: number, oi: number) => void): void {
  const icg = info.inChannels / info.groups;
  const ocg = info.outChannels / info.groups;
  for (let b = 0; b < info.batch; b++)
    for (let oh = 0; oh < info.outHeight; oh++)
      for (let ow = 0; ow < info.outWidth; ow++)
        for (let oc = 0; oc < info.outChannels; oc++) {
          const g = Math.floor(oc / ocg);
          for (let fh = 0; fh < info.filterHeight; fh++) {
            const ih = oh * info.strideHeight - info.padTop + fh * info.dilationHeight;
            if (ih < 0 || ih >= info.inHeight) continue;
            for (let fw = 0; fw < info.filterWidth; fw++) {
              const iw = ow * info.strideWidth - info.padLeft + fw * info.dilationWidth;
              if (iw < 0 || iw >= info.inWidth) continue;
              for (let c = 0; c < icg; c++) {
                const xi = ((b * info.inHeight + ih) * info.inWidth + iw) * info.inChannels + g * icg + c;
                const fi = ((fh * info.filterWidth + fw) * icg + c) * info.outChannels + oc;
                const oi = ((b * info.outHeight + oh) * info.outWidth + ow) * info.outChannels + oc;
                visit(xi, fi, oi);
              }
            }
          }
        }
}

/** Forward convolution (cross-correlation). */
export function naiveConv2d(x: ArrayLike<number>, filter: ArrayLike<number>, info: Conv2DInfo): Float64Array {
  const out = new Float64Array(info.batch * info.outHeight * info.outWidth * info.outChannels);
  forEachTap(info, (xi, fi, oi) => (out[oi]! += x[xi]! * filter[fi]!));
  return out;
}

/** Gradient with respect to the input: each multiply sends `dy · filter` back to its input element. */
export function naiveConv2dBackwardInput(dy: ArrayLike<number>, filter: ArrayLike<number>, info: Conv2DInfo): Float64Array {
  const dx = new Float64Array(info.batch * info.inHeight * info.inWidth * info.inChannels);
  forEachTap(info, (xi, fi, oi) => (dx[xi]! += dy[oi]! * filter[fi]!));
  return dx;
}

/** Gradient with respect to the filter: each multiply sends `dy · x` to its filter tap. */
export function naiveConv2dBackwardFilter(x: ArrayLike<number>, dy: ArrayLike<number>, info: Conv2DInfo): Float64Array {
  const df = new Float64Array(info.filterHeight * info.filterWidth * (info.inChannels / info.groups) * info.outChannels);
  forEachTap(info, (xi, fi, oi) => (df[fi]! += dy[oi]! * x[xi]!));
  return df;
}

/** Fills a {@link Conv2DInfo} from the essentials, deriving output sizes from padding (symmetric unless given). */
export function convInfo(p: {
  batch: number; inHeight: number; inWidth: number; inChannels: number; outChannels: number;
  filterHeight: number; filterWidth: number; stride?: [number, number]; dilation?: [number, number];
  pad?: [number, number, number, number]; groups?: number;
}): Conv2DInfo {
  const [sh, sw] = p.stride ?? [1, 1];
  const [dh, dw] = p.dilation ?? [1, 1];
  const [top, bottom, left, right] = p.pad ?? [0, 0, 0, 0];
  const effH = (p.filterHeight - 1) * dh + 1;
  const effW = (p.filterWidth - 1) * dw + 1;
  return {
    batch: p.batch, inHeight: p.inHeight, inWidth: p.inWidth, inChannels: p.inChannels, outChannels: p.outChannels,
    outHeight: Math.floor((p.inHeight + top + bottom - effH) / sh) + 1,
    outWidth: Math.floor((p.inWidth + left + right - effW) / sw) + 1,
    filterHeight: p.filterHeight, filterWidth: p.filterWidth, strideHeight: sh, strideWidth: sw,
    dilationHeight: dh, dilationWidth: dw, padTop: top, padLeft: left, groups: p.groups ?? 1,
  };
}
