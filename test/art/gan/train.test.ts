/**
 * trainGan end to end on a trivially simple distribution (grey images whose top or bottom half is
 * bright): the networks learn it, the run folder holds one complete checkpoint, sampling and walks
 * read it, and the documented errors come with their messages.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ArgumentError, Random } from '../../../src/index.js';
import { readImage } from '../../../src/io/index.js';
import {
  buildGenerator, generate, latentWalk, readGanState, sampleGan, trainGan, writeSamples, writeWalk, latestGanCheckpoint, type TrainGanOptions,
} from '../../../src/art/gan/index.js';
import { halfMeans, writeHalvesFolder } from '../helpers/halves.js';
import { tempDir } from '../../helpers/temp-dir.js';

const root = tempDir('gan-train');
const halves = await writeHalvesFolder(join(root, 'halves'), 32, 28, 0);
const tiny: Partial<TrainGanOptions> = {
  size: 28, channels: 1, width: 8, latentDim: 16, batchSize: 16, learningRate: 2e-3, epochs: 1000, verbose: 0, augment: 'none', sampleEvery: 1000, checkpointEvery: 1000,
};

/** Images (in [0, 1]) whose top and bottom halves differ by more than 0.3, by which half is bright. */
function countHalves(values: Float32Array, n: number): { top: number; bottom: number } {
  const m = halfMeans(values, n, 28);
  return { top: m.filter((v) => v.top > v.bottom + 0.3).length, bottom: m.filter((v) => v.bottom > v.top + 0.3).length };
}

test('an unconditional tiny GAN learns the half-bright images: its samples become half-bright, the untrained ones are not', async () => {
  const run = await trainGan(halves, { ...tiny, outDir: join(root, 'uncond'), maxSteps: 150 });
  assert.equal(run.state.step, 150);
  assert.equal(run.stoppedBy, 'maxSteps');
  const { history } = run.state;
  assert.equal(history.step.length, 15, 'one history point per 10 steps');
  const first = history.discriminatorLoss[0]!;
  assert.ok(history.discriminatorLoss.some((l) => Math.abs(l - first) > 0.1), 'the discriminator loss moves');
  assert.ok(history.generatorLoss.some((l) => Math.abs(l - history.generatorLoss[0]!) > 0.1), 'the generator loss moves');
  const untrained = buildGenerator(run.state.settings.architecture, 7);
  const before = generate(untrained, new Random(3).normal([64, 16]), null).values as Float32Array;
  const beforeCount = countHalves(Float32Array.from(before, (v) => (v + 1) / 2), 64);
  assert.equal(beforeCount.top + beforeCount.bottom, 0, 'the untrained generator makes no half-bright image');
  const samples = sampleGan(run.runDir, { count: 64, seed: 3 });
  const after = countHalves(samples.images.values as Float32Array, 64);
  assert.ok(after.top + after.bottom >= 32, `half-bright samples after training: ${JSON.stringify(after)}`);
  const mean = (samples.images.values as Float32Array).reduce((a, b) => a + b, 0) / samples.images.size;
  assert.ok(Math.abs(mean - 0.49) < 0.15, `mean brightness ${mean} near the data's 0.49`);
});

test('a conditional tiny GAN (projection discriminator) makes the class asked for', async () => {
  const run = await trainGan(halves, { ...tiny, outDir: join(root, 'cond'), conditional: true, maxSteps: 150 });
  assert.deepEqual(run.state.settings.classNames, ['bottom', 'top']);
  for (const cls of ['top', 'bottom'] as const) {
    const { images, labels } = sampleGan(run.runDir, { count: 32, className: cls, seed: 5 });
    assert.ok(labels!.every((l) => l === (cls === 'top' ? 1 : 0)));
    const counts = countHalves(images.values as Float32Array, 32);
    assert.ok(counts[cls] >= 29, `class ${cls}: ${JSON.stringify(counts)} (90% must agree)`);
  }
  assert.throws(() => sampleGan(run.runDir, { className: 'left' }), (e: Error) => e instanceof ArgumentError && /no class 'left'; the classes are bottom, top/.test(e.message));
});

