/**
 * The input gradient of a strided convolution (the forward pass of a transposed convolution) by
 * sub-pixel decomposition, without the lowering's GEMM-then-col2im over every filter tap.
 *
 * With stride `s`, input row `iy = s·j + p` receives only the filter rows `ky ≡ p + padTop (mod s)`,
 * each from dy row `j + const`: every phase `(py, px)` of dx is a stride-1 convolution of dy with a
 * `⌈K/s⌉`-tap sub-filter (rotated, its channel axes swapped). So each phase is an im2col of dy over
 * few taps and one GEMM with `k = taps·outChannels` (a 4x4 stride-2 layer: four GEMMs with
 * `k = 4·outChannels` instead of one with `k = outChannels` and `n = 16·inChannels`), whose result
 * goes to the phase's columns of a column matrix laid out like a `s x s`, stride-`s` convolution's;
 * one col2im over that matrix (each dx element has exactly one entry) places every phase.
 * @module
 */
import type { Conv2DInfo } from '../kernels.js';
import { sgemm } from './gemm.js';
import type { WasmRuntime } from './runtime.js';
import { describeLowering, runLowering, type LoweringGeometry } from './lowering.js';

/** Largest phase column matrix built at once (bounded memory for large batches). */
const CHUNK_BYTES = 16 * 1024 * 1024;

/** One phase along one axis: the filter taps it uses (first tap, step `s`), and its padding over dy. */
interface AxisPhase {
  /** Filter index of sub-filter tap 0; tap `u` is `last - s·u`. */
  last: number;
  taps: number;
  pad: number;
}

function axisPhase(phase: number, stride: number, kernel: number, pad: number): AxisPhase {
  const r = (phase + pad) % stride, q = Math.floor((phase + pad) / stride);
  const taps = Math.ceil((kernel - r) / stride);
  return { last: r + stride * (taps - 1), taps, pad: taps - 1 - q };
}

/**
 * True when the sub-pixel input gradient can compute this convolution: a stride above 1 on some
 * axis, no dilation, one group, and a filter at least as large as the stride on both axes (every
 * phase has a tap).
 */
export function subpixelApplies(info: Conv2DInfo): boolean {
  return (info.strideHeight > 1 || info.strideWidth > 1) && info.dilationHeight === 1 && info.dilationWidth === 1 &&
    info.groups === 1 && info.filterHeight >= info.strideHeight && info.filterWidth >= info.strideWidth &&
    info.batch > 0 && info.outHeight > 0 && info.outWidth > 0 && info.inChannels > 0 && info.outChannels > 0;
}

/**
 * Copies the phase's sub-filter into `dst` as the GEMM's transposed B (row `ci`, then tap row, tap
 * column, output channel): the rows of the HWIO filter it needs, in the rotated order.
 */
function gatherSubFilter(filter: Float32Array, dst: Float32Array, info: Conv2DInfo, ry: AxisPhase, rx: AxisPhase): void {
  const ic = info.inChannels, oc = info.outChannels, kw = info.filterWidth;
  let at = 0;
  for (let ci = 0; ci < ic; ci++) {
    for (let uy = 0; uy < ry.taps; uy++) {
      const ky = ry.last - info.strideHeight * uy;
      for (let ux = 0; ux < rx.taps; ux++) {
        const kx = rx.last - info.strideWidth * ux;
        const from = ((ky * kw + kx) * ic + ci) * oc;
        dst.set(filter.subarray(from, from + oc), at);
        at += oc;
      }
    }
  }
}

/** `dx = ∂(conv2d)/∂x · dy` by sub-pixel phases; the caller checked {@link subpixelApplies}. */
export function subpixelConv2dBackwardInput(rt: WasmRuntime, dy: Float32Array, filter: Float32Array, dx: Float32Array, info: Conv2DInfo): void {
  const sh = info.strideHeight, sw = info.strideWidth, ic = info.inChannels, oc = info.outChannels;
  const phaseH = Math.ceil(info.inHeight / sh), phaseW = Math.ceil(info.inWidth / sw);
  const phasePixels = phaseH * phaseW;
  const rowsY = Array.from({ length: sh }, (_, p) => axisPhase(p, sh, info.filterHeight, info.padTop));
  const rowsX = Array.from({ length: sw }, (_, p) => axisPhase(p, sw, info.filterWidth, info.padLeft));
  const maxK = Math.max(...rowsY.map((r) => r.taps)) * Math.max(...rowsX.map((r) => r.taps)) * oc;
  const outRow = sh * sw * ic;
  const chunkImages = Math.max(1, Math.min(info.batch, Math.floor(CHUNK_BYTES / (phasePixels * Math.max(maxK, outRow) * 4))));
  const phaseCol = rt.heap.allocBytes(chunkImages * phasePixels * maxK * 4, false);
  const outCol = rt.heap.allocBytes(chunkImages * phasePixels * outRow * 4, false);
  const subFilters = rowsY.flatMap((ry) => rowsX.map((rx) => {
    const view = rt.heap.alloc('float32', ry.taps * rx.taps * oc * ic, false) as Float32Array;
    gatherSubFilter(filter, view, info, ry, rx);
    return view;
  }));
  // The phases' columns as the column matrix of an s x s, stride-s, unpadded convolution producing dy.
  const placement: LoweringGeometry = {
    inHeight: info.inHeight, inWidth: info.inWidth, inChannels: ic, outHeight: phaseH, outWidth: phaseW,
    filterHeight: sh, filterWidth: sw, strideHeight: sh, strideWidth: sw, padTop: 0, padLeft: 0,
  };
  try {
    dx.fill(0);
    for (let image = 0; image < info.batch; image += chunkImages) {
      const images = Math.min(chunkImages, info.batch - image);
      const dyChunk = dy.byteOffset + image * info.outHeight * info.outWidth * oc * 4;
      rowsY.forEach((ry, py) => rowsX.forEach((rx, px) => {
        const k = ry.taps * rx.taps * oc;
        const phase: LoweringGeometry = {
          inHeight: info.outHeight, inWidth: info.outWidth, inChannels: oc, outHeight: phaseH, outWidth: phaseW,
          filterHeight: ry.taps, filterWidth: rx.taps, strideHeight: 1, strideWidth: 1, padTop: ry.pad, padLeft: rx.pad,
        };
        runLowering(rt, 'im2colTask', describeLowering(rt, dyChunk, phaseCol, phase), 0, images * phasePixels, k);
        sgemm(rt, {
          a: phaseCol, lda: k, b: subFilters[py * sw + px]!.byteOffset, ldb: k, c: outCol + (py * sw + px) * ic * 4, ldc: outRow,
          m: images * phasePixels, n: ic, k, transA: false, transB: true, batch: 1, aBatch: 0, bBatch: 0, cBatch: 0,
        });
      }));
      runLowering(rt, 'col2imTask', describeLowering(rt, dx.byteOffset, outCol, placement), image * info.inHeight, images * info.inHeight, info.inWidth * ic);
    }
  } finally {
    for (const view of subFilters) rt.heap.free(view);
    rt.heap.freeBytes(outCol);
    rt.heap.freeBytes(phaseCol);
  }
}
