/**
 * The wasm backend's pooling kernels against the definitions in test/helpers/naive-pool.ts:
 * strides, overlapping and padded windows, channel counts that are not a multiple of 4, NaN and
 * ties, and sizes large enough for the multi-threaded paths.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createWasmBackend } from '../../src/backend/wasm/index.js';
import type { Pool2DInfo } from '../../src/backend/kernels.js';
import { randomValues, upload } from './kernel-suite.js';
import { assertClose } from '../helpers/assert-close.js';
import { naiveAvgPool, naiveAvgPoolBackward, naiveMaxPool, naiveMaxPoolBackward, poolInfo } from '../helpers/naive-pool.js';

const backend = createWasmBackend({ threads: 2 });

const cases: [string, Pool2DInfo][] = [
  ['2x2 stride 2 (cifar)', poolInfo({ batch: 2, inHeight: 8, inWidth: 8, channels: 8, filter: [2, 2], stride: [2, 2] })],
  ['3x3 stride 2, padded, 5 channels', poolInfo({ batch: 2, inHeight: 9, inWidth: 7, channels: 5, filter: [3, 3], stride: [2, 2], pad: [1, 1, 1, 1] })],
  ['3x3 stride 1 overlapping, 3 channels', poolInfo({ batch: 1, inHeight: 6, inWidth: 6, channels: 3, filter: [3, 3], stride: [1, 1] })],
  ['2x3 stride 1x2, asymmetric padding', poolInfo({ batch: 2, inHeight: 7, inWidth: 9, channels: 6, filter: [2, 3], stride: [1, 2], pad: [1, 0, 2, 1] })],
  ['padded, countIncludePad', poolInfo({ batch: 2, inHeight: 5, inWidth: 5, channels: 4, filter: [3, 3], stride: [2, 2], pad: [1, 1, 1, 1], countIncludePad: true })],
  ['large, parallel', poolInfo({ batch: 8, inHeight: 32, inWidth: 32, channels: 33, filter: [2, 2], stride: [2, 2] })],
];

for (const [name, info] of cases) {
  const xSize = info.batch * info.inHeight * info.inWidth * info.channels;
  const ySize = info.batch * info.outHeight * info.outWidth * info.channels;
  // Quantised values make ties common, so the tie rule is exercised.
  const x = randomValues(xSize, 31).map((v) => Math.round(v * 4) / 4);
  const dy = randomValues(ySize, 32);

  test(`wasm maxPool2d and its gradient: ${name}`, () => {
    const out = backend.alloc('float32', ySize) as Float32Array;
    const argmax = backend.alloc('int32', ySize) as Int32Array;
    backend.maxPool2d(upload(backend, x), out, argmax, info);
    const expected = naiveMaxPool(x, info);
    assertClose(out, expected.out, 0, 0, 'maxPool2d values');
    assert.deepEqual(Array.from(argmax), Array.from(expected.argmax));
    const dx = backend.alloc('float32', xSize) as Float32Array;
    dx.fill(5);
    backend.maxPool2dBackward(upload(backend, dy), argmax, dx, info);
    assertClose(dx, naiveMaxPoolBackward(dy, expected.argmax, xSize), 1e-6, 1e-6, 'maxPool2dBackward');
  });

  test(`wasm avgPool2d and its gradient: ${name}`, () => {
    const out = backend.alloc('float32', ySize) as Float32Array;
    backend.avgPool2d(upload(backend, x), out, info);
    assertClose(out, naiveAvgPool(x, info), 1e-6, 1e-5, 'avgPool2d');
    const dx = backend.alloc('float32', xSize) as Float32Array;
    dx.fill(5);
    backend.avgPool2dBackward(upload(backend, dy), dx, info);
    assertClose(dx, naiveAvgPoolBackward(dy, info), 1e-6, 1e-5, 'avgPool2dBackward');
  });
}

test('wasm maxPool2d: NaN wins over numbers (the last NaN, as PyTorch), the first maximum wins ties (4 and 1 channels)', () => {
  for (const channels of [4, 1]) {
    // One 2x2 window per channel block; channel c sees the column below.
    const windows = [[NaN, 5, NaN, 1], [1, 3, 3, 2], [-Infinity, -Infinity, -Infinity, -Infinity], [0, -0, 2, 2]];
    const x = new Float32Array(4 * channels);
    for (let cell = 0; cell < 4; cell++) for (let c = 0; c < channels; c++) x[cell * channels + c] = windows[c]![cell]!;
    const info = poolInfo({ batch: 1, inHeight: 2, inWidth: 2, channels, filter: [2, 2], stride: [2, 2] });
    const out = backend.alloc('float32', channels) as Float32Array;
    const argmax = backend.alloc('int32', channels) as Int32Array;
    backend.maxPool2d(upload(backend, x), out, argmax, info);
    const expectedValues = [NaN, 3, -Infinity, 2].slice(0, channels);
    const expectedCells = [2, 1, 0, 2].slice(0, channels);
    assertClose(out, expectedValues, 0, 0);
    assert.deepEqual(Array.from(argmax), expectedCells.map((cell, c) => cell * channels + c));
  }
});
