/**
 * 2-D convolution and its two gradients on the wasm GEMM (NHWC images, HWIO filters).
 *
 * The general path lowers to im2col: each output pixel's receptive field becomes one contiguous row
 * (NHWC keeps each filter tap's channels adjacent), so `out = col · filter` per channel group; the
 * filter gradient is `colᵀ · dy` and the input gradient is col2im(`dy · filterᵀ`). The column
 * matrix is built in chunks of at most {@link COL_CHUNK_BYTES}, in memory that is not cleared
 * first (im2col and the GEMM write every element). Pointwise convolutions (1x1,
 * stride 1, no padding) skip the lowering: the image already is the column matrix, and depthwise
 * convolutions (one input channel per group) use direct kernels (depthwise.ts). Winograd
 * (winograd.ts), the FFT convolution (fft.ts), the direct kernels (conv-direct.ts) and the
 * sub-pixel input gradient (subpixel.ts) take the layers that conv-algorithm.ts gives them.
 * @module
 */
import type { Conv2DInfo } from '../kernels.js';
import { sgemm } from './gemm.js';
import { depthwiseBackwardFilter, depthwiseBackwardInput, depthwiseConv2d, isDepthwise } from './depthwise.js';
import { describeLowering, runLowering } from './lowering.js';
import { directConv2d, directConv2dBackwardFilter, isDirect } from './conv-direct.js';
import type { WasmRuntime } from './runtime.js';
import { convAlgorithm, useFft, useSubpixel, useWinograd } from './conv-algorithm.js';
import { fftConv2d, fftConv2dBackwardInput } from './fft.js';
import { subpixelConv2dBackwardInput } from './subpixel.js';
import { winogradConv2d, winogradConv2dBackwardFilter, winogradConv2dBackwardInput } from './winograd.js';

/** Largest column matrix built at once (bounded memory for large images). */
const COL_CHUNK_BYTES = 32 * 1024 * 1024;

function isPointwise(info: Conv2DInfo): boolean {
  return info.filterHeight === 1 && info.filterWidth === 1 && info.strideHeight === 1 && info.strideWidth === 1 &&
    info.padTop === 0 && info.padLeft === 0 && info.outHeight === info.inHeight && info.outWidth === info.inWidth;
}

/** True when the direct kernels take `info` and `ATELIER_CONV_ALGO` does not force the lowering. */
export function directAllowed(info: Conv2DInfo): boolean {
  return isDirect(info) && convAlgorithm() !== 'im2col';
}

function groupSizes(info: Conv2DInfo): { icg: number; ocg: number; rowFloats: number; pixels: number } {
  const icg = info.inChannels / info.groups;
  return {
    icg,
    ocg: info.outChannels / info.groups,
    rowFloats: info.filterHeight * info.filterWidth * icg,
    pixels: info.batch * info.outHeight * info.outWidth,
  };
}

/** `out = conv2d(x, filter)`. */
export function conv2d(rt: WasmRuntime, x: Float32Array, filter: Float32Array, out: Float32Array, info: Conv2DInfo): void {
  const { icg, ocg, rowFloats, pixels } = groupSizes(info);
  const oc = info.outChannels;
  const base = { n: ocg, ldb: oc, ldc: oc, transA: false, transB: false, batch: 1, aBatch: 0, bBatch: 0, cBatch: 0 };
  if (isDepthwise(info)) return depthwiseConv2d(rt, x, filter, out, info);
  if (isPointwise(info)) {
    for (let g = 0; g < info.groups; g++) {
      sgemm(rt, { ...base, a: x.byteOffset + g * icg * 4, lda: info.inChannels, b: filter.byteOffset + g * ocg * 4, c: out.byteOffset + g * ocg * 4, m: pixels, k: icg });
    }
    return;
  }
  if (useWinograd(info) && winogradConv2d(rt, x, filter, out, info)) return;
  if (useFft(info) && fftConv2d(rt, x, filter, out, info)) return;
  // Few taps: the lowering's GEMM would have an inner dimension of 9 or 27.
  if (directAllowed(info)) return directConv2d(rt, x, filter, out, info);
  forEachIm2colChunk(rt, x, info, (col, g, first, rows) => {
    sgemm(rt, { ...base, a: col, lda: rowFloats, b: filter.byteOffset + g * ocg * 4, c: out.byteOffset + (first * oc + g * ocg) * 4, m: rows, k: rowFloats });
  });
}

