/**
 * Which algorithm the wasm backend's convolutions use, and the `ATELIER_CONV_ALGO` override that
 * forces one for tests and measurements.
 *
 * - `auto` (the default, also when the variable is unset or empty): Winograd F(4x4, 3x3) where it
 *   applies and measured faster (see {@link winogradPays}), the FFT convolution for the forward pass
 *   and input gradient of large filters where measured faster (see {@link fftPays}), else the
 *   direct kernels for few taps, else the im2col lowering;
 * - `winograd`: Winograd wherever it applies (stride-1, undilated 3x3, one group), whatever the channels;
 * - `im2col`: the lowering, even where Winograd or the direct kernels would run;
 * - `direct`: the direct kernels where they apply, never Winograd;
 * - `fft`: the FFT convolution (fft.ts) for the forward pass and input gradient wherever it applies
 *   (stride 1, no dilation, one group, any filter of at most 128 px), whatever the filter size; the
 *   filter gradient as `auto`;
 * - `subpixel`: the sub-pixel input gradient wherever it applies (strided, undilated, one group, a
 *   filter at least as large as the stride; see subpixel.ts), the other passes as `auto`. `auto`
 *   never picks it (measured slower than the lowering on the DCGAN layers).
 *
 * Pointwise (1x1) and depthwise layers keep their own kernels under every setting. A layer that the
 * forced algorithm cannot take runs the general path.
 * @module
 */
import type { Conv2DInfo } from '../kernels.js';
import { ArgumentError } from '../../errors.js';
import { winogradFits } from './winograd.js';
import { subpixelApplies } from './subpixel.js';
import { fftFits } from './fft.js';

/** A convolution algorithm of the wasm backend. */
export type ConvAlgorithm = 'auto' | 'winograd' | 'im2col' | 'direct' | 'subpixel' | 'fft';

const ALGORITHMS: readonly ConvAlgorithm[] = ['auto', 'winograd', 'im2col', 'direct', 'subpixel', 'fft'];

/** Reads `ATELIER_CONV_ALGO` (on each call: cheap next to a convolution, and tests switch it). */
export function convAlgorithm(): ConvAlgorithm {
  const env = typeof process === 'object' && process !== null && typeof process.env === 'object' ? process.env : undefined;
  const value = env?.ATELIER_CONV_ALGO;
  if (value === undefined || value === '') return 'auto';
  if ((ALGORITHMS as readonly string[]).includes(value)) return value as ConvAlgorithm;
  throw new ArgumentError(`ATELIER_CONV_ALGO: '${value}' is not one of ${ALGORITHMS.join(', ')} (unset it for the default, auto)`);
}

/**
 * True when Winograd F(4x4, 3x3) can compute this convolution: a 3x3 filter, stride 1, no dilation,
 * one group, top/left padding of 0 to 2 (the input gradient runs as a convolution padded by
 * `2 − padTop`, `2 − padLeft`), and channels few enough for a task's scratch ({@link winogradFits}).
 */
export function winogradApplies(info: Conv2DInfo): boolean {
  return info.filterHeight === 3 && info.filterWidth === 3 && info.strideHeight === 1 && info.strideWidth === 1 &&
    info.dilationHeight === 1 && info.dilationWidth === 1 && info.groups === 1 &&
    info.padTop >= 0 && info.padTop <= 2 && info.padLeft >= 0 && info.padLeft <= 2 &&
    info.batch > 0 && info.outHeight > 0 && info.outWidth > 0 && info.inChannels > 0 && info.outChannels > 0 && winogradFits(info);
}

/**
 * Where `auto` picks Winograd: at least {@link WINOGRAD_MIN_CHANNELS} channels on one side of the
 * layer and {@link WINOGRAD_MIN_FEW_CHANNELS} on the other (3 -> 32, an RGB first layer, gains; a
 * grayscale layer, 1 -> 32, is faster on the direct kernels and the lowering), and images of at
 * least 4x4 pixels (smaller ones waste most of each 4x4 tile).
 */
export function winogradPays(info: Conv2DInfo): boolean {
  const few = Math.min(info.inChannels, info.outChannels), many = Math.max(info.inChannels, info.outChannels);
  return winogradApplies(info) && few >= WINOGRAD_MIN_FEW_CHANNELS && many >= WINOGRAD_MIN_CHANNELS &&
    Math.min(info.outHeight, info.outWidth, info.inHeight, info.inWidth) >= 4;
}

