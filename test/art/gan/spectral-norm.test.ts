/** Spectral normalisation: unit spectral norm after power iteration, exact gradients, and a spectrally normalised GAN that learns. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Random, Variable, checkGradients, mul, sum, type Tensor } from '../../../src/index.js';
import { latestGanCheckpoint, readSnapshotModel, resolveArchitecture, buildDiscriminator, sampleGan, spectralNormalize, trainGan } from '../../../src/art/gan/index.js';
import { halfMeans, writeHalvesFolder } from '../helpers/halves.js';
import { tempDir } from '../../helpers/temp-dir.js';

/** The largest singular value of an `[m, n]` matrix by a long power iteration (float64). */
function largestSingularValue(values: Float32Array, m: number, n: number): number {
  let v = new Float64Array(n).fill(1);
  let sigma = 0;
  for (let it = 0; it < 500; it++) {
    const u = new Float64Array(m);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) u[i]! += values[i * n + j]! * v[j]!;
    const next = new Float64Array(n);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) next[j]! += values[i * n + j]! * u[i]!;
    const norm = Math.hypot(...next);
    sigma = Math.sqrt(norm);
    v = next.map((x) => x / norm);
  }
  return sigma;
}

test('after some training calls the normalised kernel has spectral norm 1; inference calls leave u alone', () => {
  const rng = new Random(0);
  const w = rng.normal([3, 3, 4, 6]);
  const u = new Variable(rng.normal([6]), { trainable: false });
  for (let i = 0; i < 30; i++) spectralNormalize(w, u, true);
  const normalised = spectralNormalize(w, u, true);
  assert.ok(Math.abs(largestSingularValue(normalised.values as Float32Array, 36, 6) - 1) < 1e-3);
  const frozen = Float32Array.from(u.values as Float32Array);
  spectralNormalize(w, u, false);
  assert.deepEqual(u.values, frozen);
});

test('the gradient through σ = vᵀWu (u fixed) matches finite differences', () => {
  const rng = new Random(1);
  const w = rng.normal([5, 4]);
  const u = new Variable(rng.normal([4]), { trainable: false });
  const c = rng.normal([5, 4]);
  const result = checkGradients((x: Tensor) => sum(mul(spectralNormalize(x, u, false), c)), [w]);
  assert.ok(result.ok, `max error ${result.maxAbsError}`);
});

test('a spectrally normalised conditional discriminator (hinge loss) trains a tiny GAN that makes the class asked for; it saves and reloads', async () => {
  const root = tempDir('gan-sn');
  const halves = await writeHalvesFolder(join(root, 'halves'), 32, 28, 0);
  const d = buildDiscriminator(resolveArchitecture('t', { size: 28, spectralNorm: true, width: 4 }), 0);
  assert.ok(!d.layers.some((l) => l.className === 'BatchNormalization'), 'spectral norm replaces batch norm in D');
  const run = await trainGan(halves, {
    outDir: join(root, 'run'), size: 28, channels: 1, conditional: true, spectralNorm: true, loss: 'hinge', width: 8, latentDim: 16, batchSize: 16,
    learningRate: 2e-3, augment: 'none', epochs: 1000, maxSteps: 150, verbose: 0, sampleEvery: 1000, checkpointEvery: 1000,
  });
  const reloaded = readSnapshotModel(latestGanCheckpoint(run.runDir, 't')!.path, 'discriminator');
  assert.ok(reloaded.weights.some((w) => w.name === 'd_conv2.spectral_u'));
  for (const [cls, index] of [['top', 1], ['bottom', 0]] as const) {
    const { images } = sampleGan(run.runDir, { count: 32, className: cls, seed: 2 });
    const m = halfMeans(images.values as Float32Array, 32, 28);
    const right = m.filter((v) => (index === 1 ? v.top > v.bottom + 0.3 : v.bottom > v.top + 0.3)).length;
    assert.ok(right >= 29, `class ${cls}: ${right}/32`);
  }
});
