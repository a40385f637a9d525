/**
 * The MNIST judge and `evaluateGan` end to end (slow: trains a one-epoch judge into a temporary cache).
 * The judge recognises held-out digits, is cached rather than retrained, and its features separate
 * real digits from noise in the Fréchet distance; evaluation reports every figure for an MNIST run.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Random, loadMnist, tensor } from '../../../src/index.js';
import { JUDGE_FEATURES, evaluateGan, formatGanEvaluation, frechetDistanceOf, judgeImages, loadMnistJudge, trainGan } from '../../../src/art/gan/index.js';
import { tempDir } from '../../helpers/temp-dir.js';

const root = tempDir('gan-judge');
const judgeDir = join(root, 'judge');

test('the judge trains once, labels held-out digits correctly, and is read back from its cache', async () => {
  const judge = await loadMnistJudge({ dir: judgeDir, epochs: 1 });
  assert.equal(judge.trained, true);
  assert.ok(judge.info.testAccuracy >= 0.9, `test accuracy ${judge.info.testAccuracy}`);
  const again = await loadMnistJudge({ dir: judgeDir, epochs: 1 });
  assert.equal(again.trained, false);
  assert.equal(again.info.testAccuracy, judge.info.testAccuracy);
  const { xTest } = await loadMnist({ seed: 0 });
  const a = judgeImages(again.model, tensor((xTest.values as Float32Array).slice(0, 1000 * 784), [1000, 28, 28, 1]));
  const b = judgeImages(again.model, tensor((xTest.values as Float32Array).slice(1000 * 784), [1000, 28, 28, 1]));
  const noise = judgeImages(again.model, new Random(0).uniform([1000, 28, 28, 1]));
  const realReal = frechetDistanceOf(a.features, b.features, JUDGE_FEATURES);
  const realNoise = frechetDistanceOf(a.features, noise.features, JUDGE_FEATURES);
  assert.ok(realNoise > 10 * realReal, `real vs real ${realReal}, real vs noise ${realNoise}`);
});

test('evaluateGan on an MNIST run reports the confident share, the class histogram, FID-MNIST and the untrained FID', async () => {
  const runDir = join(root, 'run');
  await trainGan('mnist', { outDir: runDir, width: 4, latentDim: 8, batchSize: 32, maxSteps: 3, verbose: 0 });
  const e = await evaluateGan(runDir, { count: 300, judgeDir });
  assert.equal(e.count, 300);
  assert.ok(e.confidentShare! >= 0 && e.confidentShare! <= 1);
  assert.equal(e.classShares!.length, 10);
  assert.ok(Math.abs(e.classShares!.reduce((s, p) => s + p, 0) - 1) < 1e-9);
  assert.ok(e.fid! > 0 && e.fidUntrained! > 0);
  assert.equal(e.agreement, null, 'unconditional');
  assert.match(formatGanEvaluation(e), /FID-MNIST \(judge features; comparable only within atelier\)/);
});