/** Fewest channels on the wider side of a layer for which `auto` uses Winograd. */
export const WINOGRAD_MIN_CHANNELS = 16;
/** Fewest channels on the narrower side of a layer for which `auto` uses Winograd. */
export const WINOGRAD_MIN_FEW_CHANNELS = 3;

/** True when this call should run Winograd under the current {@link convAlgorithm}. */
export function useWinograd(info: Conv2DInfo): boolean {
  const algorithm = convAlgorithm();
  if (algorithm === 'winograd') return winogradApplies(info);
  return algorithm === 'auto' && winogradPays(info);
}

/**
 * True when this input gradient should run the sub-pixel phases: only when `ATELIER_CONV_ALGO`
 * forces them (`auto` keeps the lowering: on the DCGAN layers the phases' im2col of dy costs what
 * col2im saves, and their narrower GEMMs run slower; see docs/wasm-backend.md).
 */
export function useSubpixel(info: Conv2DInfo): boolean {
  return convAlgorithm() === 'subpixel' && subpixelApplies(info);
}

/**
 * Where `auto` picks the FFT convolution for the forward pass and the input gradient: a layer it
 * can take ({@link fftFits}) whose output is at least {@link FFT_MIN_OUTPUT} px on each side and
 * whose filter's smaller side k is at least {@link FFT_MIN_FILTER}, except a filter under
 * {@link FFT_ANY_CHANNELS_FILTER} px with fewer than {@link FFT_FEW_CHANNELS} input channels and at
 * least {@link FFT_MANY_CHANNELS} output channels (an RGB first layer: the lowering's GEMM is
 * efficient there, while the FFT takes an inverse transform per two output channels for little
 * product work), unless k >= 7 on an output of at least {@link FFT_LARGE_OUTPUT} px.
 *
 * Measured against the lowering (forward + input gradient, 2 threads; docs/wasm-backend.md): 3 -> 64
 * channels at 256 px gain 1.4x (7x7) to 8x (23x23) and lose at 5x5 (0.75x); 3 -> 64 at 32-64 px lose
 * or tie at 7x7 and gain from 9x9; 5x5 and 7x7 layers with few output channels (narrow GEMMs for the
 * lowering) gain 1.4-4.5x, with 16 channels and more on both sides 1.5-2.5x; 3x3 always loses.
 */
export function fftPays(info: Conv2DInfo): boolean {
  const k = Math.min(info.filterHeight, info.filterWidth), side = Math.min(info.outHeight, info.outWidth);
  const rgbLike = info.inChannels < FFT_FEW_CHANNELS && info.outChannels >= FFT_MANY_CHANNELS;
  const pays = k >= FFT_ANY_CHANNELS_FILTER || !rgbLike || (k >= 7 && side >= FFT_LARGE_OUTPUT);
  return k >= FFT_MIN_FILTER && side >= FFT_MIN_OUTPUT && pays && fftFits(info);
}

/** Smallest filter side for which `auto` uses the FFT convolution. */
export const FFT_MIN_FILTER = 5;
/** Smallest filter side for which `auto` uses the FFT convolution whatever the channels. */
export const FFT_ANY_CHANNELS_FILTER = 9;
/** Smallest output side for which `auto` uses the FFT convolution. */
export const FFT_MIN_OUTPUT = 32;
/** Input channels under which a layer with {@link FFT_MANY_CHANNELS} outputs counts as an RGB-like first layer. */
export const FFT_FEW_CHANNELS = 16;
/** Output channels from which a layer with few inputs counts as an RGB-like first layer. */
export const FFT_MANY_CHANNELS = 32;
/** Smallest output side for which `auto` uses the FFT convolution on RGB-like first layers with 7x7 and 8x8 filters. */
export const FFT_LARGE_OUTPUT = 128;

/** True when this forward pass or input gradient should run the FFT convolution under the current {@link convAlgorithm}. */
export function useFft(info: Conv2DInfo): boolean {
  const algorithm = convAlgorithm();
  if (algorithm === 'fft') return fftFits(info);
  return algorithm === 'auto' && fftPays(info);
}
