/**
 * FFT convolutions (overlap-save) on the wasm kernels (asm/fft.ts, asm/fft-math.ts), for the
 * forward pass and the input gradient of stride-1, undilated, one-group layers with large filters.
 * The output is cut into tiles of `(N − kh + 1) x (N − kw + 1)` pixels, N a power of two from 8 to
 * 128 chosen per layer by {@link fftTileSize}; per tile, each pair of input channels' N x N patches
 * is transformed once (as the real and imaginary parts of one complex tile, split apart after), each pair of output channels accumulates `Σ_c X_c · V_{pair,c}` over the input
 * channels and takes one inverse transform (the pair's two real outputs are its real and imaginary
 * planes). The filters' spectra are computed once per call.
 *
 * - forward: `out = conv2d(x, filter)`;
 * - input gradient: the same convolution of dy with the filter rotated by 180 degrees and its
 *   channel axes swapped, padded by `kh − 1 − padTop` / `kw − 1 − padLeft` (as Winograd's).
 *
 * Work: per tile `(ic + ⌈oc/2⌉)` 2-D transforms of `~2·N²·log₂N` butterflies and `ic·⌈oc/2⌉·N²`
 * complex products, against the lowering's `kh·kw·ic·oc` multiply-adds per output pixel: 10-20x
 * fewer operations for 15x15 and 23x23 filters.
 *
 * Non-finite values: a NaN or infinity anywhere in a tile's input (or in the filter) spreads over
 * the whole tile through the transform; the product tasks flag any non-finite stored value and the
 * drivers return false, so the caller recomputes the pass on the general path (definition
 * semantics, as Winograd does).
 * @module
 */
import type { Conv2DInfo } from '../kernels.js';
import { descriptorViews } from './descriptor-views.js';
import { SCRATCH_BYTES, type WasmRuntime } from './runtime.js';

// Descriptor words, mirrored from asm/fft.ts.
const SRC = 0, DST = 1, FILTER = 2, FILTER_SPECTRA = 3, TILE_SPECTRA = 4, TWIDDLES = 5, N = 6;
const SRC_H = 7, SRC_W = 8, IN_C = 9, OUT_H = 10, OUT_W = 11, OUT_C = 12, KH = 13, KW = 14;
const PAD_TOP = 15, PAD_LEFT = 16, TILES_H = 17, TILES_W = 18, FIRST_TILE = 19, FLIP = 21;
const NON_FINITE = 22, SCALE = 23, NEG = 24, ROUND_TILES = 25;
/** Input channels one input task loads together (asm/fft.ts). */
const GROUP = 16;

/** Tile sizes the kernels take: a tile's two planes (8N² bytes) must fit a thread's scratch. */
const TILE_SIZES = [8, 16, 32, 64, 128].filter((n) => 8 * n * n <= SCRATCH_BYTES);
/** Largest block of filter spectra a call may allocate (`⌈oc/2⌉·ic` tiles). */
const MAX_FILTER_SPECTRA_BYTES = 256 * 1024 * 1024;
/** Tile spectra transformed per round (the products of a round read them all); one tile's may not pass it. */
const ROUND_BYTES = 32 * 1024 * 1024;
/**
 * Relative costs per bin for the tile-size choice: a 2-D transform per bin and per level
 * (two passes of a butterfly per two bins, plus the transpose), a complex product per bin, and
 * splitting a transformed pair of input channels (scalar) per bin.
 */
const TRANSFORM_COST = 1.5, PRODUCT_COST = 1, SPLIT_COST = 2;

/**
 * One stride-1 convolution as the FFT kernels see it: the image read (`in*`) and the image written
 * (`out*`). A forward pass is its `Conv2DInfo` itself; the input gradient swaps the two sides.
 */
type FftShape = Pick<Conv2DInfo, 'batch' | 'inHeight' | 'inWidth' | 'inChannels' | 'outHeight' | 'outWidth' | 'outChannels' | 'padTop' | 'padLeft' | 'filterHeight' | 'filterWidth'>;

