/** Binary and categorical cross-entropy against naive float64 formulas, including extreme inputs. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tensor } from '../../../src/index.js';
import { BinaryCrossentropy, CategoricalCrossentropy, binaryCrossentropy, categoricalCrossentropy } from '../../../src/nn/losses/index.js';
import { assertClose } from '../../helpers/assert-close.js';

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const naiveBce = (z: number, p: number) => -(z * Math.log(p) + (1 - z) * Math.log(1 - p));

test('binary crossentropy from probabilities: −z·log p − (1−z)·log(1−p), averaged per sample', () => {
  const z = [[1, 0], [0.3, 1]];
  const p = [[0.8, 0.3], [0.6, 0.9]];
  const expected = z.map((row, i) => row.reduce((s, zi, j) => s + naiveBce(zi, p[i]![j]!), 0) / 2);
  assertClose(new BinaryCrossentropy().perSample(tensor(z), tensor(p)), expected);
  assertClose(binaryCrossentropy(tensor(z), tensor(p)), [(expected[0]! + expected[1]!) / 2]);
});

test('binary crossentropy clips probabilities 0 and 1 like Keras (eps = 1e-7) and stays finite', () => {
  const out = new BinaryCrossentropy().perSample(tensor([1, 0, 0, 1]), tensor([0, 1, 0, 1])).data();
  // float32(1e-7) ≈ 1.0000000117e-7: −log of it is 16.1181; the 1 − eps side rounds to 1 − 2^-23·… in float32.
  assertClose([out[0]!], [-Math.log(Math.fround(1e-7))], 1e-4);
  assert.ok(Number.isFinite(out[1]!) && out[1]! > 15 && out[1]! < 17, `got ${out[1]}`);
  assertClose([out[2]!, out[3]!], [0, 0], 1e-5);
});

test('binary crossentropy from logits equals the probability form, and extreme logits stay finite', () => {
  const z = [1, 0, 0.25, 1];
  const x = [2, -1.5, 0.3, 0];
  const expected = z.map((zi, i) => naiveBce(zi, sigmoid(x[i]!)));
  assertClose(new BinaryCrossentropy({ fromLogits: true }).perSample(tensor(z), tensor(x)), expected);
  const extreme = new BinaryCrossentropy({ fromLogits: true }).perSample(tensor([0, 1, 1, 0, 0.5]), tensor([100, -100, 1000, -1000, 200]));
  assertClose(extreme, [100, 100, 0, 0, 100], 1e-4);
});

test('binary crossentropy label smoothing moves targets to z·(1−s) + s/2', () => {
  const s = 0.2;
  const z = [1, 0];
  const x = [1, -2];
  const expected = z.map((zi, i) => naiveBce(zi * (1 - s) + s / 2, sigmoid(x[i]!)));
  assertClose(new BinaryCrossentropy({ fromLogits: true, labelSmoothing: s }).perSample(tensor(z), tensor(x)), expected);
  assert.throws(() => new BinaryCrossentropy({ labelSmoothing: 1.5 }), /labelSmoothing must be in \[0, 1\], got 1.5/);
});

function naiveLogSoftmax(row: number[]): number[] {
  const m = Math.max(...row);
  const lse = m + Math.log(row.reduce((s, v) => s + Math.exp(v - m), 0));
  return row.map((v) => v - lse);
}

test('categorical crossentropy from logits: −Σ y·logSoftmax(x)', () => {
  const y = [[0, 1, 0], [0.2, 0.3, 0.5]];
  const x = [[1, 2, 0.5], [-1, 0, 3]];
  const expected = y.map((row, i) => -naiveLogSoftmax(x[i]!).reduce((s, l, j) => s + row[j]! * l, 0));
  assertClose(new CategoricalCrossentropy({ fromLogits: true }).perSample(tensor(y), tensor(x)), expected);
  assertClose(categoricalCrossentropy(tensor(y), tensor(x), { fromLogits: true }), [(expected[0]! + expected[1]!) / 2]);
});

test('categorical crossentropy renormalises probabilities, clips them, and handles extreme logits', () => {
  // [2, 1, 1] renormalises to [0.5, 0.25, 0.25].
  assertClose(new CategoricalCrossentropy().perSample(tensor([[1, 0, 0]]), tensor([[2, 1, 1]])), [Math.log(2)]);
  assertClose(new CategoricalCrossentropy().perSample(tensor([[0, 1]]), tensor([[1, 0]])), [-Math.log(Math.fround(1e-7))], 1e-4);
  const extreme = new CategoricalCrossentropy({ fromLogits: true }).perSample(tensor([[0, 1, 0], [1, 0, 0]]), tensor([[1000, 0, -1000], [1000, 0, -1000]]));
  assertClose(extreme, [1000, 0], 1e-3);
});

test('categorical crossentropy label smoothing uses s / classes', () => {
  const s = 0.3;
  const x = [0.5, -1, 2, 0];
  const target = [0, 0, 1, 0].map((v) => v * (1 - s) + s / 4);
  const expected = -naiveLogSoftmax(x).reduce((acc, l, j) => acc + target[j]! * l, 0);
  assertClose(new CategoricalCrossentropy({ fromLogits: true, labelSmoothing: s }).perSample(tensor([[0, 0, 1, 0]]), tensor([x])), [expected]);
});

test('categorical crossentropy on [batch, time, classes] averages over time', () => {
  const y = tensor([[[1, 0], [0, 1]]]);
  const x = tensor([[[0, 0], [1, 0]]]);
  const expected = (Math.log(2) - naiveLogSoftmax([1, 0])[1]!) / 2;
  assertClose(new CategoricalCrossentropy({ fromLogits: true }).perSample(y, x), [expected]);
  assert.throws(() => new CategoricalCrossentropy().perSample(tensor([1]), tensor([1])), /yPred \[1\] has rank 1, expected \[batch, \.\.\., classes\]/);
});
