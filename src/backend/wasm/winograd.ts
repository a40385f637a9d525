/**
 * Winograd F(4x4, 3x3) convolutions (Lavin & Gray 2016) on the wasm kernels (asm/winograd.ts): each
 * 4x4 output tile is `Aᵀ [(G g Gᵀ) ⊙ (Bᵀ d B)] A`; summed over channels, the 36 elementwise products
 * are 36 `[tiles, inChannels] · [inChannels, outChannels]` matrix products: 4x fewer multiplications
 * than the im2col lowering's `9·inChannels` per output, plus the transforms.
 *
 * - forward: the filter is transformed once per call into the SGEMM's packed-B panels; then one task
 *   per block of tiles transforms its tiles into packed-A slivers in its scratch, runs the 36
 *   products with the micro-kernel one 8-channel panel at a time and transforms each panel back,
 *   adding the layer's bias and relu as it stores when asked;
 * - input gradient: the same convolution of dy with the filter rotated by 180 degrees and its channel
 *   axes swapped, padded by `2 − padTop` / `2 − padLeft`;
 * - filter gradient: `dU[e] = Σ Vᵀ[e] · (A dY Aᵀ)[e]` over the tiles, each thread's task summing its
 *   range into a partial of its own, then `dg = Gᵀ dU G` adding the partials as it reads them.
 *
 * Non-finite values: the transforms mix every value of a 6x6 patch into every element of its tile,
 * so one NaN or infinity in the input (or an intermediate that overflows) would make whole 4x4 tiles
 * NaN where the definition confines it to the outputs whose window reads it (and turn an infinity
 * into NaN). The tasks that store results flag any NaN or infinity among them, and the drivers
 * return false so the caller recomputes the pass on the general path: the definition's semantics,
 * at the cost of a second pass only when a result is not finite.
 * @module
 */
import type { Conv2DInfo } from '../kernels.js';
import { descriptorViews } from './descriptor-views.js';
import { MR, NR } from './gemm.js';
import { SCRATCH_BYTES, type WasmRuntime } from './runtime.js';
import type { TaskKernel } from './exports.js';

/** Transformed input and gradient per block of a filter-gradient task (L2-resident while the products run). */
const FILTER_BLOCK_BYTES = 1024 * 1024;
/** Transformed input per convolution task (L2-resident while the products sweep it once per panel). */
const TASK_INPUT_BYTES = 96 * 1024;
/** Convolution tasks per thread to aim for. */
const TASKS_PER_THREAD = 4;
/** Tile-channel pairs below which a transform runs on the calling thread. */
const PARALLEL_MIN_WORK = 1 << 12;
/** Elements of a 6x6 transformed tile. */
const ELEMENTS = 36;

// Descriptor words, mirrored from asm/winograd.ts.
const SRC = 0, DST = 1, IMG_H = 2, IMG_W = 3, TILES_H = 5, TILES_W = 6, PAD_TOP = 7, PAD_LEFT = 8;
const TILE_COUNT = 10, PER_TASK = 11, BIAS = 12, RELU = 13;
const FILTER_ROWS = 14, FILTER_COLS = 15, FLIP = 16, IN_C = 17, OUT_C = 18, SRC_H = 19, SRC_W = 20, FILTER = 21;
const GRADIENT = 22, BLOCK = 23, WORK = 24, WORK_BYTES = 25, PARTIALS = 26, NON_FINITE = 27;

/**
 * One stride-1 3x3 convolution as the transforms see it: the image read (`in*`) and the image written
 * (`out*`). A forward pass is its `Conv2DInfo` itself; the input gradient swaps the two sides.
 */
type WinogradShape = Pick<Conv2DInfo, 'batch' | 'inHeight' | 'inWidth' | 'inChannels' | 'outHeight' | 'outWidth' | 'outChannels' | 'padTop' | 'padLeft'>;

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

/** Writes the descriptor words of a layer's geometry and its tiling, which every Winograd task reads. */
function describeTiles(d: Int32Array, s: WinogradShape, total: number, tilesH: number, tilesW: number): void {
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
}

/**
 * `out = conv(x, U)` for a filter `u` transformed by {@link transformFilter}, with the bias and relu
 * applied as the output is stored when `bias` is given: one task per block of tiles does the input
 * transform, the 36 products and the output transform in its scratch. Returns false when an output
 * is NaN or infinite (see the module notes on non-finite values).
 */
