import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { ArgumentError } from '../../src/index.js';
import { ImageFolderDataset, type ImageBatch } from '../../src/data/image-folder.js';
import { flipHorizontal, randomFlipHorizontal } from '../../src/data/augment.js';
import { ImageDecodeError } from '../../src/io/image-errors.js';
import { tempDir } from '../helpers/temp-dir.js';

const root = tempDir('folder');

/** Writes an 8×8 PNG whose red channel encodes the class and green the index; the left column is black. */
async function writeSample(path: string, classIndex: number, index: number): Promise<void> {
  const px = Buffer.alloc(8 * 8 * 3);
  for (let i = 0; i < 64; i++) if (i % 8 !== 0) px.set([classIndex * 80, index * 20, 100], i * 3);
  await sharp(px, { raw: { width: 8, height: 8, channels: 3 } }).png().toFile(path);
}

async function makeTree(base: string, classes: Record<string, number>): Promise<string> {
  for (const [c, [name, count]] of Object.entries(classes).entries()) {
    mkdirSync(join(base, name), { recursive: true });
    for (let i = 0; i < count; i++) await writeSample(join(base, name, `img${String(i).padStart(2, '0')}.png`), c, i);
  }
  return base;
}

async function collect(batches: AsyncIterable<ImageBatch>): Promise<ImageBatch[]> {
  const out: ImageBatch[] = [];
  for await (const b of batches) out.push(b);
  return out;
}

const clean = await makeTree(join(root, 'clean'), { cat: 10, dog: 5, fox: 1 });
writeFileSync(join(clean, '.DS_Store'), 'junk');
writeFileSync(join(clean, 'cat', '.hidden.png'), 'junk');

test('classes, counts and a stratified split that is deterministic for a seed', async () => {
  const warnings: string[] = [];
  const options = { imageSize: [8, 8] as const, validationSplit: 0.2, seed: 1, onWarning: (m: string) => warnings.push(m) };
  const ds = await ImageFolderDataset.create(clean, options);
  assert.deepEqual(ds.classNames, ['cat', 'dog', 'fox']);
  assert.deepEqual(ds.classCounts, [10, 5, 1]);
  assert.deepEqual(ds.train.classCounts, [8, 4, 1]);
  assert.deepEqual(ds.validation.classCounts, [2, 1, 0]);
  assert.equal(ds.skipped.length, 0, 'hidden files are ignored silently');
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, /class 'fox' has a single image \(.*fox\/img00\.png\); it cannot be in both splits, so it is in train only/);
  assert.equal(new Set([...ds.train.files, ...ds.validation.files]).size, 16);
  assert.ok(ds.validation.files.every((f) => !ds.train.files.includes(f)), 'splits are disjoint');

  const again = await ImageFolderDataset.create(clean, { ...options, onWarning: () => {} });
  assert.deepEqual(again.validation.files, ds.validation.files);
  const seeds = await Promise.all([2, 3, 4, 5].map((seed) => ImageFolderDataset.create(clean, { ...options, seed, onWarning: () => {} })));
  assert.ok(seeds.some((other) => other.validation.files.join() !== ds.validation.files.join()), 'another seed picks other files');
  for (const other of seeds) assert.deepEqual(other.validation.classCounts, [2, 1, 0], 'every seed keeps the proportions');
});

test('classWeights are sklearn-balanced on the training split', async () => {
  const ds = await ImageFolderDataset.create(clean, { imageSize: [8, 8], validationSplit: 0.2, onWarning: () => {} });
  const [cat, dog, fox] = ds.classWeights();
  assert.ok(Math.abs(cat! - 13 / (3 * 8)) < 1e-12 && Math.abs(dog! - 13 / (3 * 4)) < 1e-12 && Math.abs(fox! - 13 / 3) < 1e-12);
});

