import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { exportMnistPngs, readMnistDigits } from '../../src/data/mnist-export.js';
import { ImageFolderDataset } from '../../src/data/image-folder.js';
import { readImagePixels } from '../../src/io/image.js';
import { tempDir } from '../helpers/temp-dir.js';

const dir = tempDir('mnist');

test('exportMnistPngs writes a seeded subset as a class-per-folder tree of exact grey PNGs', async () => {
  const out = join(dir, 'subset');
  const result = await exportMnistPngs(out, { count: 60, seed: 4 });
  assert.equal(result.count, 60);
  assert.equal(result.perClass.reduce((a, b) => a + b), 60);
  const folders = readdirSync(out).sort();
  assert.ok(folders.every((f) => /^\d$/.test(f)));
  const files = folders.flatMap((f) => readdirSync(join(out, f)).map((name) => join(f, name)));
  assert.equal(files.length, 60);
  folders.forEach((f) => assert.equal(readdirSync(join(out, f)).length, result.perClass[Number(f)]));

  // Pixel values are the package's floats rounded to 8 bits.
  const file = files[0]!;
  const [, digit, index] = /^(\d)\/\d_(\d{4})\.png$/.exec(file)!;
  const png = await readImagePixels(join(out, file), { channels: 1 });
  assert.deepEqual([png.width, png.height, png.channels], [28, 28, 1]);
  const source = (await readMnistDigits(Number(digit))).subarray(Number(index) * 784, (Number(index) + 1) * 784);
  assert.deepEqual(Array.from(png.data), Array.from(source, (v) => Math.round(v * 255)));
  assert.ok(png.data.some((v) => v > 200) && png.data.some((v) => v === 0), 'a digit: bright strokes on black');

  const again = join(dir, 'again');
  await exportMnistPngs(again, { count: 60, seed: 4 });
  assert.deepEqual(readdirSync(again).flatMap((f) => readdirSync(join(again, f))).sort(), files.map((f) => f.split('/')[1]).sort());
  await assert.rejects(exportMnistPngs(join(dir, 'bad'), { count: 0 }), /count must be an integer in 1..10000/);
});

test('exported digits load through ImageFolderDataset as [B,28,28,1]', async () => {
  const out = join(dir, 'subset'); // written by the test above
  const ds = await ImageFolderDataset.create(out, { imageSize: [28, 28], channels: 1, validationSplit: 0.2, seed: 0, onWarning: () => {} });
  assert.deepEqual(ds.classNames, ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  assert.equal(ds.train.size + ds.validation.size, 60);
  const first = await ds.train.batches(16).next();
  assert.ok(!first.done);
  assert.deepEqual(first.value.x.shape, [16, 28, 28, 1]);
  const labels = Array.from(first.value.y.data());
  first.value.files.forEach((f, i) => assert.equal(String(labels[i]), f.split('/').at(-2)));
});