test('the run folder: one complete checkpoint with both networks, both optimizers, the average and the state; grids and curves', async () => {
  const runDir = join(root, 'layout');
  await trainGan(halves, { ...tiny, outDir: runDir, maxSteps: 25, sampleEvery: 10, checkpointEvery: 10 });
  const entries = readdirSync(runDir).sort();
  assert.deepEqual(entries.filter((e) => e.startsWith('checkpoint-')), ['checkpoint-000003'], 'steps 10, 20 and the last (25); older ones pruned');
  assert.deepEqual(readdirSync(join(runDir, 'checkpoint-000003')).sort(), [
    'discriminator-optimizer.safetensors', 'discriminator.json', 'discriminator.safetensors', 'gan.json',
    'generator-ema.safetensors', 'generator-optimizer.safetensors', 'generator.json', 'generator.safetensors',
  ]);
  const state = readGanState(join(runDir, 'checkpoint-000003'));
  assert.equal(state.step, 25);
  assert.deepEqual([state.epoch, state.stepInEpoch], [6, 1], '64 images make 4 steps per epoch of 16: 6 epochs and 1 step');
  for (const f of ['curves-loss.svg', 'curves-loss.png', 'curves-d.svg', 'curves-d.png']) assert.ok(entries.includes(f), f);
  assert.deepEqual(readdirSync(join(runDir, 'samples')).sort(), ['latest.png', 'step-000000.png', 'step-000010.png', 'step-000020.png', 'step-000025.png']);
  const grid = await readImage(join(runDir, 'samples', 'latest.png'));
  assert.ok(grid.shape[0]! > 8 * 28, 'an 8 × 8 grid of enlarged samples');
  const json = JSON.parse(readFileSync(join(runDir, 'checkpoint-000003', 'generator.json'), 'utf8')) as { weights: { file: string } };
  assert.equal(json.weights.file, 'generator.safetensors');
});

test('samples and walks are written as a grid, a .npy, a folder, a PNG strip and a GIF', async () => {
  const runDir = join(root, 'cond');
  const out = join(root, 'out');
  const samples = sampleGan(runDir, { count: 6, seed: 1, truncation: 0.5 });
  assert.ok(samples.labels, 'conditional samples take the classes in turn');
  await writeSamples(samples, join(out, 'grid.png'));
  await writeSamples(samples, join(out, 'all.npy'));
  await writeSamples(samples, join(out, 'each'));
  assert.deepEqual(readdirSync(join(out, 'each')).sort(), ['sample-0000-bottom.png', 'sample-0001-top.png', 'sample-0002-bottom.png', 'sample-0003-top.png', 'sample-0004-bottom.png', 'sample-0005-top.png']);
  assert.deepEqual((await readImage(join(out, 'each', 'sample-0000-bottom.png'))).shape.slice(0, 2), [28, 28]);
  const npy = readFileSync(join(out, 'all.npy'));
  assert.match(npy.subarray(10, 80).toString('latin1'), /'shape': \(6, 28, 28, 1\)/);
  await assert.rejects(writeSamples(samples, join(out, 'x.jpg')), /\.png grid, a \.npy array or a folder/);
  const walk = latentWalk(runDir, { steps: 5, points: 3, className: 'top' });
  assert.deepEqual(walk.frames.shape, [10, 28, 28, 1]);
  await writeWalk(walk, join(out, 'walk.png'));
  await writeWalk(walk, join(out, 'walk.gif'));
  assert.equal(readFileSync(join(out, 'walk.gif')).subarray(0, 6).toString('latin1'), 'GIF89a');
  assert.ok(existsSync(join(out, 'walk.png')));
});

test('--minutes: training stops at the end of the step that crosses the budget, and saves', async () => {
  const runDir = join(root, 'budget');
  const run = await trainGan(halves, { ...tiny, outDir: runDir, epochs: undefined, minutes: 0.0001 });
  assert.equal(run.stoppedBy, 'minutes');
  assert.equal(run.state.step, 1, 'the first step already crosses 6 ms');
  assert.equal(readGanState(latestGanCheckpoint(runDir, 't')!.path).step, 1);
});

test('errors: fewer images than one batch, an unknown data set, a run folder without a generator, an existing run', async () => {
  await assert.rejects(trainGan(halves, { ...tiny, outDir: join(root, 'big-batch'), batchSize: 100, maxSteps: 1 }),
    /has 64 images, fewer than one batch of 100; add images or lower --batch-size/);
  await assert.rejects(trainGan(join(root, 'missing'), { ...tiny, outDir: join(root, 'x'), maxSteps: 1 }), /neither a built-in data set \(mnist\) nor an image folder/);
  await assert.rejects(trainGan(halves, { ...tiny, outDir: join(root, 'x'), size: 40, maxSteps: 1 }), /image size 40 is not supported; the DCGAN builders support 28, 32, 64/);
  const empty = join(root, 'empty-run');
  mkdirSync(empty);
  assert.throws(() => sampleGan(empty), /holds no generator \(no complete checkpoint\); train one with 'atelier gan train/);
  assert.equal(latestGanCheckpoint(empty, 't'), null);
  await assert.rejects(trainGan(halves, { ...tiny, outDir: join(root, 'layout'), maxSteps: 1 }), /already holds a run; choose another run folder, continue it \(--resume\) or replace it \(--overwrite\)/);
  await assert.rejects(trainGan(halves, { ...tiny, outDir: join(root, 'nothing'), resume: true }), /no complete checkpoint to resume from/);
});
