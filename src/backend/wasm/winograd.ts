/**
 * Winograd F(4x4, 3x3) convolutions (Lavin & Gray 2016) on the wasm kernels (asm/winograd.ts): each
 * 4x4 output tile is `Aᵀ [(G g Gᵀ) ⊙ (Bᵀ d B)] A`, so with the tiles' transforms stored element by
 * element the 36 elementwise products summed over channels are one batched SGEMM of 36
 * `[tiles, inChannels] · [inChannels, outChannels]` products: 4x fewer multiplications than the
 * im2col lowering's `9·inChannels` per output.
 *
 * - forward: transform the filter and the input tiles, multiply, transform back (optionally with the
 *   layer's bias and relu as the output is stored);
 * - input gradient: the same convolution of dy with the filter rotated by 180 degrees and its channel
 *   axes swapped, padded by `2 − padTop` / `2 − padLeft`;
 * - filter gradient: `dU = Vᵀ · (A dY Aᵀ)` per element (the batched GEMM with a transposed A, summed
 *   over tiles by the GEMM itself), then `dg = Gᵀ dU G`.
 *
 * Tiles are processed in chunks so the transformed matrices stay within {@link CHUNK_BYTES}.
 * @module
 */
import type { Conv2DInfo } from '../kernels.js';
import { descriptorViews } from './descriptor-views.js';
import { MR, NR, sgemm } from './gemm.js';
import { SCRATCH_BYTES, type WasmRuntime } from './runtime.js';
import type { TaskKernel } from './exports.js';

/** Largest transformed input + product (or gradient) matrices held at once. */
const CHUNK_BYTES = 8 * 1024 * 1024;
/** Transformed input per convolution task (L2-resident while the products sweep it once per panel). */
const TASK_INPUT_BYTES = 96 * 1024;
/** Convolution tasks per thread to aim for. */
const TASKS_PER_THREAD = 4;
/** Tile-channel pairs below which a transform runs on the calling thread. */
const PARALLEL_MIN_WORK = 1 << 12;
/** Elements of a 6x6 transformed tile. */
const ELEMENTS = 36;

// Descriptor words, mirrored from asm/winograd.ts.
const SRC = 0, DST = 1, IMG_H = 2, IMG_W = 3, CHANNELS = 4, TILES_H = 5, TILES_W = 6, PAD_TOP = 7, PAD_LEFT = 8;
const TILE0 = 9, TILE_COUNT = 10, PER_TASK = 11, BIAS = 12, RELU = 13;
const FILTER_ROWS = 14, FILTER_COLS = 15, FLIP = 16, IN_C = 17, OUT_C = 18, SRC_H = 19, SRC_W = 20, FILTER = 21;

/** One stride-1 3x3 convolution as the transforms see it: the image read, the image written. */
interface WinogradShape {
  batch: number;
  inHeight: number;
  inWidth: number;
  inChannels: number;
  outHeight: number;
  outWidth: number;
  outChannels: number;
  padTop: number;
  padLeft: number;
}

function tilesOf(s: WinogradShape): { tilesH: number; tilesW: number; total: number } {
  const tilesH = Math.ceil(s.outHeight / 4), tilesW = Math.ceil(s.outWidth / 4);
  return { tilesH, tilesW, total: s.batch * tilesH * tilesW };
}

/** Runs `count` items of a transform kernel, spread over the threads when there is enough work. */
function runTransform(rt: WasmRuntime, kernel: TaskKernel, d: Int32Array, offset: number, count: number, channels: number): void {
  const parallel = rt.pool.threads > 1 && count * channels >= PARALLEL_MIN_WORK;
  const perTask = parallel ? Math.max(1, Math.ceil(count / (rt.pool.threads * 8))) : count;
  d[PER_TASK] = perTask;
  rt.pool.run(kernel, offset, Math.ceil(count / perTask), parallel);
}

/** Fills the tile geometry words of descriptor slot 1 for an image of `height x width x channels`. */
function describeTiles(rt: WasmRuntime, s: WinogradShape, src: number, dst: number, height: number, width: number, channels: number, tile0: number, count: number): { d: Int32Array; offset: number } {
  const { words: d, offset } = descriptorViews(rt, 1);
  const { tilesH, tilesW } = tilesOf(s);
  d[SRC] = src;
  d[DST] = dst;
  d[IMG_H] = height;
  d[IMG_W] = width;
  d[CHANNELS] = channels;
  d[TILES_H] = tilesH;
  d[TILES_W] = tilesW;
  d[PAD_TOP] = s.padTop;
  d[PAD_LEFT] = s.padLeft;
  d[TILE0] = tile0;
  d[TILE_COUNT] = count;
  d[BIAS] = 0;
  d[RELU] = 0;
  return { d, offset };
}