test('batches stream every training image once per epoch, with labels matching the pixels', async () => {
  const ds = await ImageFolderDataset.create(clean, { imageSize: [8, 8], validationSplit: 0.2, seed: 1, onWarning: () => {} });
  const batches = await collect(ds.train.batches(4));
  assert.deepEqual(batches.map((b) => b.x.shape[0]), [4, 4, 4, 1]);
  assert.equal(ds.train.numBatches(4), 4);
  assert.deepEqual(batches[0]!.x.shape, [4, 8, 8, 3]);
  assert.equal(batches[0]!.y.dtype, 'int32');
  const files = batches.flatMap((b) => b.files);
  assert.deepEqual([...files].sort(), [...ds.train.files].sort());
  for (const b of batches) {
    const x = b.x.data();
    const y = b.y.data();
    b.files.forEach((file, i) => {
      const red = Math.round(x[i * 192 + 3]! * 255); // pixel (0, 1): the left column is black
      assert.equal(red, y[i]! * 80, `${file}: label ${y[i]} matches its pixels`);
      assert.equal(y[i], ds.classNames.indexOf(file.split('/').at(-2)!));
    });
  }
  const dropped = await collect(ds.train.batches(4, { dropRemainder: true }));
  assert.equal(dropped.length, 3);
});

test('shuffling is seeded; validation keeps file order; epochs differ', async () => {
  const ds = await ImageFolderDataset.create(clean, { imageSize: [8, 8], validationSplit: 0.2, seed: 1, onWarning: () => {} });
  const order = async (options: Parameters<typeof ds.train.batches>[1]): Promise<string[]> => (await collect(ds.train.batches(5, options))).flatMap((b) => b.files);
  assert.deepEqual(await order({ seed: 9 }), await order({ seed: 9 }));
  const epoch1 = await order({});
  const epoch2 = await order({});
  assert.notDeepEqual(epoch1, epoch2, 'each epoch has a new order');
  assert.deepEqual(await order({ shuffle: false }), ds.train.files);
  const validation = (await collect(ds.validation.batches(2))).flatMap((b) => b.files);
  assert.deepEqual(validation, ds.validation.files);
  // A new dataset with the same seed replays the same epochs.
  const twin = await ImageFolderDataset.create(clean, { imageSize: [8, 8], validationSplit: 0.2, seed: 1, onWarning: () => {} });
  assert.deepEqual((await collect(twin.train.batches(5))).flatMap((b) => b.files), epoch1);
});

test('the decode cache serves later epochs and is bounded by cacheSize', async () => {
  const big = await ImageFolderDataset.create(clean, { imageSize: [8, 8], validationSplit: 0, cacheSize: 100, onWarning: () => {} });
  await collect(big.train.batches(8));
  assert.equal(big.cacheStats.misses, 16);
  await collect(big.train.batches(8));
  assert.equal(big.cacheStats.hits, 16);
  const small = await ImageFolderDataset.create(clean, { imageSize: [8, 8], validationSplit: 0, cacheSize: 3, onWarning: () => {} });
  await collect(small.train.batches(8));
  assert.equal(small.cacheStats.size, 3);
});

test('augmentation is applied per image and balanced sampling evens out classes', async () => {
  const ds = await ImageFolderDataset.create(clean, { imageSize: [8, 8], validationSplit: 0, seed: 2, onWarning: () => {} });
  const [plain] = await collect(ds.train.batches(16, { shuffle: false }));
  const [flipped] = await collect(ds.train.batches(16, { shuffle: false, augment: randomFlipHorizontal(1) }));
  assert.deepEqual(flipped!.x.data(), flipHorizontal(plain!.x).data());

  const counts = [0, 0, 0];
  for (let epoch = 0; epoch < 30; epoch++) {
    for await (const { y } of ds.train.batches(16, { sampling: 'balanced', seed: epoch })) for (const label of y.data()) counts[label]!++;
  }
  assert.equal(counts.reduce((a, b) => a + b), 30 * 16, 'an epoch has the split size');
  for (const n of counts) assert.ok(n > 120 && n < 200, `balanced counts ${counts}`);
});

