/** Quality measures and formats: the Fréchet distance, nearest-neighbour memorisation, health checks, .npy, slerp, GIF. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Random, tensor } from '../../../src/index.js';
import {
  DiscriminatorWatch, DISCRIMINATOR_WIN_STEPS, decodeNpyFloat32, encodeGif, encodeNpyFloat32, frechetDistanceOf, histogramCollapseMessage,
  memorizationCheck, nearestDistances, slerp, symmetricEigen,
} from '../../../src/art/gan/index.js';
import { tempDir } from '../../helpers/temp-dir.js';

function gaussianRows(rng: Random, n: number, d: number, mean: number[], scale: number[]): Float32Array {
  const rows = new Float32Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) rows[i * d + j] = mean[j]! + scale[j]! * rng.nextNormal();
  return rows;
}

test('symmetricEigen recovers a known spectrum', () => {
  // [[2, 1], [1, 2]] has eigenvalues 1 and 3.
  const { values } = symmetricEigen(new Float64Array([2, 1, 1, 2]), 2);
  assert.deepEqual(Array.from(values).map((v) => Number(v.toFixed(10))).sort(), [1, 3]);
});

test('the Fréchet distance is ~0 between samples of one Gaussian and matches the closed form between two', () => {
  const rng = new Random(0);
  const d = 3;
  const a = gaussianRows(rng, 20000, d, [0, 0, 0], [1, 1, 1]);
  const b = gaussianRows(rng, 20000, d, [0, 0, 0], [1, 1, 1]);
  assert.ok(frechetDistanceOf(a, b, d) < 0.01, 'same distribution');
  // Diagonal Gaussians: Σ (μ1 − μ2)² + (σ1 − σ2)².
  const c = gaussianRows(rng, 20000, d, [1, 0, 2], [2, 1, 0.5]);
  const expected = 1 + 0 + 4 + 1 + 0 + 0.25;
  assert.ok(Math.abs(frechetDistanceOf(a, c, d) - expected) < 0.15, `${frechetDistanceOf(a, c, d)} vs ${expected}`);
});

test('nearestDistances matches a brute-force search; copies of the training set fail the memorisation check, fresh draws pass', () => {
  const rng = new Random(1);
  const d = 12;
  const train = gaussianRows(rng, 200, d, new Array(d).fill(0), new Array(d).fill(1));
  const queries = gaussianRows(rng, 30, d, new Array(d).fill(0), new Array(d).fill(1));
  const fast = nearestDistances(queries, train, d, 7);
  for (let q = 0; q < 30; q++) {
    let best = Infinity;
    for (let r = 0; r < 200; r++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += (queries[q * d + k]! - train[r * d + k]!) ** 2;
      best = Math.min(best, Math.sqrt(s));
    }
    assert.ok(Math.abs(fast[q]! - best) < 1e-3, `query ${q}: ${fast[q]} vs ${best}`);
  }
  const heldOut = gaussianRows(rng, 100, d, new Array(d).fill(0), new Array(d).fill(1));
  const copies = train.slice(0, 50 * d).map((v) => v + 0.01 * rng.nextNormal());
  const copied = memorizationCheck(copies, heldOut, train, d);
  assert.equal(copied.passed, false);
  assert.ok(copied.closeShare > 0.9, `copies sit nearer than the closest held-out images (${copied.closeShare})`);
  const fresh = memorizationCheck(gaussianRows(rng, 100, d, new Array(d).fill(0), new Array(d).fill(1)), heldOut, train, d);
  assert.ok(fresh.closeShare < 0.2, `${fresh.closeShare}`);
  assert.ok(Math.abs(fresh.sampleMedian - fresh.heldOutMedian) / fresh.heldOutMedian < 0.15);
});

test('health: a discriminator loss near 0 for long warns once, with remedies; a collapsed class histogram warns, a flat one does not', () => {
  const watch = new DiscriminatorWatch();
  const messages: string[] = [];
  for (let i = 0; i < DISCRIMINATOR_WIN_STEPS * 2; i++) {
    const m = watch.observe(i < 50 ? 1.2 : 0.001);
    if (m) messages.push(m);
  }
  assert.equal(messages.length, 1);
  assert.match(messages[0]!, /discriminator wins outright.*DiffAugment/);
  const names = Array.from({ length: 10 }, (_, i) => String(i));
  assert.equal(histogramCollapseMessage(new Array(10).fill(0.1), names), null);
  assert.match(histogramCollapseMessage([0.5, 0.5, 0, 0, 0, 0, 0, 0, 0, 0], names)!, /collapsed.*rare: 2 0\.0%/);
});

test('.npy: the version 1.0 header NumPy expects (magic, 64-byte alignment, shape), data little-endian float32', () => {
  const values = Float32Array.from({ length: 2 * 3 * 3 * 1 }, (_, i) => i / 17);
  const bytes = encodeNpyFloat32(values, [2, 3, 3, 1]);
  assert.deepEqual(Array.from(bytes.subarray(0, 8)), [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  const headerLength = bytes[8]! | (bytes[9]! << 8);
  assert.equal((10 + headerLength) % 64, 0);
  const header = Buffer.from(bytes.subarray(10, 10 + headerLength)).toString('latin1');
  assert.match(header, /^\{'descr': '<f4', 'fortran_order': False, 'shape': \(2, 3, 3, 1\), \} *\n$/);
  assert.equal(bytes.length, 10 + headerLength + values.length * 4);
  const back = decodeNpyFloat32(bytes);
  assert.deepEqual(back.shape, [2, 3, 3, 1]);
  assert.deepEqual(back.values, values);
  const python = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' });
  if (python.status === 0) {
    const file = join(tempDir('npy'), 'a.npy');
    writeFileSync(file, bytes);
    const out = spawnSync('python3', ['-c', `import numpy as np; a = np.load('${file}'); print(a.dtype, a.shape, float(a[1, 2, 1, 0]))`], { encoding: 'utf8' });
    const [dtype, ...rest] = out.stdout.trim().split(' ');
    assert.equal(dtype, 'float32');
    assert.equal(rest.slice(0, 4).join(' '), '(2, 3, 3, 1)');
    assert.equal(Number(rest[4]), Math.fround(16 / 17), 'numpy reads the same value at [1, 2, 1, 0]');
  }
});

test('slerp keeps the ends, the norm of equal-norm points, and the angle at midway', () => {
  const a = new Float32Array([1, 0, 0]);
  const b = new Float32Array([0, 1, 0]);
  assert.deepEqual(Array.from(slerp(a, b, 0)), [1, 0, 0]);
  const end = slerp(a, b, 1);
  assert.ok(Math.abs(end[0]!) < 1e-7 && Math.abs(end[1]! - 1) < 1e-7);
  const mid = slerp(a, b, 0.5);
  assert.ok(Math.abs(Math.hypot(...mid) - 1) < 1e-6, 'on the sphere, where a straight line would cut inside it');
  assert.ok(Math.abs(mid[0]! - Math.SQRT1_2) < 1e-6 && Math.abs(mid[1]! - Math.SQRT1_2) < 1e-6);
});

test('encodeGif writes a looping GIF89a of the enlarged frames', () => {
  const frames = tensor(Float32Array.from({ length: 3 * 8 * 8 * 1 }, (_, i) => (i % 64) / 64), [3, 8, 8, 1]);
  const gif = encodeGif(frames, { scale: 4 });
  assert.equal(Buffer.from(gif.subarray(0, 6)).toString('latin1'), 'GIF89a');
  assert.equal(gif[6]! | (gif[7]! << 8), 32, 'width 8 × 4');
  assert.equal(gif[8]! | (gif[9]! << 8), 32);
  assert.equal(gif.at(-1), 0x3b, 'trailer');
});