/**
 * Transforms the filter into the packed layout the convolution task reads (`[36]` elements, each
 * NR-column panels of `rows` groups of NR floats; see asm/winograd.ts `winogradFilterTask`); returns a heap block.
 */
function transformFilter(rt: WasmRuntime, filter: Float32Array, inChannels: number, outChannels: number, flip: boolean): number {
  const rows = flip ? outChannels : inChannels, cols = flip ? inChannels : outChannels;
  const u = rt.heap.allocBytes(ELEMENTS * rows * Math.ceil(cols / NR) * NR * 4, false);
  const { words: d, offset } = descriptorViews(rt, 1);
  d[SRC] = filter.byteOffset;
  d[DST] = u;
  d[FILTER_ROWS] = rows;
  d[FILTER_COLS] = cols;
  d[FLIP] = flip ? 1 : 0;
  d[IN_C] = inChannels;
  d[OUT_C] = outChannels;
  runTransform(rt, 'winogradFilterTask', d, offset, rows, cols * 9);
  return u;
}

/** Tiles per chunk such that `36 · tiles · floatsPerTile` floats fit {@link CHUNK_BYTES}. */
function chunkTiles(total: number, floatsPerTile: number): number {
  return Math.max(1, Math.min(total, Math.floor(CHUNK_BYTES / (ELEMENTS * floatsPerTile * 4))));
}

/** Bytes of thread scratch the convolution task needs besides its tiles: the transforms' and micro-kernel's work vectors. */
const CONV_TASK_FIXED_BYTES = 120 * 16;
/** Scratch bytes per tile of a convolution task reading `inChannels` channels: its transformed input and one panel of products. */
function convTaskBytesPerTile(inChannels: number): number {
  return ELEMENTS * (inChannels + NR) * 4;
}

/**
 * True when the Winograd kernels can run this layer's passes in a thread's scratch: a task of one
 * sliver of {@link MR} tiles holds their transformed input, so the channels read by the forward
 * pass and by the input gradient are bounded (about 340 each).
 */
export function winogradFits(info: Conv2DInfo): boolean {
  const most = Math.max(info.inChannels, info.outChannels);
  return CONV_TASK_FIXED_BYTES + MR * convTaskBytesPerTile(most) <= SCRATCH_BYTES;
}

/** Tiles per convolution task: a multiple of MR whose transformed input stays near {@link TASK_INPUT_BYTES}, enough tasks for every thread. */
function tilesPerTask(rt: WasmRuntime, total: number, inChannels: number): number {
  const fit = Math.floor((SCRATCH_BYTES - CONV_TASK_FIXED_BYTES) / convTaskBytesPerTile(inChannels));
  const target = Math.floor(TASK_INPUT_BYTES / (ELEMENTS * inChannels * 4));
  const spread = Math.ceil(total / (rt.pool.threads * TASKS_PER_THREAD));
  const tiles = Math.min(fit, Math.max(MR, Math.min(target, spread)));
  return Math.max(MR, Math.floor(tiles / MR) * MR);
}

/**
 * `out = conv(x, U)` for a filter `u` transformed by {@link transformFilter}, with the bias and relu
 * applied as the output is stored when `bias` is given: one task per block of tiles does the input
 * transform, the 36 products and the output transform in its scratch.
 */
function convolveTransformed(rt: WasmRuntime, x: number, u: number, out: number, s: WinogradShape, bias: number, relu: boolean): void {
  const { total, tilesH, tilesW } = tilesOf(s);
  const perTask = tilesPerTask(rt, total, s.inChannels);
  const { words: d, offset } = descriptorViews(rt, 1);
  d[SRC] = x;
  d[DST] = out;
  d[FILTER] = u;
  d[SRC_H] = s.inHeight;
  d[SRC_W] = s.inWidth;
  d[IN_C] = s.inChannels;
  d[IMG_H] = s.outHeight;
  d[IMG_W] = s.outWidth;
  d[OUT_C] = s.outChannels;
  d[TILES_H] = tilesH;
  d[TILES_W] = tilesW;
  d[PAD_TOP] = s.padTop;
  d[PAD_LEFT] = s.padLeft;
  d[TILE_COUNT] = total;
  d[PER_TASK] = perTask;
  d[BIAS] = bias;
  d[RELU] = relu ? 1 : 0;
  const tasks = Math.ceil(total / perTask);
  rt.pool.run('winogradConvTask', offset, tasks, rt.pool.threads > 1 && tasks > 1);
}