function tilesOf(s: FftShape, n: number): { tilesH: number; tilesW: number; total: number } {
  const tilesH = Math.ceil(s.outHeight / (n - s.filterHeight + 1)), tilesW = Math.ceil(s.outWidth / (n - s.filterWidth + 1));
  return { tilesH, tilesW, total: s.batch * tilesH * tilesW };
}

function filterSpectraBytes(s: FftShape, n: number): number {
  return Math.ceil(s.outChannels / 2) * s.inChannels * 8 * n * n;
}

/** Estimated work of a pass with tile size `n`: the filters' transforms, the tiles' transforms and products. */
function costOf(s: FftShape, n: number): number {
  const pairs = Math.ceil(s.outChannels / 2), bins = n * n, levels = Math.log2(n);
  const perTile = bins * (TRANSFORM_COST * levels * (Math.ceil(s.inChannels / 2) + pairs) + PRODUCT_COST * s.inChannels * pairs + SPLIT_COST * Math.floor(s.inChannels / 2));
  return tilesOf(s, n).total * perTile + bins * TRANSFORM_COST * levels * pairs * s.inChannels;
}

/**
 * The tile size (8 to 128) with the least estimated work for this pass, or 0 when none fits: the
 * filter must fit a tile (`N ≥ max(kh, kw)`), its spectra {@link MAX_FILTER_SPECTRA_BYTES}, and one
 * tile's spectra (`ic` tiles) {@link ROUND_BYTES}.
 */
export function fftTileSize(s: FftShape): number {
  let best = 0, bestCost = Infinity;
  for (const n of TILE_SIZES) {
    const fits = n >= Math.max(s.filterHeight, s.filterWidth) && filterSpectraBytes(s, n) <= MAX_FILTER_SPECTRA_BYTES && s.inChannels * 8 * n * n <= ROUND_BYTES;
    if (!fits) continue;
    const cost = costOf(s, n);
    if (cost < bestCost) {
      best = n;
      bestCost = cost;
    }
  }
  return best;
}

/** The input gradient of `info` as the convolution of dy that the FFT kernels run. */
function backwardInputShape(info: Conv2DInfo): FftShape {
  return {
    batch: info.batch, inHeight: info.outHeight, inWidth: info.outWidth, inChannels: info.outChannels,
    outHeight: info.inHeight, outWidth: info.inWidth, outChannels: info.inChannels,
    padTop: info.filterHeight - 1 - info.padTop, padLeft: info.filterWidth - 1 - info.padLeft,
    filterHeight: info.filterHeight, filterWidth: info.filterWidth,
  };
}

/**
 * True when the FFT kernels can run both the forward pass and the input gradient of this layer:
 * stride 1, no dilation, one group, a non-empty layer, and a tile size for each pass
 * ({@link fftTileSize}).
 */
export function fftFits(info: Conv2DInfo): boolean {
  return info.strideHeight === 1 && info.strideWidth === 1 && info.dilationHeight === 1 && info.dilationWidth === 1 && info.groups === 1 &&
    info.batch > 0 && info.outHeight > 0 && info.outWidth > 0 && info.inChannels > 0 && info.outChannels > 0 &&
    fftTileSize(info) > 0 && fftTileSize(backwardInputShape(info)) > 0;
}

/**
 * The transforms' tables, in one heap block the caller frees: `exp(−2πi·j/n)` for j < n as
 * (cos, sin) float pairs, then (at `8n` bytes) the int32 position of the opposite frequency for
 * each position of a bit-reversed spectrum axis.
 */
function tables(rt: WasmRuntime, n: number): number {
  const ptr = rt.heap.allocBytes(12 * n, false);
  const twiddles = new Float32Array(rt.heap.buffer, ptr, 2 * n);
  for (let j = 0; j < n; j++) {
    twiddles[2 * j] = Math.cos((2 * Math.PI * j) / n);
    twiddles[2 * j + 1] = -Math.sin((2 * Math.PI * j) / n);
  }
  const bits = Math.log2(n);
  const reverse = (i: number): number => {
    let r = 0;
    for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
    return r;
  };
  const neg = new Int32Array(rt.heap.buffer, ptr + 8 * n, n);
  for (let position = 0; position < n; position++) neg[position] = reverse((n - reverse(position)) % n);
  return ptr;
}

