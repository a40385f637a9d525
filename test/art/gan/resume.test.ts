/**
 * Exact resume on the reference backend: a run interrupted after its checkpoint and resumed ends
 * bit-identical to an uninterrupted one (weights, optimizer states, the weight average, counters,
 * history). A half-written checkpoint is never resumed from, and a non-finite step stops training
 * with the NaN guard's message, leaving the last good checkpoint intact.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NonFiniteError, setBackend } from '../../../src/index.js';
import { latestGanCheckpoint, readGanState, trainGan, type TrainGanOptions } from '../../../src/art/gan/index.js';
import { writeHalvesFolder } from '../helpers/halves.js';
import { tempDir } from '../../helpers/temp-dir.js';

setBackend('js');
const root = tempDir('gan-resume');
const halves = await writeHalvesFolder(join(root, 'halves'), 12, 28, 1);
const tiny: Partial<TrainGanOptions> = {
  size: 28, channels: 1, width: 4, latentDim: 8, batchSize: 8, learningRate: 2e-3, epochs: 2, verbose: 0, sampleEvery: 1000, checkpointEvery: 1000,
  augment: 'color,translation,cutout', conditional: true, seed: 4,
};

function checkpointBytes(runDir: string): Map<string, Buffer> {
  const snapshot = latestGanCheckpoint(runDir, 'test')!;
  return new Map(readdirSync(snapshot.path).sort().map((f) => [f, readFileSync(join(snapshot.path, f))]));
}

test('a run interrupted mid-epoch and resumed is bit-identical to an uninterrupted one (js backend)', async () => {
  // 24 images, batch 8: 3 steps per epoch, 6 steps in 2 epochs; the interruption falls inside epoch 2.
  const straight = await trainGan(halves, { ...tiny, outDir: join(root, 'straight') });
  assert.equal(straight.state.step, 6);
  const split = join(root, 'split');
  const first = await trainGan(halves, { ...tiny, outDir: split, maxSteps: 4 });
  assert.equal(first.stoppedBy, 'maxSteps');
  assert.deepEqual([readGanState(latestGanCheckpoint(split, 't')!.path).epoch, readGanState(latestGanCheckpoint(split, 't')!.path).stepInEpoch], [1, 1]);
  const second = await trainGan(halves, { outDir: split, resume: true, epochs: 2, verbose: 0 });
  assert.equal(second.steps, 2);
  const a = checkpointBytes(join(root, 'straight'));
  const b = checkpointBytes(split);
  assert.deepEqual([...a.keys()], [...b.keys()]);
  for (const [name, bytes] of a) {
    if (name === 'gan.json') continue;
    assert.ok(bytes.equals(b.get(name)!), `${name} differs`);
  }
  const sa = JSON.parse(a.get('gan.json')!.toString()) as Record<string, unknown>;
  const sb = JSON.parse(b.get('gan.json')!.toString()) as Record<string, unknown>;
  for (const key of ['settings', 'step', 'epoch', 'stepInEpoch', 'emaUpdates', 'history']) assert.deepEqual(sb[key], sa[key], key);
  await assert.rejects(trainGan(halves, { outDir: split, resume: true, batchSize: 4, verbose: 0 }), /cannot resume .* with batchSize 4: the run was trained with 8/);
});

test('a half-written checkpoint (a dead writer\'s staging folder) is ignored and cleaned; the last complete one is resumed', async () => {
  const runDir = join(root, 'crash');
  await trainGan(halves, { ...tiny, outDir: runDir, maxSteps: 2 });
  const staging = join(runDir, '.staging-checkpoint-999999-deadbeef');
  mkdirSync(staging);
  writeFileSync(join(staging, 'gan.json'), '{"format": "atelier-gan", "step": 99');
  assert.equal(readGanState(latestGanCheckpoint(runDir, 't')!.path).step, 2, 'readers see only complete snapshots');
  const resumed = await trainGan(halves, { outDir: runDir, resume: true, epochs: 2, verbose: 0, maxSteps: 1 });
  assert.equal(resumed.state.step, 3);
  assert.ok(!readdirSync(runDir).some((f) => f.startsWith('.staging')), 'the next commit removed the leftover');
});

test('a non-finite step stops training with the NaN guard\'s message; the last good checkpoint stays intact', async () => {
  const runDir = join(root, 'nan');
  await trainGan(halves, { ...tiny, outDir: runDir, maxSteps: 2, checkpointEvery: 1 });
  const before = checkpointBytes(runDir);
  // Resuming with a learning rate of 1e30 throws the weights to ~1e30 in one update; the next pass overflows.
  const caught = await trainGan(halves, { outDir: runDir, resume: true, learningRate: 1e30, verbose: 0 }).then(() => null, (e: unknown) => e);
  assert.ok(caught instanceof NonFiniteError, `got ${String(caught)}`);
  assert.match(caught.message, /Non-finite training step at epoch 1\/\d+, batch 3\/3/);
  assert.match(caught.message, /Remedies: .*lower the learning rate \(now 1e\+30\)/);
  assert.match(caught.message, /The last good checkpoint \(step 2\) in .* is intact; resume from it with --resume/);
  const after = checkpointBytes(runDir);
  assert.deepEqual([...after.keys()], [...before.keys()]);
  for (const [name, bytes] of before) assert.ok(bytes.equals(after.get(name)!), `${name} unchanged`);
  const fresh = await trainGan(halves, { ...tiny, outDir: join(root, 'nan-fresh'), learningRate: 1e30 }).then(() => null, (e: unknown) => e);
  assert.ok(fresh instanceof NonFiniteError);
  assert.match(fresh.message, /No checkpoint had been written yet/);
});
