/**
 * Kernel cases: input gradients of strided convolutions (the forward pass of transposed
 * convolutions) with `ATELIER_CONV_ALGO=subpixel` set while the kernels run, so fast backends take
 * their sub-pixel path (one stride-1 convolution per output phase) whatever their own choice would
 * be (the reference ignores the variable). Shapes cover the DCGAN layers (4x4 stride 2 pad 1), kernels
 * 3 and 5, 'valid', 'same' and asymmetric explicit padding, padding larger than a phase's taps reach,
 * odd image sizes (phases of unequal sizes), unequal strides, stride 3, batch 1, channel counts
 * that are not multiples of 4 or 8, one channel on either side, and a batch large enough to run
 * threaded. Compared with the reference kernels (which the conv cases check against naive formulas).
 */
import type { KernelCase } from '../case-helpers.js';
import { randomValues, upload } from '../case-helpers.js';
import type { Conv2DInfo } from '../../../src/backend/kernels.js';
import { withConvAlgorithm } from './conv-winograd.js';

interface Problem {
  n: number; h: number; w: number; c: number; oc: number;
  kh: number; kw: number; sh: number; sw: number;
  /** Padding: top, bottom, left, right. */
  pad: [number, number, number, number];
}

function infoOf(p: Problem): Conv2DInfo {
  const [top, bottom, left, right] = p.pad;
  return {
    batch: p.n, inHeight: p.h, inWidth: p.w, inChannels: p.c,
    outHeight: Math.floor((p.h + top + bottom - p.kh) / p.sh) + 1, outWidth: Math.floor((p.w + left + right - p.kw) / p.sw) + 1,
    outChannels: p.oc, filterHeight: p.kh, filterWidth: p.kw, strideHeight: p.sh, strideWidth: p.sw,
    dilationHeight: 1, dilationWidth: 1, padTop: top, padLeft: left, groups: 1,
  };
}

function label(p: Problem): string {
  return `x [${p.n},${p.h},${p.w},${p.c}] ${p.kh}x${p.kw} stride ${p.sh}x${p.sw} pad ${p.pad.join(',')} -> ${p.oc}`;
}

function subpixelCase(p: Problem): KernelCase {
  const info = infoOf(p);
  const dy = randomValues(p.n * info.outHeight * info.outWidth * p.oc, p.h + p.oc);
  const f = randomValues(p.kh * p.kw * p.c * p.oc, p.w + p.c);
  return {
    name: `subpixel conv2dBackwardInput ${label(p)}`,
    atol: 1e-4,
    rtol: 1e-4,
    run: (b) => withConvAlgorithm('subpixel', () => {
      const dx = b.alloc('float32', p.n * p.h * p.w * p.c) as Float32Array;
      dx.fill(7); // must be overwritten
      b.conv2dBackwardInput(upload(b, dy), upload(b, f), dx, info);
      return [dx];
    }),
  };
}

const problems: Problem[] = [
  // The DCGAN discriminator's second layer / generator's first transposed convolution (7x7 <-> 14x14).
  { n: 3, h: 14, w: 14, c: 24, oc: 40, kh: 4, kw: 4, sh: 2, sw: 2, pad: [1, 1, 1, 1] },
  // The DCGAN's image layer: one channel, 28x28 <-> 14x14, threaded.
  { n: 8, h: 28, w: 28, c: 1, oc: 16, kh: 4, kw: 4, sh: 2, sw: 2, pad: [1, 1, 1, 1] },
  // Kernel 3, 'same' for stride 2 on an odd image (pad 1 each side), odd channels, batch 1.
  { n: 1, h: 9, w: 11, c: 5, oc: 7, kh: 3, kw: 3, sh: 2, sw: 2, pad: [1, 1, 1, 1] },
  // Kernel 3, 'same' on an even image (pad 0 top, 1 bottom), one output channel.
  { n: 2, h: 8, w: 10, c: 6, oc: 1, kh: 3, kw: 3, sh: 2, sw: 2, pad: [0, 1, 0, 1] },
  // Kernel 5, 'valid', odd sizes (the last rows and columns read by no window).
  { n: 2, h: 12, w: 13, c: 3, oc: 9, kh: 5, kw: 5, sh: 2, sw: 2, pad: [0, 0, 0, 0] },
  // Kernel 5, large explicit padding (a phase's window starts inside dy: negative lowering padding).
  { n: 2, h: 7, w: 6, c: 4, oc: 5, kh: 5, kw: 5, sh: 2, sw: 2, pad: [4, 3, 3, 4] },
  // Unequal kernel and strides: 4x3 with stride 2x1 (one phase along the width), pad 1.
  { n: 2, h: 10, w: 7, c: 9, oc: 6, kh: 4, kw: 3, sh: 2, sw: 1, pad: [1, 2, 1, 1] },
  // Stride 3, kernel 3 and 5 (nine phases, some with one tap per axis).
  { n: 2, h: 11, w: 9, c: 3, oc: 4, kh: 3, kw: 5, sh: 3, sw: 3, pad: [0, 1, 2, 2] },
];

export const convSubpixelCases: KernelCase[] = problems.map(subpixelCase);
