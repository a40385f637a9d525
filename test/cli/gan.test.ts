/** The gan commands: train, sample (.png, .npy, folder), interpolate (.png, .gif), and user errors as one line with exit code 1. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runGanTrain } from '../../src/cli/commands/gan/train.js';
import { runGanSample } from '../../src/cli/commands/gan/sample.js';
import { runGanInterpolate } from '../../src/cli/commands/gan/interpolate.js';
import { decodeNpyFloat32 } from '../../src/art/gan/index.js';
import { writeHalvesFolder } from '../art/helpers/halves.js';
import { tempDir } from '../helpers/temp-dir.js';
import { Capture } from './helpers/capture.js';
import { atelier } from './helpers/run-cli.js';

const root = tempDir('cli-gan');
const halves = await writeHalvesFolder(join(root, 'halves'), 10, 28, 2);
const run = join(root, 'run');

test('gan train: settings, progress lines with both losses and D outputs, the stop reason and the run folder', async () => {
  const out = new Capture();
  const result = await runGanTrain(halves, { out: run, size: 28, grey: true, conditional: true, width: 4, batchSize: 8, epochs: 2, sampleEvery: 3 }, out);
  assert.equal(result.state.step, 4, '20 images, batch 8: 2 steps per epoch');
  assert.match(out.text, /^Data: .*halves, 20 images at 28×28×1, conditional on 2 classes; 2 steps per epoch of 8\n/);
  assert.match(out.text, /Loss nsgan \(label smoothing 0\.1\), DiffAugment color\+translation\+cutout, weight average 0\.999, Adam 0\.0002 β1 0\.5/);
  assert.match(out.text, /step \d+ · epoch \d \[\d\/2\] · [\d.]+ steps\/s · 0:\d\d · D loss [\d.]+ · G loss [\d.]+ · D\(x\) [\d.]+ · D\(G\(z\)\) [\d.]+\n/);
  assert.match(out.text, /Stopped after 2 epochs: step 4, epoch 2/);
  assert.ok(readdirSync(join(run, 'samples')).includes('step-000003.png'));
});

test('gan sample writes a .npy of N images (float32 NHWC in [0, 1]), a grid and a folder; --class picks a class', async () => {
  const out = new Capture();
  await runGanSample(run, { count: 5, out: join(root, 's.npy'), class: 'top', seed: 2 }, out);
  assert.match(out.text, /Wrote .*s\.npy \(float32 \[5, 28, 28, 1\], NHWC, values in \[0, 1\]\)/);
  const { values, shape } = decodeNpyFloat32(readFileSync(join(root, 's.npy')));
  assert.deepEqual(shape, [5, 28, 28, 1]);
  assert.ok(values.every((v) => v >= 0 && v <= 1));
  await runGanSample(run, { count: 4, out: join(root, 'grid.png') }, out);
  await runGanSample(run, { count: 4, out: join(root, 'top.png'), class: 'top' }, out);
  assert.match(out.text, /top\.png \(a grid of 4 images of top\)/);
  const height = (file: string) => readFileSync(join(root, file)).readUInt32BE(20);
  assert.ok(height('grid.png') > height('top.png'), 'mixed classes are captioned under each image; one class is named once, in the message');
  await runGanSample(run, { count: 3, out: join(root, 'each') }, out);
  assert.equal(readdirSync(join(root, 'each')).length, 3);
});

test('gan interpolate writes a PNG strip and a looping GIF', async () => {
  const out = new Capture();
  await runGanInterpolate(run, { out: join(root, 'walk.gif'), steps: 4, points: 2 }, out);
  assert.match(out.text, /Wrote .*walk\.gif \(4 frames, looping\), class bottom/);
  assert.equal(readFileSync(join(root, 'walk.gif')).subarray(0, 6).toString('latin1'), 'GIF89a');
  await runGanInterpolate(run, { out: join(root, 'walk.png'), steps: 4, points: 3, class: 'top' }, out);
  assert.match(out.text, /walk\.png \(2 rows of 4 frames\), class top/);
});

test('user errors print one line and exit 1: unknown class, no generator, unsupported size, small folder', async () => {
  let r = await atelier('gan', 'sample', run, '-o', join(root, 'x.png'), '--class', 'left');
  assert.equal(r.code, 1);
  assert.equal(r.stderr, "atelier: gan sample: no class 'left'; the classes are bottom, top\n");
  r = await atelier('gan', 'sample', halves, '-o', join(root, 'x.png'));
  assert.match(r.stderr, /^atelier: gan sample: .*halves holds no generator \(no complete checkpoint\); train one with 'atelier gan train <folder\|mnist> -o .*'\n$/);
  r = await atelier('gan', 'train', 'mnist', '-o', join(root, 'm'), '--size', '100');
  assert.equal(r.stderr, 'atelier: gan train: image size 100 is not supported; the DCGAN builders support 28, 32, 64 (square images)\n');
  r = await atelier('gan', 'train', halves, '-o', join(root, 'm'), '--size', '28', '--batch-size', '64');
  assert.match(r.stderr, /^atelier: gan train: .*halves has 20 images, fewer than one batch of 64; add images or lower --batch-size\n$/);
  r = await atelier('gan', 'interpolate', run, '-o', join(root, 'walk.mp4'));
  assert.match(r.stderr, /written as a \.png strip or a \.gif animation, not '\.mp4'/);
});