function forwardShape(info: Conv2DInfo): WinogradShape {
  return {
    batch: info.batch, inHeight: info.inHeight, inWidth: info.inWidth, inChannels: info.inChannels,
    outHeight: info.outHeight, outWidth: info.outWidth, outChannels: info.outChannels, padTop: info.padTop, padLeft: info.padLeft,
  };
}

/** `out = conv2d(x, filter)` by Winograd, then `relu?(out + bias)` when `bias` is given. */
export function winogradConv2d(rt: WasmRuntime, x: Float32Array, filter: Float32Array, out: Float32Array, info: Conv2DInfo, bias: Float32Array | null = null, relu = false): void {
  const u = transformFilter(rt, filter, info.inChannels, info.outChannels, false);
  try {
    convolveTransformed(rt, x.byteOffset, u, out.byteOffset, forwardShape(info), bias ? bias.byteOffset : 0, relu);
  } finally {
    rt.heap.freeBytes(u);
  }
}

/** `dx = ∂(conv2d)/∂x · dy` by Winograd: dy convolved with the rotated, channel-swapped filter. */
export function winogradConv2dBackwardInput(rt: WasmRuntime, dy: Float32Array, filter: Float32Array, dx: Float32Array, info: Conv2DInfo): void {
  const u = transformFilter(rt, filter, info.inChannels, info.outChannels, true);
  try {
    convolveTransformed(rt, dy.byteOffset, u, dx.byteOffset, {
      batch: info.batch, inHeight: info.outHeight, inWidth: info.outWidth, inChannels: info.outChannels,
      outHeight: info.inHeight, outWidth: info.inWidth, outChannels: info.inChannels, padTop: 2 - info.padTop, padLeft: 2 - info.padLeft,
    }, 0, false);
  } finally {
    rt.heap.freeBytes(u);
  }
}

/** `dFilter = ∂(conv2d)/∂filter · dy` by Winograd. */
export function winogradConv2dBackwardFilter(rt: WasmRuntime, x: Float32Array, dy: Float32Array, dFilter: Float32Array, info: Conv2DInfo): void {
  const s = forwardShape(info);
  const { total } = tilesOf(s);
  const inC = info.inChannels, outC = info.outChannels;
  const perChunk = chunkTiles(total, inC + outC);
  const v = rt.heap.allocBytes(ELEMENTS * perChunk * inC * 4, false);
  const dm = rt.heap.allocBytes(ELEMENTS * perChunk * outC * 4, false);
  const du = rt.heap.allocBytes(ELEMENTS * inC * outC * 4, false);
  try {
    for (let tile0 = 0; tile0 < total; tile0 += perChunk) {
      const count = Math.min(perChunk, total - tile0);
      const input = describeTiles(rt, s, x.byteOffset, v, s.inHeight, s.inWidth, inC, tile0, count);
      runTransform(rt, 'winogradInputTask', input.d, input.offset, count, inC);
      const grad = describeTiles(rt, s, dy.byteOffset, dm, s.outHeight, s.outWidth, outC, tile0, count);
      runTransform(rt, 'winogradOutputGradientTask', grad.d, grad.offset, count, outC);
      sgemm(rt, {
        a: v, lda: inC, b: dm, ldb: outC, c: du, ldc: outC, m: inC, n: outC, k: count,
        transA: true, transB: false, batch: ELEMENTS, aBatch: count * inC, bBatch: count * outC, cBatch: inC * outC, accumulate: tile0 > 0,
      });
    }
    const { words: d, offset } = descriptorViews(rt, 1);
    d[SRC] = du;
    d[DST] = dFilter.byteOffset;
    d[IN_C] = inC;
    d[OUT_C] = outC;
    runTransform(rt, 'winogradFilterGradientTask', d, offset, inC, outC * 9);
  } finally {
    rt.heap.freeBytes(v);
    rt.heap.freeBytes(dm);
    rt.heap.freeBytes(du);
  }
}
