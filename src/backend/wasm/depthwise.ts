/**
 * Direct depthwise convolution kernels (asm/depthwise.ts): used instead of the im2col lowering when
 * every group has one input channel, where the lowering would run one tiny GEMM per channel.
 * @module
 */
import type { Conv2DInfo } from '../kernels.js';
import { descriptorViews } from './descriptor-views.js';
import type { WasmRuntime } from './runtime.js';

const PARALLEL_MIN_ELEMENTS = 1 << 15;

/** True when each channel group has a single input channel (and there is more than one group). */
export function isDepthwise(info: Conv2DInfo): boolean {
  return info.groups > 1 && info.groups === info.inChannels;
}

function describe(rt: WasmRuntime, a: number, b: number, out: number, info: Conv2DInfo, perTask: number): number {
  const desc = rt.descriptors[1];
  descriptorViews(rt, 1).words.set([
    a, b, out, info.batch, info.inHeight, info.inWidth, info.inChannels, info.outHeight, info.outWidth,
    info.outChannels / info.inChannels, info.filterHeight, info.filterWidth, info.strideHeight, info.strideWidth,
    info.dilationHeight, info.dilationWidth, info.padTop, info.padLeft, perTask,
  ]);
  return desc;
}

/** Runs a row-parallel depthwise kernel over `rows` rows of `rowElements` outputs each. */
function runRows(rt: WasmRuntime, kernel: 'depthwiseTask' | 'depthwiseBackwardInputTask', a: number, b: number, out: number, info: Conv2DInfo, rows: number, rowElements: number): void {
  const parallel = rows * rowElements >= PARALLEL_MIN_ELEMENTS;
  const perTask = parallel ? Math.max(1, Math.ceil(rows / (rt.pool.threads * 8))) : Math.max(1, rows);
  rt.pool.run(kernel, describe(rt, a, b, out, info, perTask), Math.ceil(rows / perTask), parallel);
}

/** Depthwise forward pass. */
export function depthwiseConv2d(rt: WasmRuntime, x: Float32Array, filter: Float32Array, out: Float32Array, info: Conv2DInfo): void {
  runRows(rt, 'depthwiseTask', x.byteOffset, filter.byteOffset, out.byteOffset, info, info.batch * info.outHeight, info.outWidth * info.outChannels);
}

/** Depthwise input gradient (every input element is written). */
export function depthwiseBackwardInput(rt: WasmRuntime, dy: Float32Array, filter: Float32Array, dx: Float32Array, info: Conv2DInfo): void {
  runRows(rt, 'depthwiseBackwardInputTask', dy.byteOffset, filter.byteOffset, dx.byteOffset, info, info.batch * info.inHeight, info.inWidth * info.inChannels);
}

/** Depthwise filter gradient: one task per filter tap. */
export function depthwiseBackwardFilter(rt: WasmRuntime, x: Float32Array, dy: Float32Array, dFilter: Float32Array, info: Conv2DInfo): void {
  const taps = info.filterHeight * info.filterWidth;
  const parallel = dy.length * taps >= PARALLEL_MIN_ELEMENTS;
  rt.pool.run('depthwiseBackwardFilterTask', describe(rt, x.byteOffset, dy.byteOffset, dFilter.byteOffset, info, 1), taps, parallel);
}
