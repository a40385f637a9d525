/**
 * The wasm backend's choice of convolution algorithm and `ATELIER_CONV_ALGO`: every forced setting
 * computes the definition on layers it cannot take (they fall back to the general path), Winograd
 * is right where its filter gradient sums many blocks of tiles in each of several tasks, `auto` picks Winograd
 * and the FFT convolution only where documented, the FFT kernel cases cover several tiles, and a bad
 * value is a clear error.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createWasmBackend } from '../../src/backend/wasm/index.js';
import type { Conv2DInfo } from '../../src/backend/kernels.js';
import { convAlgorithm, fftPays, winogradApplies, winogradPays } from '../../src/backend/wasm/conv-algorithm.js';
import { fftFits, fftTileSize } from '../../src/backend/wasm/fft.js';
import { fftCaseLayers } from './cases/conv-fft.js';
import { ArgumentError } from '../../src/errors.js';
import { randomValues, upload } from './kernel-suite.js';
import { assertClose } from '../helpers/assert-close.js';
import { convInfo, naiveConv2d, naiveConv2dBackwardFilter, naiveConv2dBackwardInput } from '../helpers/naive-conv.js';
import { withConvAlgorithm } from './cases/conv-winograd.js';

const backend = createWasmBackend({ threads: 2 });

function checkAllPasses(info: Conv2DInfo, algorithm: string, label: string): void {
  const xSize = info.batch * info.inHeight * info.inWidth * info.inChannels;
  const fSize = info.filterHeight * info.filterWidth * (info.inChannels / info.groups) * info.outChannels;
  const ySize = info.batch * info.outHeight * info.outWidth * info.outChannels;
  const x = randomValues(xSize, 11), f = randomValues(fSize, 12), dy = randomValues(ySize, 13);
  withConvAlgorithm(algorithm, () => {
    const out = backend.alloc('float32', ySize) as Float32Array;
    backend.conv2d(upload(backend, x), upload(backend, f), out, info);
    assertClose(out, naiveConv2d(x, f, info), 2e-4, 1e-4, `${label}: conv2d`);
    const dx = backend.alloc('float32', xSize) as Float32Array;
    dx.fill(5);
    backend.conv2dBackwardInput(upload(backend, dy), upload(backend, f), dx, info);
    assertClose(dx, naiveConv2dBackwardInput(dy, f, info), 2e-4, 1e-4, `${label}: conv2dBackwardInput`);
    const df = backend.alloc('float32', fSize) as Float32Array;
    df.fill(5);
    backend.conv2dBackwardFilter(upload(backend, x), upload(backend, dy), df, info);
    assertClose(df, naiveConv2dBackwardFilter(x, dy, info), 1e-3, 1e-4, `${label}: conv2dBackwardFilter`);
  });
}

const unsupported: [string, Conv2DInfo][] = [
  ['stride 2', convInfo({ batch: 2, inHeight: 9, inWidth: 9, inChannels: 8, outChannels: 8, filterHeight: 3, filterWidth: 3, stride: [2, 2], pad: [1, 1, 1, 1] })],
  ['dilation 2', convInfo({ batch: 2, inHeight: 9, inWidth: 9, inChannels: 8, outChannels: 8, filterHeight: 3, filterWidth: 3, dilation: [2, 2], pad: [2, 2, 2, 2] })],
  ['groups 2', convInfo({ batch: 2, inHeight: 8, inWidth: 8, inChannels: 8, outChannels: 8, filterHeight: 3, filterWidth: 3, pad: [1, 1, 1, 1], groups: 2 })],
  ['4x4 filter', convInfo({ batch: 2, inHeight: 8, inWidth: 8, inChannels: 8, outChannels: 8, filterHeight: 4, filterWidth: 4, pad: [1, 2, 1, 2] })],
  ['padding 3', convInfo({ batch: 1, inHeight: 6, inWidth: 6, inChannels: 8, outChannels: 8, filterHeight: 3, filterWidth: 3, pad: [3, 3, 3, 3] })],
  ['2x2 filter, stride 3 (smaller than the stride)', convInfo({ batch: 2, inHeight: 10, inWidth: 11, inChannels: 6, outChannels: 5, filterHeight: 2, filterWidth: 2, stride: [3, 3] })],
  ['4x4 stride-2 transposed-convolution layer (DCGAN)', convInfo({ batch: 2, inHeight: 14, inWidth: 14, inChannels: 12, outChannels: 20, filterHeight: 4, filterWidth: 4, stride: [2, 2], pad: [1, 1, 1, 1] })],
  ['one channel (direct kernels)', convInfo({ batch: 2, inHeight: 10, inWidth: 10, inChannels: 1, outChannels: 8, filterHeight: 3, filterWidth: 3 })],
];

for (const algorithm of ['winograd', 'im2col', 'direct', 'subpixel', 'fft']) {
  for (const [label, info] of unsupported) {
    test(`ATELIER_CONV_ALGO=${algorithm}: ${label} computes the definition`, () => checkAllPasses(info, algorithm, label));
  }
  test(`ATELIER_CONV_ALGO=${algorithm}: a cifar-like 3x3 'same' layer computes the definition`, () =>
    checkAllPasses(convInfo({ batch: 4, inHeight: 12, inWidth: 12, inChannels: 24, outChannels: 20, filterHeight: 3, filterWidth: 3, pad: [1, 1, 1, 1] }), algorithm, 'cifar-like'));
}

test('Winograd agrees with the lowering where each filter-gradient task sums several blocks of tiles', () => {
  // 48 images of 16x16: 768 tiles, two tasks of 384 on two threads, each in six blocks of 73 tiles
  // (1 MiB of transformed 32 + 64 channels), their partial sums added by the last transform.
  const info = convInfo({ batch: 48, inHeight: 16, inWidth: 16, inChannels: 32, outChannels: 64, filterHeight: 3, filterWidth: 3, pad: [1, 1, 1, 1] });
  const x = upload(backend, randomValues(48 * 16 * 16 * 32, 21));
  const dy = upload(backend, randomValues(48 * 16 * 16 * 64, 22));
  const run = (algorithm: string): Float32Array => withConvAlgorithm(algorithm, () => {
    const df = backend.alloc('float32', 9 * 32 * 64) as Float32Array;
    backend.conv2dBackwardFilter(x, dy, df, info);
    return df;
  });
  // Sums of 12,288 products of values in [-1, 1): both orders round differently.
  assertClose(run('winograd'), run('im2col'), 5e-3, 1e-4, 'conv2dBackwardFilter winograd vs im2col');
});

test('auto uses Winograd for stride-1 3x3 layers with 16 channels on one side, 3 on the other, and 4x4 images', () => {
  const layer = (inChannels: number, outChannels: number, size = 16): Conv2DInfo =>
    convInfo({ batch: 2, inHeight: size, inWidth: size, inChannels, outChannels, filterHeight: 3, filterWidth: 3, pad: [1, 1, 1, 1] });
  assert.equal(winogradPays(layer(32, 64)), true);
  assert.equal(winogradPays(layer(3, 32)), true);
  assert.equal(winogradPays(layer(32, 8)), true);
  assert.equal(winogradPays(layer(1, 32)), false);
  assert.equal(winogradPays(layer(8, 8)), false);
  assert.equal(winogradPays(layer(32, 32, 2)), false);
  assert.equal(winogradApplies(layer(3, 32)), true);
  assert.equal(winogradApplies(layer(2000, 32)), false, 'more channels than a task scratch holds');
  assert.equal(winogradApplies(convInfo({ batch: 1, inHeight: 8, inWidth: 8, inChannels: 8, outChannels: 8, filterHeight: 3, filterWidth: 3, stride: [2, 2] })), false);
});

test('auto uses the FFT convolution from 5x5 on outputs of 32 px, except RGB-like first layers under 9x9 (7x7 only from 128 px)', () => {
  const layer = (k: number, size: number, inChannels = 3, outChannels = 64, stride = 1): Conv2DInfo =>
    convInfo({ batch: 1, inHeight: size + k - 1, inWidth: size + k - 1, inChannels, outChannels, filterHeight: k, filterWidth: k, stride: [stride, stride] });
  for (const k of [7, 11, 15, 23]) assert.equal(fftPays(layer(k, 256)), true, `${k}x${k} 3 -> 64 at 256 px`);
  assert.equal(fftPays(layer(9, 32)), true, '9x9 3 -> 64 at 32 px');
  assert.equal(fftPays(layer(9, 31)), false, 'output under 32x32');
  assert.equal(fftPays(layer(5, 32, 16, 16)), true, '5x5 16 -> 16');
  assert.equal(fftPays(layer(5, 64, 8, 3)), true, '5x5 8 -> 3');
  assert.equal(fftPays(layer(5, 128, 3, 16)), true, '5x5 3 -> 16');
  assert.equal(fftPays(layer(5, 256, 3, 64)), false, '5x5 3 -> 64');
  assert.equal(fftPays(layer(5, 128, 3, 32)), false, '5x5 3 -> 32');
  assert.equal(fftPays(layer(7, 64, 3, 64)), false, '7x7 3 -> 64 at 64 px');
  assert.equal(fftPays(layer(7, 128, 3, 32)), true, '7x7 3 -> 32 at 128 px');
  assert.equal(fftPays(layer(4, 64, 16, 16)), false, '4x4');
  assert.equal(fftPays(layer(3, 256, 8, 3)), false, '3x3 (Winograd or the lowering)');
  assert.equal(fftPays(layer(11, 256, 3, 64, 2)), false, 'stride 2');
  assert.equal(fftFits(layer(23, 256)), true);
  assert.equal(fftFits(layer(129, 8)), false, 'a filter larger than the largest tile');
  assert.equal(fftFits(layer(3, 8, 3, 64, 2)), false, 'stride 2');
});

test('the FFT kernel cases run on several tiles per image, with tiles of 16, 64 and 128', () => {
  const sizes = new Set<number>();
  for (const [label, info] of fftCaseLayers) {
    const n = fftTileSize(info);
    sizes.add(n);
    const tiles = Math.ceil(info.outHeight / (n - info.filterHeight + 1)) * Math.ceil(info.outWidth / (n - info.filterWidth + 1));
    if (n < 128) assert.ok(tiles > 1, `${label}: ${tiles} tile(s) of ${n}`);
  }
  assert.deepEqual([...sizes].sort((a, b) => a - b), [16, 64, 128]);
});

test('the FFT convolution agrees with the lowering on a style-like layer (23x23, 3 -> 16 channels, 2x2 tiles of 128)', () => {
  const info = convInfo({ batch: 1, inHeight: 234, inWidth: 234, inChannels: 3, outChannels: 16, filterHeight: 23, filterWidth: 23 });
  assert.equal(fftTileSize(info), 128);
  const xSize = 234 * 234 * 3, ySize = info.outHeight * info.outWidth * 16;
  const x = upload(backend, randomValues(xSize, 31)), f = upload(backend, randomValues(23 * 23 * 3 * 16, 32)), dy = upload(backend, randomValues(ySize, 33));
  const run = (algorithm: string): [Float32Array, Float32Array] => withConvAlgorithm(algorithm, () => {
    const out = backend.alloc('float32', ySize) as Float32Array;
    backend.conv2d(x, f, out, info);
    const dx = backend.alloc('float32', xSize) as Float32Array;
    backend.conv2dBackwardInput(dy, f, dx, info);
    return [out, dx];
  });
  const [fftOut, fftDx] = run('fft'), [out, dx] = run('im2col');
  // Sums of 1,587 (forward) and 8,464 (input gradient) products of values in [-1, 1).
  assertClose(fftOut, out, 2e-4, 1e-4, 'conv2d fft vs im2col');
  assertClose(fftDx, dx, 5e-4, 1e-4, 'conv2dBackwardInput fft vs im2col');
});

test('ATELIER_CONV_ALGO: a value that names no algorithm is an error naming the variable and the choices', () => {
  withConvAlgorithm('fastest', () => {
    assert.throws(() => convAlgorithm(), (error: unknown) =>
      error instanceof ArgumentError && /ATELIER_CONV_ALGO: 'fastest'/.test(error.message) && /winograd, im2col, direct, subpixel, fft/.test(error.message));
  });
  withConvAlgorithm('', () => assert.equal(convAlgorithm(), 'auto'));
});