function convolveTransformed(rt: WasmRuntime, x: number, u: number, out: number, s: WinogradShape, bias: number, relu: boolean): boolean {
  const { total, tilesH, tilesW } = tilesOf(s);
  const perTask = tilesPerTask(rt, total, s.inChannels);
  const { words: d, offset } = descriptorViews(rt, 1);
  d[SRC] = x;
  d[DST] = out;
  d[FILTER] = u;
  describeTiles(d, s, total, tilesH, tilesW);
  d[PER_TASK] = perTask;
  d[BIAS] = bias;
  d[RELU] = relu ? 1 : 0;
  d[NON_FINITE] = 0;
  const tasks = Math.ceil(total / perTask);
  rt.pool.run('winogradConvTask', offset, tasks, rt.pool.threads > 1 && tasks > 1);
  return d[NON_FINITE] === 0;
}

/**
 * `out = conv2d(x, filter)` by Winograd, then `relu?(out + bias)` when `bias` is given. Returns false
 * when an output came out NaN or infinite: the caller recomputes it on the general path (see
 * {@link NON_FINITE_NOTE}).
 */
export function winogradConv2d(rt: WasmRuntime, x: Float32Array, filter: Float32Array, out: Float32Array, info: Conv2DInfo, bias: Float32Array | null = null, relu = false): boolean {
  const u = transformFilter(rt, filter, info.inChannels, info.outChannels, false);
  try {
    return convolveTransformed(rt, x.byteOffset, u, out.byteOffset, info, bias ? bias.byteOffset : 0, relu);
  } finally {
    rt.heap.freeBytes(u);
  }
}

/**
 * `dx = ∂(conv2d)/∂x · dy` by Winograd: dy convolved with the rotated, channel-swapped filter.
 * Returns false when a value came out NaN or infinite (see the module notes on non-finite values).
 */
export function winogradConv2dBackwardInput(rt: WasmRuntime, dy: Float32Array, filter: Float32Array, dx: Float32Array, info: Conv2DInfo): boolean {
  const u = transformFilter(rt, filter, info.inChannels, info.outChannels, true);
  try {
    return convolveTransformed(rt, dy.byteOffset, u, dx.byteOffset, {
      batch: info.batch, inHeight: info.outHeight, inWidth: info.outWidth, inChannels: info.outChannels,
      outHeight: info.inHeight, outWidth: info.inWidth, outChannels: info.inChannels, padTop: 2 - info.padTop, padLeft: 2 - info.padLeft,
    }, 0, false);
  } finally {
    rt.heap.freeBytes(u);
  }
}

/**
 * `dFilter = ∂(conv2d)/∂filter · dy` by Winograd: each task sums `Vᵀ[e] · dM[e]` over its range of
 * tiles into a partial `dU` of its own (blocks of tiles transformed into packed panels in its
 * workspace), then the filter-gradient transform adds the partials as it reads them, in parallel
 * over input channels. Returns false when a value came out NaN or infinite (see the module notes on non-finite values).
 */
export function winogradConv2dBackwardFilter(rt: WasmRuntime, x: Float32Array, dy: Float32Array, dFilter: Float32Array, info: Conv2DInfo): boolean {
  const s: WinogradShape = info;
  const { total, tilesH, tilesW } = tilesOf(s);
  const inC = info.inChannels, outC = info.outChannels;
  const tasks = Math.min(total, rt.pool.threads);
  const perTask = Math.ceil(total / tasks);
  const paddedFloats = Math.ceil(inC / MR) * MR + Math.ceil(outC / NR) * NR;
  const block = Math.max(MR, Math.min(perTask, Math.floor(FILTER_BLOCK_BYTES / (ELEMENTS * paddedFloats * 4))));
  // Per task: its partial dU, then one block of transformed input and gradient.
  const workBytes = Math.ceil((ELEMENTS * (inC * outC + block * paddedFloats) * 4) / 64) * 64;
  const work = rt.heap.allocBytes(tasks * workBytes, false);
  try {
    const { words: d, offset } = descriptorViews(rt, 1);
    d[SRC] = x.byteOffset;
    d[GRADIENT] = dy.byteOffset;
    d[DST] = dFilter.byteOffset;
    describeTiles(d, s, total, tilesH, tilesW);
    d[PER_TASK] = perTask;
    d[BLOCK] = block;
    d[WORK] = work;
    d[WORK_BYTES] = workBytes;
    d[PARTIALS] = Math.ceil(total / perTask);
    rt.pool.run('winogradFilterProductsTask', offset, d[PARTIALS], tasks > 1);
    d[NON_FINITE] = 0;
    runTransform(rt, 'winogradFilterGradientTask', d, offset, inC, outC * 9);
    return d[NON_FINITE] === 0;
  } finally {
    rt.heap.freeBytes(work);
  }
}
