/**
 * The direct convolution (asm/conv-direct.ts) for layers with few input taps, where the im2col
 * lowering's GEMM has an inner dimension of only `filterHeight · filterWidth · inChannels` (9 for a
 * 3x3 filter over one channel) and spends its time packing and storing.
 * @module
 */
import type { BiasActivation, Conv2DInfo } from '../kernels.js';
import { descriptorViews } from './descriptor-views.js';
import type { WasmRuntime } from './runtime.js';

/**
 * Largest `filterHeight · filterWidth · inChannels` the direct kernels take. A 3x3 filter over one
 * channel (9) runs twice as fast as the lowering; over 3 channels with 'same' padding (27: cifar's
 * first layer) about 10% slower, so those stay on the lowering.
 */
export const DIRECT_MAX_TAPS = 16;
/** Bytes of dy per filter-gradient task: the block every tap group re-reads stays in L1. */
const DY_BLOCK_BYTES = 32 * 1024;
// Descriptor words of biasSumPartialsTask, mirrored from asm/bias-activation.ts.
const SUM_CHANNELS = 2, SUM_TASKS = 4, SUM_OUT = 8, SUM_PARTIAL = 9;
/** Output elements below which the convolution stays on the calling thread. */
const PARALLEL_MIN_ELEMENTS = 1 << 15;

// Descriptor words, mirrored from asm/conv-direct.ts.
const X = 0, F = 1, OUT = 2, IN_H = 3, IN_W = 4, IN_C = 5, OUT_H = 6, OUT_W = 7, OUT_C = 8;
const KH = 9, KW = 10, SH = 11, SW = 12, DH = 13, DW = 14, PAD_TOP = 15, PAD_LEFT = 16, ROWS = 17, ROWS_PER_TASK = 18;
const BIAS = 19, ACTIVATION = 20;

/** True when the direct kernel handles `info`: one group, output channels a multiple of 4, few taps. */
export function isDirect(info: Conv2DInfo): boolean {
  return info.groups === 1 && info.outChannels % 4 === 0 && info.outChannels > 0 &&
    info.filterHeight * info.filterWidth * info.inChannels <= DIRECT_MAX_TAPS;
}

/** Fills the descriptor (slot 1) shared by the forward pass and the filter gradient; returns its offset. */
function describe(rt: WasmRuntime, x: Float32Array, f: number, out: number, info: Conv2DInfo, rowsPerTask: number, bias = 0, relu = false): number {
  const { words: d, offset } = descriptorViews(rt, 1);
  d[X] = x.byteOffset;
  d[F] = f;
  d[OUT] = out;
  d[IN_H] = info.inHeight;
  d[IN_W] = info.inWidth;
  d[IN_C] = info.inChannels;
  d[OUT_H] = info.outHeight;
  d[OUT_W] = info.outWidth;
  d[OUT_C] = info.outChannels;
  d[KH] = info.filterHeight;
  d[KW] = info.filterWidth;
  d[SH] = info.strideHeight;
  d[SW] = info.strideWidth;
  d[DH] = info.dilationHeight;
  d[DW] = info.dilationWidth;
  d[PAD_TOP] = info.padTop;
  d[PAD_LEFT] = info.padLeft;
  d[ROWS] = info.batch * info.outHeight;
  d[ROWS_PER_TASK] = rowsPerTask;
  d[BIAS] = bias;
  d[ACTIVATION] = relu ? 1 : 0;
  return offset;
}

/**
 * `out = conv2d(x, filter)` by the direct kernel (see {@link isDirect}), with `act(out + bias)`
 * applied as the tiles are stored when `bias` is given (a convolution layer's whole forward pass).
 */
export function directConv2d(
  rt: WasmRuntime, x: Float32Array, filter: Float32Array, out: Float32Array, info: Conv2DInfo, bias: Float32Array | null = null, activation: BiasActivation = 'linear',
): void {
  const rows = info.batch * info.outHeight;
  if (rows === 0 || info.outWidth === 0) return;
  const parallel = out.length >= PARALLEL_MIN_ELEMENTS && rt.pool.threads > 1;
  const perTask = parallel ? Math.max(1, Math.ceil(rows / (rt.pool.threads * 8))) : rows;
  const offset = describe(rt, x, filter.byteOffset, out.byteOffset, info, perTask, bias ? bias.byteOffset : 0, bias !== null && activation === 'relu');
  rt.pool.run('conv2dDirectTask', offset, Math.ceil(rows / perTask), parallel);
}

/**
 * `dFilter = ∂(conv2d)/∂filter · dy` by the direct kernel: tasks of output rows whose dy block fits
 * L1 each sum every filter entry over their pixels into a partial row, then one task adds the rows.
 */
export function directConv2dBackwardFilter(rt: WasmRuntime, x: Float32Array, dy: Float32Array, dFilter: Float32Array, info: Conv2DInfo): void {
  const rows = info.batch * info.outHeight;
  const entries = dFilter.length;
  if (rows === 0 || info.outWidth === 0) {
    dFilter.fill(0);
    return;
  }
  const parallel = dy.length >= PARALLEL_MIN_ELEMENTS && rt.pool.threads > 1;
  const perTask = parallel ? Math.max(1, Math.floor(DY_BLOCK_BYTES / (info.outWidth * info.outChannels * 4))) : rows;
  const tasks = Math.ceil(rows / perTask);
  const partial = tasks > 1 ? rt.heap.allocBytes(tasks * entries * 4, false) : dFilter.byteOffset;
  try {
    const offset = describe(rt, x, dy.byteOffset, partial, info, perTask);
    rt.pool.run('conv2dDirectFilterTask', offset, tasks, parallel);
    if (tasks > 1) {
      // The partial rows are summed by the bias-gradient kernel's last phase (same layout).
      const { words: d, offset: sumOffset } = descriptorViews(rt, 0);
      d[SUM_CHANNELS] = entries;
      d[SUM_TASKS] = tasks;
      d[SUM_OUT] = dFilter.byteOffset;
      d[SUM_PARTIAL] = partial;
      rt.pool.run('biasSumPartialsTask', sumOffset, 1, false);
    }
  } finally {
    if (tasks > 1) rt.heap.freeBytes(partial);
  }
}
