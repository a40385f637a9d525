/**
 * Reference 2-D pooling kernels over NHWC input: max pooling (with arg-max for the backward pass) and
 * average pooling, with their gradients.
 *
 * Output `(n, oy, ox, c)` pools the window of input rows `oy·strideHeight − padTop + ky` for
 * `0 ≤ ky < filterHeight` (columns alike); rows and columns outside the input are padding.
 * @module
 */
import type { Pool2DInfo } from '../kernels.js';

/** Calls `visit(inputIndex)` for every input cell inside the window of output `(n, oy, ox, c)`. */
function forEachWindowCell(info: Pool2DInfo, n: number, oy: number, ox: number, c: number, visit: (index: number) => void): void {
  const top = oy * info.strideHeight - info.padTop;
  const left = ox * info.strideWidth - info.padLeft;
  for (let iy = Math.max(top, 0); iy < Math.min(top + info.filterHeight, info.inHeight); iy++)
    for (let ix = Math.max(left, 0); ix < Math.min(left + info.filterWidth, info.inWidth); ix++)
      visit(((n * info.inHeight + iy) * info.inWidth + ix) * info.channels + c);
}

/** Calls `visit(outputIndex, n, oy, ox, c)` for every output cell, in NHWC order. */
function forEachOutput(info: Pool2DInfo, visit: (index: number, n: number, oy: number, ox: number, c: number) => void): void {
  let index = 0;
  for (let n = 0; n < info.batch; n++)
    for (let oy = 0; oy < info.outHeight; oy++)
      for (let ox = 0; ox < info.outWidth; ox++)
        for (let c = 0; c < info.channels; c++) visit(index++, n, oy, ox, c);
}

/** The divisor of an average: the whole window, or only the cells inside the input. */
function windowDivisor(info: Pool2DInfo, validCells: number): number {
  return info.countIncludePad ? info.filterHeight * info.filterWidth : validCells;
}

/**
 * Max over each window, by PyTorch's rule (`val > max || isnan(val)`): padding never wins; ties go to
 * the first cell in row-major window order; a NaN wins over everything, and of several NaNs the last
 * one. A window with no input cell (impossible with the padding ops allow) gives −Infinity and
 * arg-max −1.
 */
export function maxPool2d(x: Float32Array, out: Float32Array, argmax: Int32Array, info: Pool2DInfo): void {
  forEachOutput(info, (o, n, oy, ox, c) => {
    let best = -Infinity;
    let bestIndex = -1;
    forEachWindowCell(info, n, oy, ox, c, (i) => {
      const v = x[i]!;
      if (bestIndex < 0 || v > best || Number.isNaN(v)) {
        best = v;
        bestIndex = i;
      }
    });
    out[o] = best;
    argmax[o] = bestIndex;
  });
}

/** `dx[argmax[o]] += dy[o]`; every other input gets zero. */
export function maxPool2dBackward(dy: Float32Array, argmax: Int32Array, dx: Float32Array, info: Pool2DInfo): void {
  const acc = new Float64Array(dx.length);
  const outputs = info.batch * info.outHeight * info.outWidth * info.channels;
  for (let o = 0; o < outputs; o++) {
    const i = argmax[o]!;
    if (i >= 0) acc[i]! += dy[o]!;
  }
  dx.set(acc);
}

/** Mean of each window, see {@link Pool2DInfo.countIncludePad} for the divisor. */
export function avgPool2d(x: Float32Array, out: Float32Array, info: Pool2DInfo): void {
  forEachOutput(info, (o, n, oy, ox, c) => {
    let sum = 0;
    let cells = 0;
    forEachWindowCell(info, n, oy, ox, c, (i) => {
      sum += x[i]!;
      cells++;
    });
    out[o] = cells === 0 ? 0 : sum / windowDivisor(info, cells);
  });
}

/** Spreads each `dy[o]` evenly (by the same divisor as the forward pass) over its window's input cells. */
export function avgPool2dBackward(dy: Float32Array, dx: Float32Array, info: Pool2DInfo): void {
  const acc = new Float64Array(dx.length);
  forEachOutput(info, (o, n, oy, ox, c) => {
    let cells = 0;
    forEachWindowCell(info, n, oy, ox, c, () => cells++);
    if (cells === 0) return;
    const share = dy[o]! / windowDivisor(info, cells);
    forEachWindowCell(info, n, oy, ox, c, (i) => (acc[i]! += share));
  });
  dx.set(acc);
}