test('bad files are skipped with warnings naming them, counted, and summarised; never aborting', async () => {
  const base = await makeTree(join(root, 'bad'), { a: 3, b: 2 });
  const jpeg = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 128, sigma: 60 } } }).jpeg().toBuffer();
  writeFileSync(join(base, 'a', 'truncated.jpg'), jpeg.subarray(0, jpeg.length >> 1));
  writeFileSync(join(base, 'a', 'notes.txt'), 'not a picture');
  writeFileSync(join(base, 'b', 'fake.png'), 'not a png either');
  const warnings: string[] = [];
  const ds = await ImageFolderDataset.create(base, { imageSize: [8, 8], validationSplit: 0, onWarning: (m) => warnings.push(m) });
  assert.deepEqual(ds.skipped.map((s) => s.file.split('/').slice(-2).join('/')), ['a/notes.txt', 'b/fake.png']);
  assert.match(ds.skipped[0]!.reason, /not an image file \(extension '.txt'\)/);
  assert.ok(warnings.some((w) => w.includes('fake.png') && /not an image/.test(w)));
  assert.match(warnings.at(-1)!, /skipped 2 of 8 files/);
  assert.equal(ds.train.size, 4 + 2, 'the truncated JPEG has a valid header and is found only when decoded');

  warnings.length = 0;
  const batches = await collect(ds.train.batches(4, { shuffle: false }));
  assert.deepEqual(batches.map((b) => b.x.shape[0]), [4, 1], 'the batch is refilled from the next file');
  assert.equal(ds.skipped.length, 3);
  assert.match(ds.skipped[2]!.reason, /truncated or corrupt/);
  assert.ok(warnings[0]!.includes('truncated.jpg'));
  assert.match(warnings.at(-1)!, /1 unreadable file\(s\) skipped in this train epoch; 3 skipped in all/);
  assert.equal(ds.train.size, 5);
  assert.equal((await collect(ds.train.batches(4))).flatMap((b) => b.files).length, 5, 'later epochs leave it out');

  const early = await ImageFolderDataset.create(base, { imageSize: [8, 8], validationSplit: 0, validate: 'decode', onWarning: () => {} });
  assert.equal(early.skipped.length, 3, "validate: 'decode' finds the truncated file up front");

  await assert.rejects(ImageFolderDataset.create(base, { imageSize: [8, 8], skipBadFiles: false }), /notes\.txt is not an image file/);
  const strict = await ImageFolderDataset.create(join(base), { imageSize: [8, 8], validationSplit: 0, classNames: ['a'], skipBadFiles: false, validate: 'none', onWarning: () => {} })
    .catch((e: unknown) => e);
  assert.ok(strict instanceof ArgumentError, 'notes.txt still refuses in strict mode');
});

test('errors: missing root, no class folders, empty class, unknown class name', async () => {
  await assert.rejects(ImageFolderDataset.create(join(root, 'absent'), { imageSize: [8, 8] }), (e: unknown) => e instanceof ArgumentError && /root folder '.*absent' does not exist/.test(e.message));
  const flat = join(root, 'flat');
  mkdirSync(flat);
  await writeSample(join(flat, 'x.png'), 0, 0);
  await assert.rejects(ImageFolderDataset.create(flat, { imageSize: [8, 8] }), /has no class sub-folders; expected .*<class name>/);
  await assert.rejects(ImageFolderDataset.create(join(flat, 'x.png'), { imageSize: [8, 8] }), /is a file, expected a folder/);
  const withEmpty = await makeTree(join(root, 'empty'), { full: 2 });
  mkdirSync(join(withEmpty, 'hollow'));
  writeFileSync(join(withEmpty, 'hollow', 'readme.txt'), 'nothing here');
  await assert.rejects(ImageFolderDataset.create(withEmpty, { imageSize: [8, 8], onWarning: () => {} }), /class 'hollow' \(.*hollow\) has 1 file and none decodes \(.*readme\.txt: not an image file/);
  await assert.rejects(ImageFolderDataset.create(clean, { imageSize: [8, 8], classNames: ['cat', 'wolf'] }), /classNames 'wolf' have no folder/);
  const ordered = await ImageFolderDataset.create(clean, { imageSize: [8, 8], classNames: ['dog', 'cat'], onWarning: () => {} });
  assert.deepEqual(ordered.classNames, ['dog', 'cat']);
  assert.deepEqual(ordered.classCounts, [5, 10]);
});

test('a strict dataset throws the ImageDecodeError of a file that fails while iterating', async () => {
  const base = await makeTree(join(root, 'strict'), { a: 2 });
  const jpeg = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 128, sigma: 60 } } }).jpeg().toBuffer();
  writeFileSync(join(base, 'a', 'z-truncated.jpg'), jpeg.subarray(0, jpeg.length >> 1));
  const ds = await ImageFolderDataset.create(base, { imageSize: [8, 8], validationSplit: 0, skipBadFiles: false });
  await assert.rejects(collect(ds.train.batches(2, { shuffle: false })), (e: unknown) => e instanceof ImageDecodeError && e.file.endsWith('z-truncated.jpg'));
});