/**
 * Runs one pass: the filter spectra, then rounds of tiles (their spectra, then per tile and pair
 * of output channels the products, the inverse and the stores). Returns false when a stored value
 * is NaN or infinite.
 */
function convolve(rt: WasmRuntime, src: number, filter: number, dst: number, s: FftShape, flip: boolean): boolean {
  const n = fftTileSize(s);
  const { tilesH, tilesW, total } = tilesOf(s, n);
  const pairs = Math.ceil(s.outChannels / 2), tileBytes = 8 * n * n;
  const roundTiles = Math.min(total, Math.floor(ROUND_BYTES / (s.inChannels * tileBytes)));
  const parallel = (items: number): boolean => rt.pool.threads > 1 && items > 1;
  // Offset 0 is no block: freeBytes ignores it when an allocation below fails.
  let table = 0, filterSpectra = 0, tileSpectra = 0;
  try {
    table = tables(rt, n);
    filterSpectra = rt.heap.allocBytes(pairs * s.inChannels * tileBytes, false);
    tileSpectra = rt.heap.allocBytes(roundTiles * s.inChannels * tileBytes, false);
    const { words: d, floats, offset } = descriptorViews(rt, 1);
    d[SRC] = src;
    d[DST] = dst;
    d[FILTER] = filter;
    d[FILTER_SPECTRA] = filterSpectra;
    d[TILE_SPECTRA] = tileSpectra;
    d[TWIDDLES] = table;
    d[NEG] = table + 8 * n;
    d[N] = n;
    d[SRC_H] = s.inHeight;
    d[SRC_W] = s.inWidth;
    d[IN_C] = s.inChannels;
    d[OUT_H] = s.outHeight;
    d[OUT_W] = s.outWidth;
    d[OUT_C] = s.outChannels;
    d[KH] = s.filterHeight;
    d[KW] = s.filterWidth;
    d[PAD_TOP] = s.padTop;
    d[PAD_LEFT] = s.padLeft;
    d[TILES_H] = tilesH;
    d[TILES_W] = tilesW;
    d[FLIP] = flip ? 1 : 0;
    d[NON_FINITE] = 0;
    floats[SCALE] = 1 / (n * n);
    rt.pool.run('fftFilterTask', offset, pairs * s.inChannels, parallel(pairs * s.inChannels));
    for (let first = 0; first < total; first += roundTiles) {
      const tiles = Math.min(roundTiles, total - first);
      d[FIRST_TILE] = first;
      d[ROUND_TILES] = tiles;
      const inputItems = tiles * Math.ceil(s.inChannels / GROUP);
      rt.pool.run('fftInputTask', offset, inputItems, parallel(inputItems));
      rt.pool.run('fftProductTask', offset, tiles * pairs, parallel(tiles * pairs));
    }
    return d[NON_FINITE] === 0;
  } finally {
    rt.heap.freeBytes(tileSpectra);
    rt.heap.freeBytes(filterSpectra);
    rt.heap.freeBytes(table);
  }
}

/**
 * `out = conv2d(x, filter)` by FFT, for a layer that {@link fftFits}. Returns false when an output
 * came out NaN or infinite: the caller recomputes it on the general path.
 */
export function fftConv2d(rt: WasmRuntime, x: Float32Array, filter: Float32Array, out: Float32Array, info: Conv2DInfo): boolean {
  return convolve(rt, x.byteOffset, filter.byteOffset, out.byteOffset, info, false);
}

/**
 * `dx = ∂(conv2d)/∂x · dy` by FFT: dy convolved with the rotated, channel-swapped filter, for a
 * layer that {@link fftFits}. Returns false when a value came out NaN or infinite.
 */
export function fftConv2dBackwardInput(rt: WasmRuntime, dy: Float32Array, filter: Float32Array, dx: Float32Array, info: Conv2DInfo): boolean {
  return convolve(rt, dy.byteOffset, filter.byteOffset, dx.byteOffset, backwardInputShape(info), true);
}