/** `dx = ∂(conv2d)/∂x · dy`. */
export function conv2dBackwardInput(rt: WasmRuntime, dy: Float32Array, filter: Float32Array, dx: Float32Array, info: Conv2DInfo): void {
  const { icg, ocg, rowFloats, pixels } = groupSizes(info);
  const oc = info.outChannels;
  const base = { lda: oc, ldb: oc, k: ocg, transA: false, transB: true, batch: 1, aBatch: 0, bBatch: 0, cBatch: 0 };
  if (isDepthwise(info)) return depthwiseBackwardInput(rt, dy, filter, dx, info);
  if (isPointwise(info)) {
    for (let g = 0; g < info.groups; g++) {
      sgemm(rt, { ...base, a: dy.byteOffset + g * ocg * 4, b: filter.byteOffset + g * ocg * 4, c: dx.byteOffset + g * icg * 4, ldc: info.inChannels, m: pixels, n: icg });
    }
    return;
  }
  if (useWinograd(info) && winogradConv2dBackwardInput(rt, dy, filter, dx, info)) return;
  if (useFft(info) && fftConv2dBackwardInput(rt, dy, filter, dx, info)) return;
  if (useSubpixel(info)) return subpixelConv2dBackwardInput(rt, dy, filter, dx, info);
  dx.fill(0);
  // col2im gathers whole input rows, so chunks hold whole images.
  const imagePixels = info.outHeight * info.outWidth;
  const chunkImages = Math.max(1, Math.min(info.batch, Math.floor(COL_CHUNK_BYTES / (imagePixels * rowFloats * 4))));
  const col = rt.heap.allocBytes(Math.max(1, chunkImages * imagePixels * rowFloats) * 4, false);
  try {
    for (let g = 0; g < info.groups; g++) {
      for (let image = 0; image < info.batch; image += chunkImages) {
        const images = Math.min(chunkImages, info.batch - image);
        const rows = images * imagePixels;
        sgemm(rt, { ...base, a: dy.byteOffset + (image * imagePixels * oc + g * ocg) * 4, b: filter.byteOffset + g * ocg * 4, c: col, ldc: rowFloats, m: rows, n: rowFloats });
        const d = describeLowering(rt, dx.byteOffset, col, info, g * icg, icg);
        runLowering(rt, 'col2imTask', d, image * info.inHeight, images * info.inHeight, info.inWidth * rowFloats);
      }
    }
  } finally {
    rt.heap.freeBytes(col);
  }
}

/** `dFilter = ∂(conv2d)/∂filter · dy`. */
export function conv2dBackwardFilter(rt: WasmRuntime, x: Float32Array, dy: Float32Array, dFilter: Float32Array, info: Conv2DInfo): void {
  const { icg, ocg, rowFloats, pixels } = groupSizes(info);
  const oc = info.outChannels;
  const base = { n: ocg, ldb: oc, ldc: oc, transA: true, transB: false, batch: 1, aBatch: 0, bBatch: 0, cBatch: 0 };
  if (pixels === 0) {
    dFilter.fill(0);
    return;
  }
  if (isDepthwise(info)) return depthwiseBackwardFilter(rt, x, dy, dFilter, info);
  if (useWinograd(info) && winogradConv2dBackwardFilter(rt, x, dy, dFilter, info)) return;
  if (directAllowed(info) && !isPointwise(info)) return directConv2dBackwardFilter(rt, x, dy, dFilter, info);
  if (isPointwise(info)) {
    for (let g = 0; g < info.groups; g++) {
      sgemm(rt, { ...base, a: x.byteOffset + g * icg * 4, lda: info.inChannels, b: dy.byteOffset + g * ocg * 4, c: dFilter.byteOffset + g * ocg * 4, m: icg, k: pixels });
    }
    return;
  }
  forEachIm2colChunk(rt, x, info, (col, g, first, rows) => {
    sgemm(rt, {
      ...base, a: col, lda: rowFloats, b: dy.byteOffset + (first * oc + g * ocg) * 4, c: dFilter.byteOffset + g * ocg * 4,
      m: rowFloats, k: rows, accumulate: first > 0,
    });
  });
}

/**
 * Lowers `x` with im2col one chunk of output pixels at a time (bounded scratch), per channel group,
 * and hands each chunk to `use(col, group, firstPixel, rows)`: the forward pass and the filter
 * gradient differ only in the GEMM they run on it.
 */
function forEachIm2colChunk(rt: WasmRuntime, x: Float32Array, info: Conv2DInfo, use: (col: number, group: number, first: number, rows: number) => void): void {
  const { icg, rowFloats, pixels } = groupSizes(info);
  const chunkRows = Math.max(1, Math.min(pixels, Math.floor(COL_CHUNK_BYTES / (rowFloats * 4))));
  const col = rt.heap.allocBytes(chunkRows * rowFloats * 4, false);
  try {
    for (let g = 0; g < info.groups; g++) {
      for (let first = 0; first < pixels; first += chunkRows) {
        const rows = Math.min(chunkRows, pixels - first);
        runLowering(rt, 'im2colTask', describeLowering(rt, x.byteOffset, col, info, g * icg, icg), first, rows, rowFloats);
        use(col, g, first, rows);
      }
    }
  } finally {
    rt.heap.freeBytes(col);
  }
}
