/**
 * Kernel cases: convolutions (forward and filter gradient) with few input taps (filterHeight · filterWidth · inChannels <= 16) and
 * output channels a multiple of 4, the shapes fast backends compute directly instead of through
 * im2col: 1 to 3 input channels, 4/8/12/16/20/32 output channels (partial 8-channel blocks), widths that
 * leave 1, 2 or 3 pixels after the last full 4-pixel tile, padding on every side, strides and
 * dilations, and a batch large enough to run threaded. Compared with the reference kernel, which the
 * conv cases check against naive formulas; one case is worked out by hand.
 */
import type { KernelCase } from '../case-helpers.js';
import { randomValues, upload } from '../case-helpers.js';
import type { Conv2DInfo } from '../../../src/backend/kernels.js';

interface Problem {
  n: number; h: number; w: number; c: number; k: number; oc: number;
  stride: number; dilation: number; pad: number;
  /** Forward tolerance, when the backend may compute this layer another way (default 1e-5). */
  atol?: number;
  /**
   * Filter-gradient tolerance, when the backend may compute this layer another way (default 1e-4):
   * Winograd's filter gradient of a large batch rounds as the Winograd cases allow (5e-4).
   */
  gradientAtol?: number;
}

function infoOf(p: Problem): Conv2DInfo {
  const span = p.dilation * (p.k - 1) + 1;
  return {
    batch: p.n, inHeight: p.h, inWidth: p.w, inChannels: p.c,
    outHeight: Math.floor((p.h + 2 * p.pad - span) / p.stride) + 1,
    outWidth: Math.floor((p.w + 2 * p.pad - span) / p.stride) + 1,
    outChannels: p.oc, filterHeight: p.k, filterWidth: p.k, strideHeight: p.stride, strideWidth: p.stride,
    dilationHeight: p.dilation, dilationWidth: p.dilation, padTop: p.pad, padLeft: p.pad, groups: 1,
  };
}

function forward(p: Problem): KernelCase {
  const info = infoOf(p);
  return {
    name: `conv2d few taps: x [${p.n},${p.h},${p.w},${p.c}] filter ${p.k}x${p.k}x${p.c}x${p.oc} stride ${p.stride} dilation ${p.dilation} pad ${p.pad}`,
    atol: p.atol ?? 1e-5,
    run: (b) => {
      const out = b.alloc('float32', info.batch * info.outHeight * info.outWidth * info.outChannels) as Float32Array;
      b.conv2d(upload(b, randomValues(p.n * p.h * p.w * p.c, p.w + p.oc)), upload(b, randomValues(p.k * p.k * p.c * p.oc, p.k + p.c)), out, info);
      return [out];
    },
  };
}

function filterGradient(p: Problem): KernelCase {
  const info = infoOf(p);
  const dySize = info.batch * info.outHeight * info.outWidth * info.outChannels;
  return {
    name: `conv2dBackwardFilter few taps: x [${p.n},${p.h},${p.w},${p.c}] filter ${p.k}x${p.k}x${p.c}x${p.oc} stride ${p.stride} dilation ${p.dilation} pad ${p.pad}`,
    atol: p.gradientAtol ?? 1e-4,
    rtol: 1e-4,
    run: (b) => {
      const dFilter = b.alloc('float32', p.k * p.k * p.c * p.oc) as Float32Array;
      b.conv2dBackwardFilter(upload(b, randomValues(p.n * p.h * p.w * p.c, p.h + p.oc)), upload(b, randomValues(dySize, p.w + 3)), dFilter, info);
      return [dFilter];
    },
  };
}

function fusedForward(p: Problem, activation: 'linear' | 'relu'): KernelCase {
  const info = infoOf(p);
  return {
    name: `conv2dBiasActivation ${activation}: x [${p.n},${p.h},${p.w},${p.c}] filter ${p.k}x${p.k}x${p.c}x${p.oc} stride ${p.stride} dilation ${p.dilation} pad ${p.pad}`,
    atol: p.atol ?? 1e-5,
    run: (b) => {
      const out = b.alloc('float32', info.batch * info.outHeight * info.outWidth * info.outChannels) as Float32Array;
      b.conv2dBiasActivation(
        upload(b, randomValues(p.n * p.h * p.w * p.c, p.w + p.oc)), upload(b, randomValues(p.k * p.k * p.c * p.oc, p.k + p.c)),
        upload(b, randomValues(p.oc, 9)), out, info, activation,
      );
      return [out];
    },
  };
}

