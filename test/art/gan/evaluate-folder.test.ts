/**
 * Evaluating a GAN trained on a train/ + val/ folder (the layout `atelier dataset patches` writes):
 * a classifier's agreement with the requested class, and the memorisation check against the held-out
 * val/ images.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { trainClassifier } from '../../../src/art/classify/index.js';
import { evaluateGan, formatGanEvaluation, openGanData, trainGan } from '../../../src/art/gan/index.js';
import { writeHalvesFolder } from '../helpers/halves.js';
import { tempDir } from '../../helpers/temp-dir.js';

const root = tempDir('gan-eval-folder');
const patches = join(root, 'patches');
await writeHalvesFolder(join(patches, 'train'), 32, 28, 0);
await writeHalvesFolder(join(patches, 'val'), 8, 28, 1);

test('a train/ + val/ folder trains on train/ and keeps val/ as held-out images', async () => {
  const data = await openGanData(patches, { size: 28, channels: 1 });
  assert.equal(data.train.count, 64);
  assert.equal(data.heldOut!.count, 16);
  assert.deepEqual(data.classNames, ['bottom', 'top']);
  assert.ok(data.train.pixels.every((v) => v >= -1 && v <= 1), 'images in [-1, 1]');
  const flat = await openGanData(join(patches, 'train', 'top'), { size: 16, channels: 3, onWarning: (m) => assert.fail(m) });
  assert.deepEqual(flat.classNames, ['top'], 'a folder without sub-folders is one class named after it');
  assert.equal(flat.train.count, 32);
  assert.equal(flat.train.pixels.length, 32 * 16 * 16 * 3, 'resized to the GAN size');
});

test('evaluate reports the classifier\'s agreement with the requested class and the memorisation check', async () => {
  const classifier = await trainClassifier(join(patches, 'train'), {
    outDir: join(root, 'classifier'), imageSize: 28, channels: 1, filters: [8, 16], batchSize: 16, epochs: 3, learningRate: 0.01, verbose: 0, onWarning: () => {},
  });
  assert.ok(classifier.validationAccuracy >= 0.9);
  const run = await trainGan(patches, {
    outDir: join(root, 'gan'), size: 28, channels: 1, conditional: true, width: 8, latentDim: 16, batchSize: 16, learningRate: 2e-3, augment: 'none',
    epochs: 1000, maxSteps: 150, verbose: 0, sampleEvery: 1000, checkpointEvery: 1000,
  });
  const e = await evaluateGan(run.runDir, { count: 64, classifier: classifier.runDir });
  assert.ok(e.agreement! >= 0.9, `agreement ${e.agreement}`);
  assert.equal(e.fid, null, 'FID-MNIST is for MNIST runs');
  const m = e.memorization!;
  assert.ok(m.sampleMedian > 0 && m.heldOutMedian > 0);
  assert.ok(m.closeShare >= 0 && m.closeShare <= 1);
  assert.equal(m.passed, m.closeShare <= 0.1);
  const text = formatGanEvaluation(e);
  assert.match(text, /agreement with the requested class: \d+\.\d%/);
  assert.match(text, /memorisation check: median distance to the nearest training image/);
});
