/**
 * Drivers of the convolution lowering kernels (asm/conv.ts): im2col, which gathers each output
 * pixel's receptive field into one row of a column matrix, and col2im, its adjoint written as a
 * gather over input rows. Shared by the im2col convolution (conv.ts) and the sub-pixel input
 * gradient (subpixel.ts), which lowers other geometries than the layer's own.
 * @module
 */
import { descriptorViews } from './descriptor-views.js';
import type { WasmRuntime } from './runtime.js';
import type { Conv2DInfo } from '../kernels.js';

/** Column-matrix floats below which im2col/col2im run on the calling thread. */
const PARALLEL_MIN_FLOATS = 1 << 15;

// Descriptor word offsets, mirrored from asm/conv.ts.
const X = 0, COL = 1, IN_H = 3, IN_W = 4, IN_C = 5, OUT_H = 6, OUT_W = 7;
const KH = 8, KW = 9, SH = 10, SW = 11, DH = 12, DW = 13, PAD_TOP = 14, PAD_LEFT = 15;
const C0 = 16, CG = 17, FIRST = 18, COUNT = 19, PER_TASK = 20;

/**
 * The geometry im2col and col2im read: a convolution's sizes, without batch or output channels.
 * Dilations are 1 when absent; the paddings may be negative (the window then starts inside the
 * image), as the sub-pixel phases use them.
 */
export type LoweringGeometry = Pick<Conv2DInfo, 'inHeight' | 'inWidth' | 'inChannels' | 'outHeight' | 'outWidth' | 'filterHeight' | 'filterWidth' | 'strideHeight' | 'strideWidth' | 'padTop' | 'padLeft'> &
  Partial<Pick<Conv2DInfo, 'dilationHeight' | 'dilationWidth'>>;

/**
 * Writes the geometry words shared by im2col and col2im for channels `c0 ... c0 + cg` of the
 * image at byte offset `image` and the column matrix at `col`; returns the descriptor view.
 */
export function describeLowering(rt: WasmRuntime, image: number, col: number, g: LoweringGeometry, c0 = 0, cg = g.inChannels): Int32Array {
  const d = descriptorViews(rt, 1).words;
  d[X] = image;
  d[COL] = col;
  d[IN_H] = g.inHeight;
  d[IN_W] = g.inWidth;
  d[IN_C] = g.inChannels;
  d[OUT_H] = g.outHeight;
  d[OUT_W] = g.outWidth;
  d[KH] = g.filterHeight;
  d[KW] = g.filterWidth;
  d[SH] = g.strideHeight;
  d[SW] = g.strideWidth;
  d[DH] = g.dilationHeight ?? 1;
  d[DW] = g.dilationWidth ?? 1;
  d[PAD_TOP] = g.padTop;
  d[PAD_LEFT] = g.padLeft;
  d[C0] = c0;
  d[CG] = cg;
  return d;
}

/**
 * Runs im2col (rows: output pixels) or col2im (rows: input image rows) over `count` rows starting
 * at `first`, in parallel when large.
 */
export function runLowering(rt: WasmRuntime, kernel: 'im2colTask' | 'col2imTask', d: Int32Array, first: number, count: number, floatsPerRow: number): void {
  const parallel = count * floatsPerRow >= PARALLEL_MIN_FLOATS;
  const perTask = parallel ? Math.max(1, Math.ceil(count / (rt.pool.threads * 8))) : count;
  d[FIRST] = first;
  d[COUNT] = count;
  d[PER_TASK] = perTask;
  rt.pool.run(kernel, rt.descriptors[1], Math.ceil(count / perTask), parallel);
}
