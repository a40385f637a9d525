/**
 * Reference 2-D convolution kernels: forward, input gradient and filter gradient, over NHWC input and
 * HWIO filters, with stride, dilation, groups and asymmetric zero padding.
 *
 * All three walk the same taps: output `(n, oy, ox, oc)` reads input row
 * `iy = oy·strideHeight − padTop + ky·dilationHeight` (columns alike) and input channel
 * `g·inPerGroup + ci` where `g = ⌊oc / outPerGroup⌋`; taps that land in the padding read zero.
 * The backward kernels are the adjoints of that map, written as scatters over the same loops so the
 * correspondence is plain to see; {@link forEachTap} is that walk. Sums are accumulated in float64.
 * @module
 */
import type { Conv2DInfo } from '../kernels.js';

/**
 * Calls `visit` for every tap that lands inside the input, in a fixed order: output element `yIndex`
 * (flat NHWC index of `(n, oy, ox, oc)`), the flat index `xBase` of the tap's first input channel of
 * the group, and the flat index `fBase` of the filter entry for that channel. Consecutive channels
 * `ci` of the group are at `xBase + ci` and `fBase + ci·outChannels`.
 */
function forEachTap(info: Conv2DInfo, visit: (yIndex: number, xBase: number, fBase: number) => void): void {
  const { batch, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels, filterHeight, filterWidth } = info;
  const inPerGroup = inChannels / info.groups;
  const outPerGroup = outChannels / info.groups;
  for (let n = 0; n < batch; n++)
    for (let oy = 0; oy < outHeight; oy++)
      for (let ox = 0; ox < outWidth; ox++)
        for (let oc = 0; oc < outChannels; oc++) {
          const yIndex = ((n * outHeight + oy) * outWidth + ox) * outChannels + oc;
          const firstChannel = Math.floor(oc / outPerGroup) * inPerGroup;
          for (let ky = 0; ky < filterHeight; ky++) {
            const iy = oy * info.strideHeight - info.padTop + ky * info.dilationHeight;
            if (iy < 0 || iy >= inHeight) continue;
            for (let kx = 0; kx < filterWidth; kx++) {
              const ix = ox * info.strideWidth - info.padLeft + kx * info.dilationWidth;
              if (ix < 0 || ix >= inWidth) continue;
              visit(yIndex, ((n * inHeight + iy) * inWidth + ix) * inChannels + firstChannel, (ky * filterWidth + kx) * inPerGroup * outChannels + oc);
            }
          }
        }
}

/** Cross-correlation `out[n,oy,ox,oc] = Σ x[n,iy,ix,ci] · filter[ky,kx,ci−g·inPerGroup,oc]`. */
export function conv2d(x: Float32Array, filter: Float32Array, out: Float32Array, info: Conv2DInfo): void {
  const { inChannels, outChannels } = info;
  const inPerGroup = inChannels / info.groups;
  const acc = new Float64Array(out.length);
  forEachTap(info, (yIndex, xBase, fBase) => {
    for (let ci = 0; ci < inPerGroup; ci++) acc[yIndex]! += x[xBase + ci]! * filter[fBase + ci * outChannels]!;
  });
  out.set(acc);
}

/**
 * Gradient of {@link conv2d} with respect to `x`: every output gradient `dy[n,oy,ox,oc]` flows back
 * along the taps that produced it. Input cells no tap reaches get zero. Also the forward pass of a
 * transposed convolution (then `dy` is its input and `dx` its output).
 */
export function conv2dBackwardInput(dy: Float32Array, filter: Float32Array, dx: Float32Array, info: Conv2DInfo): void {
  const { inChannels, outChannels } = info;
  const inPerGroup = inChannels / info.groups;
  const acc = new Float64Array(dx.length);
  forEachTap(info, (yIndex, xBase, fBase) => {
    const g = dy[yIndex]!;
    for (let ci = 0; ci < inPerGroup; ci++) acc[xBase + ci]! += g * filter[fBase + ci * outChannels]!;
  });
  dx.set(acc);
}

/** Gradient of {@link conv2d} with respect to `filter`: `dFilter[ky,kx,ci,oc] = Σ_{n,oy,ox} x[tap] · dy[n,oy,ox,oc]`. */
export function conv2dBackwardFilter(x: Float32Array, dy: Float32Array, dFilter: Float32Array, info: Conv2DInfo): void {
  const { inChannels, outChannels } = info;
  const inPerGroup = inChannels / info.groups;
  const acc = new Float64Array(dFilter.length);
  forEachTap(info, (yIndex, xBase, fBase) => {
    const g = dy[yIndex]!;
    for (let ci = 0; ci < inPerGroup; ci++) acc[fBase + ci * outChannels]! += x[xBase + ci]! * g;
  });
  dFilter.set(acc);
}