const problems: Problem[] = [
  // The seed model's first layer, threaded.
  { n: 8, h: 28, w: 28, c: 1, k: 3, oc: 32, stride: 1, dilation: 1, pad: 0 },
  // Widths leaving 1, 2 and 3 tail pixels; 4, 12 and 8 output channels.
  { n: 2, h: 7, w: 7, c: 1, k: 3, oc: 4, stride: 1, dilation: 1, pad: 0 },
  { n: 1, h: 6, w: 8, c: 1, k: 3, oc: 12, stride: 1, dilation: 1, pad: 1 },
  { n: 2, h: 9, w: 9, c: 3, k: 2, oc: 8, stride: 1, dilation: 1, pad: 1 },
  // Strides, dilations and wide padding (whole 4-pixel tiles in the padding); 2x2 filters (4 taps:
  // a partial group of three).
  { n: 2, h: 11, w: 13, c: 1, k: 3, oc: 8, stride: 2, dilation: 1, pad: 1 },
  { n: 1, h: 12, w: 12, c: 1, k: 3, oc: 16, stride: 1, dilation: 2, pad: 2 },
  { n: 1, h: 5, w: 5, c: 1, k: 4, oc: 4, stride: 1, dilation: 1, pad: 3 },
  { n: 3, h: 6, w: 7, c: 1, k: 2, oc: 20, stride: 1, dilation: 1, pad: 0 },
  // 3-channel 'same' convolution (the cifar model's first layer: 27 taps, past the direct kernels'
  // limit, so fast backends may lower it or use Winograd, whose rounding errors reach about 1e-5 of
  // the largest output), threaded.
  { n: 4, h: 32, w: 32, c: 3, k: 3, oc: 32, stride: 1, dilation: 1, pad: 1, atol: 1e-4, gradientAtol: 5e-4 },
];

export const convDirectCases: KernelCase[] = [
  {
    // The same 2x2 filter with bias [1, 5, 13, 17] and relu: -4·[1, 2, 3, 4] + bias = [-3, -3, 1, 1] -> [0, 0, 1, 1].
    name: 'conv2dBiasActivation few taps: bias and relu by hand',
    run: (b) => {
      const f = new Float32Array(16);
      for (let o = 0; o < 4; o++) {
        f[o] = o + 1;
        f[12 + o] = -(o + 1);
      }
      const out = b.alloc('float32', 16) as Float32Array;
      const info = infoOf({ n: 1, h: 3, w: 3, c: 1, k: 2, oc: 4, stride: 1, dilation: 1, pad: 0 });
      b.conv2dBiasActivation(upload(b, Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9])), upload(b, f), upload(b, Float32Array.from([1, 5, 13, 17])), out, info, 'relu');
      return [out];
    },
    expected: [[0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1]],
  },
  {
    // A 2x2 filter [[1, 0], [0, -1]] over [[1, 2, 3], [4, 5, 6], [7, 8, 9]] with 4 output channels
    // scaled 1, 2, 3, 4: every window gives top-left minus bottom-right, -4.
    name: 'conv2d few taps: 3x3 image, 2x2 filter, 4 channels by hand',
    run: (b) => {
      const f = new Float32Array(16);
      for (let o = 0; o < 4; o++) {
        f[o] = o + 1;
        f[12 + o] = -(o + 1);
      }
      const out = b.alloc('float32', 16) as Float32Array;
      b.conv2d(upload(b, Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9])), upload(b, f), out, infoOf({ n: 1, h: 3, w: 3, c: 1, k: 2, oc: 4, stride: 1, dilation: 1, pad: 0 }));
      return [out];
    },
    expected: [[-4, -8, -12, -16, -4, -8, -12, -16, -4, -8, -12, -16, -4, -8, -12, -16]],
  },
  ...problems.map(forward),
  ...problems.map(filterGradient),
  ...problems.flatMap((p) => [fusedForward(p, 'relu'), fusedForward(p, 'linear')]),
];
