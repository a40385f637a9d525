/**
 * Kernel cases: stride-1 convolutions with larger filters, with `ATELIER_CONV_ALGO=fft` set while
 * the kernels run, so fast backends take their FFT path for the forward pass and the input gradient
 * (the reference ignores the variable). Shapes cover 'valid', 'same' and asymmetric padding, a
 * non-square filter, odd sizes whose last tiles are partial, several tiles per image (the tile sizes
 * the wasm backend picks are 16 and 64 here; wasm-conv-algorithm.test.ts checks that), batch > 1,
 * odd channel counts (an output pair with one channel, an input pair with one channel), more input
 * channels than one input task loads (16), a 23x23 filter on a 128 x 128 tile; the forward pass
 * with its bias and relu; and NaN and infinities in an input, which must spread only as the
 * definition says (the transform would spread them over whole tiles). Compared with the reference
 * kernels (which the conv cases check against naive formulas).
 */
import type { KernelCase } from '../case-helpers.js';
import { randomValues, upload } from '../case-helpers.js';
import type { Backend, Conv2DInfo } from '../../../src/backend/kernels.js';
import type { TypedArray } from '../../../src/tensor/dtype.js';
import { convInfo } from '../../helpers/naive-conv.js';
import { withConvAlgorithm } from './conv-winograd.js';

/** Layer shapes of the FFT cases: `[label, info]`. */
export const fftCaseLayers: [string, Conv2DInfo][] = [
  ["x [2,37,29,5] 7x7 -> 7 'same'", convInfo({ batch: 2, inHeight: 37, inWidth: 29, inChannels: 5, outChannels: 7, filterHeight: 7, filterWidth: 7, pad: [3, 3, 3, 3] })],
  ["x [1,45,40,3] 9x5 -> 6 'valid'", convInfo({ batch: 1, inHeight: 45, inWidth: 40, inChannels: 3, outChannels: 6, filterHeight: 9, filterWidth: 5 })],
  ['x [3,20,22,18] 5x5 -> 5 padded 1,3,2,2', convInfo({ batch: 3, inHeight: 20, inWidth: 22, inChannels: 18, outChannels: 5, filterHeight: 5, filterWidth: 5, pad: [1, 3, 2, 2] })],
  ["x [1,100,100,2] 23x23 -> 3 'same'", convInfo({ batch: 1, inHeight: 100, inWidth: 100, inChannels: 2, outChannels: 3, filterHeight: 23, filterWidth: 23, pad: [11, 11, 11, 11] })],
  ["x [1,120,90,3] 23x23 -> 2 'valid'", convInfo({ batch: 1, inHeight: 120, inWidth: 90, inChannels: 3, outChannels: 2, filterHeight: 23, filterWidth: 23 })],
];

/**
 * The transforms round in float32 through log₂N levels and the tile's N² points: errors measured
 * about 2e-7 of the largest output (see docs/wasm-backend.md), 1e-5 to 5e-5 on these outputs of up
 * to 60. A wrong tile, tap, channel or pair is off by the size of the values themselves.
 */
function fftCase(name: string, run: (b: Backend) => TypedArray[]): KernelCase {
  return { name: `fft ${name}`, atol: 2e-4, rtol: 1e-4, run: (b) => withConvAlgorithm('fft', () => run(b)) };
}

function sizes(info: Conv2DInfo): { x: number; f: number; y: number } {
  return {
    x: info.batch * info.inHeight * info.inWidth * info.inChannels,
    f: info.filterHeight * info.filterWidth * info.inChannels * info.outChannels,
    y: info.batch * info.outHeight * info.outWidth * info.outChannels,
  };
}

function cases(label: string, info: Conv2DInfo, seed: number): KernelCase[] {
  const n = sizes(info);
  const x = randomValues(n.x, seed), f = randomValues(n.f, seed + 1), dy = randomValues(n.y, seed + 2), bias = randomValues(info.outChannels, seed + 3);
  return [
    fftCase(`conv2d ${label}`, (b) => {
      const out = b.alloc('float32', n.y) as Float32Array;
      out.fill(7); // must be overwritten
      b.conv2d(upload(b, x), upload(b, f), out, info);
      return [out];
    }),
    fftCase(`conv2dBackwardInput ${label}`, (b) => {
      const dx = b.alloc('float32', n.x) as Float32Array;
      dx.fill(7);
      b.conv2dBackwardInput(upload(b, dy), upload(b, f), dx, info);
      return [dx];
    }),
    fftCase(`conv2dBiasActivation relu ${label}`, (b) => {
      const out = b.alloc('float32', n.y) as Float32Array;
      b.conv2dBiasActivation(upload(b, x), upload(b, f), upload(b, bias), out, info, 'relu');
      return [out];
    }),
  ];
}

/** A NaN and an infinity in x and in dy: the FFT path must decline, so they spread only as the definition says. */
function nonFiniteCases(): KernelCase[] {
  const [label, info] = fftCaseLayers[0]!;
  const n = sizes(info);
  const poison = (values: Float32Array, channels: number, bad: number): Float32Array => {
    const out = values.slice();
    out[3 * channels + 1] = NaN;
    out[out.length - 5 * channels] = bad;
    return out;
  };
  const x = poison(randomValues(n.x, 41), info.inChannels, Infinity), f = randomValues(n.f, 42);
  const dy = poison(randomValues(n.y, 43), info.outChannels, -Infinity);
  return [
    fftCase(`conv2d with NaN and Infinity in x ${label}`, (b) => {
      const out = b.alloc('float32', n.y) as Float32Array;
      b.conv2d(upload(b, x), upload(b, f), out, info);
      return [out];
    }),
    fftCase(`conv2dBackwardInput with NaN and -Infinity in dy ${label}`, (b) => {
      const dx = b.alloc('float32', n.x) as Float32Array;
      b.conv2dBackwardInput(upload(b, dy), upload(b, f), dx, info);
      return [dx];
    }),
  ];
}

export const convFftCases: KernelCase[] = [...fftCaseLayers.flatMap(([label, info], i) => cases(label, info, 10 * i + 1)), ...nonFiniteCases()];
