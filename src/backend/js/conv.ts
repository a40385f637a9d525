/**
 * Reference 2-D convolution kernels: forward, input gradient and filter gradient, over NHWC input and
 * HWIO filters, with stride, dilation, groups and asymmetric zero padding.
 *
 * All three walk the same taps: output `(n, oy, ox, oc)` reads input row
 * `iy = oy·strideHeight − padTop + ky·dilationHeight` (columns alike) and input channel
 * `g·inPerGroup + ci` where `g = ⌊oc / outPerGroup⌋`; taps that land in the padding read zero.
 * The backward kernels are the adjoints of that map, written as scatters over the same loops so the
 * correspondence is plain to see. Sums are accumulated in float64.
 * @module
 */
import type { Conv2DInfo } from '../kernels.js';

/** Cross-correlation `out[n,oy,ox,oc] = Σ x[n,iy,ix,ci] · filter[ky,kx,ci−g·inPerGroup,oc]`. */
export function conv2d(x: Float32Array, filter: Float32Array, out: Float32Array, info: Conv2DInfo): void {
  const { batch, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels, filterHeight, filterWidth } = info;
  const inPerGroup = inChannels / info.groups;
  const outPerGroup = outChannels / info.groups;
  for (let n = 0; n < batch; n++)
    for (let oy = 0; oy < outHeight; oy++)
      for (let ox = 0; ox < outWidth; ox++)
        for (let oc = 0; oc < outChannels; oc++) {
          const firstChannel = Math.floor(oc / outPerGroup) * inPerGroup;
          let acc = 0;
          for (let ky = 0; ky < filterHeight; ky++) {
            const iy = oy * info.strideHeight - info.padTop + ky * info.dilationHeight;
            if (iy < 0 || iy >= inHeight) continue;
            for (let kx = 0; kx < filterWidth; kx++) {
              const ix = ox * info.strideWidth - info.padLeft + kx * info.dilationWidth;
              if (ix < 0 || ix >= inWidth) continue;
              const xBase = ((n * inHeight + iy) * inWidth + ix) * inChannels + firstChannel;
              const fBase = (ky * filterWidth + kx) * inPerGroup * outChannels + oc;
              for (let ci = 0; ci < inPerGroup; ci++) acc += x[xBase + ci]! * filter[fBase + ci * outChannels]!;
            }
          }
          out[((n * outHeight + oy) * outWidth + ox) * outChannels + oc] = acc;
        }
}

/**
 * Gradient of {@link conv2d} with respect to `x`: every output gradient `dy[n,oy,ox,oc]` flows back
 * along the taps that produced it. Input cells no tap reaches get zero. Also the forward pass of a
 * transposed convolution (then `dy` is its input and `dx` its output).
 */
export function conv2dBackwardInput(dy: Float32Array, filter: Float32Array, dx: Float32Array, info: Conv2DInfo): void {
  const { batch, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels, filterHeight, filterWidth } = info;
  const inPerGroup = inChannels / info.groups;
  const outPerGroup = outChannels / info.groups;
  const acc = new Float64Array(dx.length);
  for (let n = 0; n < batch; n++)
    for (let oy = 0; oy < outHeight; oy++)
      for (let ox = 0; ox < outWidth; ox++)
        for (let oc = 0; oc < outChannels; oc++) {
          const g = dy[((n * outHeight + oy) * outWidth + ox) * outChannels + oc]!;
          const firstChannel = Math.floor(oc / outPerGroup) * inPerGroup;
          for (let ky = 0; ky < filterHeight; ky++) {
            const iy = oy * info.strideHeight - info.padTop + ky * info.dilationHeight;
            if (iy < 0 || iy >= inHeight) continue;
            for (let kx = 0; kx < filterWidth; kx++) {
              const ix = ox * info.strideWidth - info.padLeft + kx * info.dilationWidth;
              if (ix < 0 || ix >= inWidth) continue;
              const xBase = ((n * inHeight + iy) * inWidth + ix) * inChannels + firstChannel;
              const fBase = (ky * filterWidth + kx) * inPerGroup * outChannels + oc;
              for (let ci = 0; ci < inPerGroup; ci++) acc[xBase + ci]! += g * filter[fBase + ci * outChannels]!;
            }
          }
        }
  dx.set(acc);
}

/** Gradient of {@link conv2d} with respect to `filter`: `dFilter[ky,kx,ci,oc] = Σ_{n,oy,ox} x[tap] · dy[n,oy,ox,oc]`. */
export function conv2dBackwardFilter(x: Float32Array, dy: Float32Array, dFilter: Float32Array, info: Conv2DInfo): void {
  const { batch, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels, filterHeight, filterWidth } = info;
  const inPerGroup = inChannels / info.groups;
  const outPerGroup = outChannels / info.groups;
  const acc = new Float64Array(dFilter.length);
  for (let n = 0; n < batch; n++)
    for (let oy = 0; oy < outHeight; oy++)
      for (let ox = 0; ox < outWidth; ox++)
        for (let oc = 0; oc < outChannels; oc++) {
          const g = dy[((n * outHeight + oy) * outWidth + ox) * outChannels + oc]!;
          const firstChannel = Math.floor(oc / outPerGroup) * inPerGroup;
          for (let ky = 0; ky < filterHeight; ky++) {
            const iy = oy * info.strideHeight - info.padTop + ky * info.dilationHeight;
            if (iy < 0 || iy >= inHeight) continue;
            for (let kx = 0; kx < filterWidth; kx++) {
              const ix = ox * info.strideWidth - info.padLeft + kx * info.dilationWidth;
              if (ix < 0 || ix >= inWidth) continue;
              const xBase = ((n * inHeight + iy) * inWidth + ix) * inChannels + firstChannel;
              const fBase = (ky * filterWidth + kx) * inPerGroup * outChannels + oc;
              for (let ci = 0; ci < inPerGroup; ci++) acc[fBase + ci * outChannels]! += x[xBase + ci]! * g;
            }
          }
        }
  dFilter.set(acc);
}
