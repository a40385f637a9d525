/** Random: determinism from a seed and the statistics of each distribution. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ArgumentError, Random, tensor } from '../../src/index.js';

const mean = (v: ArrayLike<number>): number => Array.from(v).reduce((s, x) => s + x, 0) / v.length;
const std = (v: ArrayLike<number>): number => {
  const m = mean(v);
  return Math.sqrt(Array.from(v).reduce((s, x) => s + (x - m) ** 2, 0) / v.length);
};

test('the same seed gives the same values; another seed different ones', () => {
  const a = new Random(42).normal([100]).data();
  const b = new Random(42).normal([100]).data();
  const c = new Random(43).normal([100]).data();
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
  assert.deepEqual(new Random(7).uniform([5]).data(), new Random(7).uniform([5]).data());
  const r1 = new Random(9);
  const r2 = new Random(9);
  assert.deepEqual([r1.nextUint32(), r1.next(), r1.nextInt(0, 100)], [r2.nextUint32(), r2.next(), r2.nextInt(0, 100)]);
});

test('fork gives a reproducible stream distinct from the parent', () => {
  const child = new Random(5).fork().uniform([20]).data();
  assert.deepEqual(new Random(5).fork().uniform([20]).data(), child);
  const parent = new Random(5);
  parent.nextUint32();
  assert.notDeepEqual(parent.uniform([20]).data(), child);
});

test('permutation is a permutation of 0..n-1, and shuffles', () => {
  const p = new Random(1).permutation(1000);
  assert.deepEqual([...p].sort((x, y) => x - y), Array.from({ length: 1000 }, (_, i) => i));
  assert.ok(p.some((v, i) => v !== i));
  assert.notDeepEqual(p, new Random(2).permutation(1000));
  assert.deepEqual(new Random(1).permutation(0), new Int32Array(0));
  assert.throws(() => new Random(1).permutation(-1), /Random.permutation: n must be a non-negative integer, got -1/);
});

test('normal has roughly the requested mean and standard deviation', () => {
  const v = new Random(3).normal([20000], 2, 3).data();
  assert.ok(Math.abs(mean(v) - 2) < 0.1, `mean ${mean(v)}`);
  assert.ok(Math.abs(std(v) - 3) < 0.1, `std ${std(v)}`);
  const z = new Random(4).normal([20000]).data();
  // About 68% within one standard deviation.
  const within = Array.from(z).filter((x) => Math.abs(x) < 1).length / z.length;
  assert.ok(Math.abs(within - 0.6827) < 0.02, `within one sigma ${within}`);
});

test('uniform stays in [min, max) with the right mean; truncatedNormal within two sigma', () => {
  const u = new Random(5).uniform([10000], -2, 6).data();
  assert.ok(u.every((x) => x >= -2 && x < 6));
  assert.ok(Math.abs(mean(u) - 2) < 0.1);
  const t = new Random(6).truncatedNormal([10000], 1, 0.5).data();
  assert.ok(t.every((x) => x >= 0 - 1e-6 && x <= 2 + 1e-6));
  assert.ok(Math.abs(mean(t) - 1) < 0.02);
});

test('integers cover [low, high) uniformly', () => {
  const v = new Random(7).integers([6000], -1, 2);
  assert.equal(v.dtype, 'int32');
  const counts = [-1, 0, 1].map((k) => Array.from(v.data()).filter((x) => x === k).length);
  assert.equal(counts.reduce((s, c) => s + c, 0), 6000);
  for (const c of counts) assert.ok(Math.abs(c / 6000 - 1 / 3) < 0.03, `counts ${counts}`);
});

test('bernoulli fires at rate p', () => {
  const b = new Random(8).bernoulli([20000], 0.3);
  assert.equal(b.dtype, 'bool');
  const rate = mean(b.data());
  assert.ok(Math.abs(rate - 0.3) < 0.015, `rate ${rate}`);
  assert.ok(new Random(8).bernoulli([100], 0).data().every((x) => x === 0));
  assert.ok(new Random(8).bernoulli([100], 1).data().every((x) => x === 1));
  assert.throws(() => new Random(8).bernoulli([1], 1.5), new ArgumentError('Random.bernoulli: p must be in [0, 1], got 1.5'));
});

test('categorical follows the probabilities of the logits', () => {
  const probs = [0.1, 0.2, 0.7];
  const logits = tensor([probs.map(Math.log), [0, 0, 0]]);
  const samples = new Random(9).categorical(logits, 20000);
  assert.deepEqual(samples.shape, [2, 20000]);
  const rows = samples.toArray() as number[][];
  const freq = (row: number[], k: number): number => row.filter((x) => x === k).length / row.length;
  probs.forEach((p, k) => assert.ok(Math.abs(freq(rows[0]!, k) - p) < 0.015, `class ${k}: ${freq(rows[0]!, k)} vs ${p}`));
  [0, 1, 2].forEach((k) => assert.ok(Math.abs(freq(rows[1]!, k) - 1 / 3) < 0.015));
  // A low temperature sharpens towards the most likely class.
  const cold = new Random(9).categorical(tensor(probs.map(Math.log)), 2000, 0.1).data();
  assert.ok(mean(Array.from(cold, (x) => (x === 2 ? 1 : 0))) > 0.99);
  assert.throws(() => new Random(9).categorical(tensor([[[0]]])), /Random.categorical: logits \[1,1,1\] must be \[classes\] or \[batch, classes\]/);
});
