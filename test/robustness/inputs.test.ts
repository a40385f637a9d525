/**
 * Robustness of the library against bad inputs, called directly (no process to spawn): hostile and
 * broken images, hostile safetensors headers, broken class folders, sizes that cannot fit, NaN in the
 * data, absurd thread counts, and the CLI's error formatter. Each error must name what was wrong and
 * where; no file the user had may change.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { ArgumentError, Sequential, getBackend, layers, optimizers, resolveModelFolder, tensor } from '../../src/index.js';
import { readImage } from '../../src/io/index.js';
import { ImageDecodeError } from '../../src/io/image-errors.js';
import { FileFormatError } from '../../src/io/file-format-error.js';
import { decodeSafetensors, readSafetensors } from '../../src/io/safetensors.js';
import { ImageFolderDataset } from '../../src/data/index.js';
import { trainClassifier } from '../../src/art/classify/index.js';
import { checkBatchMemory, modelProfile } from '../../src/art/classify/memory-estimate.js';
import { defaultClassifier } from '../../src/art/classify/model.js';
import { runClassifyTrain } from '../../src/cli/commands/classify/train.js';
import { formatCliError, type SystemError } from '../../src/cli/report-error.js';
import { threadsFromEnv } from '../../src/backend/wasm/node-platform.js';
import { createWasmBackend } from '../../src/backend/wasm/index.js';
import { tempDir } from '../helpers/temp-dir.js';
import { Capture } from '../cli/helpers/capture.js';
import { hashTree, pngBomb, writePng, writeTwoClasses } from './harness.js';

const root = tempDir('robust-inputs');
const quiet = { verbose: 0 as const, onWarning: () => {} };
const tiny = { imageSize: 8, epochs: 1, batchSize: 4, ...quiet };

/** Hostile and broken image files, each with the reason its error must give. */
async function hostileImages(dir: string): Promise<[string, RegExp][]> {
  mkdirSync(dir, { recursive: true });
  const noisy = Buffer.alloc(32 * 32 * 3);
  for (let i = 0; i < noisy.length; i++) noisy[i] = (i * 37) % 251;
  const png = await sharp(noisy, { raw: { width: 32, height: 32, channels: 3 } }).png().toBuffer();
  const jpeg = await sharp(noisy, { raw: { width: 32, height: 32, channels: 3 } }).jpeg().toBuffer();
  const corrupt = Buffer.from(png);
  for (let i = 100; i < 300; i++) corrupt[i] = 0xa5;
  const files: [string, Buffer | string, RegExp][] = [
    ['zero.png', '', /empty file, not an image/],
    ['truncated.jpg', jpeg.subarray(0, jpeg.length >> 1), /truncated or corrupt/],
    ['truncated.png', png.subarray(0, Math.floor(png.length * 0.6)), /truncated or corrupt/],
    ['corrupt.png', corrupt, /truncated or corrupt/],
    ['notes.jpg', 'these are notes\n', /not an image/],
    ['program.png', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, ...new Array<number>(120).fill(0)]), /not an image/],
    ['bomb.png', pngBomb(100_000, 100_000), /100000×100000 = 10000000000 pixels is more than limitInputPixels/],
    ['svg-in-disguise.png', `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="8" height="8"><image xlink:href="file://${join(dir, '..', 'secret.png')}" width="8" height="8"/></svg>`, /an SVG document, not one of the image formats read here .*refused whatever their name/],
    ['billion-laughs.png', `<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">]><svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><text>&f;</text></svg>`, /corrupt|SVG document/],
  ];
  for (const [name, bytes] of files) writeFileSync(join(dir, name), bytes);
  symlinkSync('loop.png', join(dir, 'loop.png'));
  return [...files.map(([name, , reason]): [string, RegExp] => [join(dir, name), reason]), [join(dir, 'loop.png'), /symbolic link loop \(ELOOP\)/]];
}

test('hostile and broken images: each ImageDecodeError names the file and the reason; nothing is changed', async () => {
  await writePng(join(root, 'secret.png'), 4, [255, 0, 0]);
  const dir = join(root, 'hostile');
  const cases = await hostileImages(dir);
  const before = hashTree(root);
  for (const [file, reason] of cases) {
    await assert.rejects(readImage(file, { size: [8, 8] }), (e: unknown) => {
      assert.ok(e instanceof ImageDecodeError, `${file}: ${String(e)}`);
      assert.equal(e.file, file);
      assert.ok(e.message.includes(file), e.message);
      assert.match(e.reason, reason, file);
      return true;
    });
  }
  assert.equal(hashTree(root), before);
});

test('16-bit, CMYK and animated images are read (converted to 8-bit sRGB, first frame)', async () => {
  const png16 = await sharp({ create: { width: 6, height: 4, channels: 3, background: { r: 128, g: 64, b: 255 } } }).toColourspace('rgb16').png().toBuffer();
  assert.deepEqual((await readImage(png16)).shape, [4, 6, 3]);
  const cmyk = await sharp({ create: { width: 8, height: 8, channels: 3, background: { r: 200, g: 30, b: 40 } } }).toColourspace('cmyk').jpeg().toBuffer();
  assert.deepEqual((await readImage(cmyk, { size: [4, 4] })).shape, [4, 4, 3]);
  const frames = await Promise.all([0, 255].map((v) => sharp({ create: { width: 5, height: 3, channels: 3, background: { r: v, g: 0, b: 0 } } }).png().toBuffer()));
  const gif = await sharp(frames, { join: { animated: true } }).gif().toBuffer();
  assert.deepEqual((await readImage(gif)).shape, [3, 5, 3], 'one frame');
});

test('a data set with hostile files skips each with its reason; a class of only broken files says so', async () => {
  const tree = join(root, 'tree');
  await writeTwoClasses(tree, 3);
  const cases = await hostileImages(join(tree, 'broken'));
  const before = hashTree(tree);
  const warnings: string[] = [];
  await assert.rejects(ImageFolderDataset.create(tree, { imageSize: [8, 8], validate: 'decode', onWarning: (m) => warnings.push(m) }), (e: unknown) => {
    assert.ok(e instanceof ArgumentError);
    assert.match(e.message, new RegExp(`class 'broken' \\(.*broken\\) has ${cases.length} files and none decodes \\(.*bomb\\.png: .*100000×100000`));
    return true;
  });
  const ok = await ImageFolderDataset.create(tree, { imageSize: [8, 8], classNames: ['dark', 'light'], onWarning: () => {} });
  assert.deepEqual(ok.classCounts, [3, 3]);
  const symlinked = join(root, 'tree-loop');
  await writeTwoClasses(symlinked, 3);
  symlinkSync('self.png', join(symlinked, 'dark', 'self.png'));
  const withLoop = await ImageFolderDataset.create(symlinked, { imageSize: [8, 8], onWarning: (m) => warnings.push(m) });
  assert.deepEqual(withLoop.skipped.map((s) => s.reason), [withLoop.skipped[0]!.reason]);
  assert.match(withLoop.skipped[0]!.reason, /symbolic link loop \(ELOOP\)/);
  assert.ok(warnings.some((w) => /skipping .*self\.png: is a symbolic link loop/.test(w)), warnings.join('\n'));
  assert.equal(hashTree(tree), before);
});

test('hostile safetensors headers: absurd lengths, bad JSON, offsets out of range are FileFormatErrors naming the file', () => {
  const file = (header: string | object, data = 0, length?: bigint): Uint8Array => {
    const json = Buffer.from(typeof header === 'string' ? header : JSON.stringify(header));
    const prefix = Buffer.alloc(8);
    prefix.writeBigUInt64LE(length ?? BigInt(json.length));
    return Buffer.concat([prefix, json, Buffer.alloc(data)]);
  };
  const cases: [string, Uint8Array, RegExp][] = [
    ['2^64 - 1 header bytes', file('{}', 0, 0xffffffffffffffffn), /header length 18446744073709551615 exceeds/],
    ['2^53 + 1 header bytes', file('{}', 0, 2n ** 53n + 1n), /header length 9007199254740993 exceeds/],
    ['header longer than the file', file('{}', 0, 4096n), /header claims 4096 bytes but the file has only 2/],
    ['bad JSON', file('{"w": {"dtype": "F32",'), /header is not valid JSON/],
    ['a JSON list', file('[1, 2]'), /header is not a JSON object/],
    ['offsets past the end', file({ w: { dtype: 'F32', shape: [4], data_offsets: [0, 16] } }, 8), /tensor 'w': data_offsets \[0, 16\] run past the end of the data section \(8 bytes\)/],
    ['offsets beyond 2^53', file({ w: { dtype: 'U8', shape: [1], data_offsets: [2 ** 60, 2 ** 60 + 1] } }, 1), /tensor 'w': data_offsets/],
    ['negative offsets', file({ w: { dtype: 'U8', shape: [1], data_offsets: [-1, 0] } }, 1), /tensor 'w': data_offsets \[-1,0\] is not \[begin, end\]/],
    ['an absurd shape', file({ w: { dtype: 'F32', shape: [1e6, 1e6, 1e6], data_offsets: [0, 4] } }, 4), /tensor 'w': data_offsets \[0, 4\] hold 4 bytes, but F32 \[1000000,1000000,1000000\] needs/],
    ['a non-integer shape', file({ w: { dtype: 'F32', shape: [1.5], data_offsets: [0, 4] } }, 4), /tensor 'w': shape \[1\.5\] is not a list of non-negative integers/],
    ['no 8-byte prefix', new Uint8Array(3), /file is 3 bytes, too short/],
  ];
  for (const [name, bytes, pattern] of cases) {
    assert.throws(() => decodeSafetensors(bytes, 'hostile.safetensors'), (e: unknown) => {
      assert.ok(e instanceof FileFormatError, `${name}: ${String(e)}`);
      assert.match(e.message, /^hostile\.safetensors: /, name);
      assert.match(e.message, pattern, name);
      return true;
    });
  }
  assert.throws(() => readSafetensors(join(root, 'absent.safetensors')), /absent\.safetensors/);
});

test('folders that cannot train: empty, one class, a class of broken files, a class with one readable image', async () => {
  const empty = join(root, 'empty');
  mkdirSync(empty);
  const oneClass = join(root, 'one-class');
  mkdirSync(join(oneClass, 'only'), { recursive: true });
  for (let i = 0; i < 3; i++) await writePng(join(oneClass, 'only', `${i}.png`), 8, [i * 40, 0, 0]);
  const allBroken = await writeTwoClasses(join(root, 'all-broken'), 3);
  mkdirSync(join(allBroken, 'ghosts'));
  for (let i = 0; i < 3; i++) writeFileSync(join(allBroken, 'ghosts', `${i}.png`), `ghost ${i}`);
  const lonely = await writeTwoClasses(join(root, 'lonely'), 3);
  mkdirSync(join(lonely, 'pair'));
  await writePng(join(lonely, 'pair', 'good.png'), 8, [0, 200, 0]);
  writeFileSync(join(lonely, 'pair', 'bad.png'), 'not a png');
  const cases: [string, RegExp][] = [
    [empty, /'.*empty' has no class sub-folders; expected .*<class name>/],
    [oneClass, /one-class has a single class \(only\); a classifier needs at least two class folders/],
    [allBroken, /class 'ghosts' \(.*ghosts\) has 3 files and none decodes \(.*0\.png: not an image/],
    [lonely, /class folder .*pair \(2 files, 1 of which cannot be used\) holds a single readable image/],
  ];
  for (const [folder, pattern] of cases) {
    const before = hashTree(folder);
    const outDir = join(root, `run-${folder.split('/').pop()}`);
    await assert.rejects(trainClassifier(folder, { ...tiny, outDir }), (e: unknown) => e instanceof ArgumentError && pattern.test(e.message) || assert.fail(`${folder}: ${String(e)}`));
    assert.ok(!existsSync(outDir), `${folder}: no run folder`);
    assert.equal(hashTree(folder), before, `${folder} unchanged`);
  }
});

test('classify train reports files that fail to decode, and one training count everywhere', async () => {
  const folder = await writeTwoClasses(join(root, 'some-broken'), 6);
  const png = readFileSync(join(folder, 'light', '0.png'));
  // Whole headers, truncated pixel data: they pass the header check and fail only when decoded.
  writeFileSync(join(folder, 'light', 'cut-1.png'), png.subarray(0, png.length - 20));
  writeFileSync(join(folder, 'dark', 'cut-2.png'), png.subarray(0, png.length - 20));
  const before = hashTree(folder);
  const warnings: string[] = [];
  const out = new Capture();
  const result = await trainClassifier(folder, { ...tiny, outDir: join(root, 'counted'), verbose: 1, stream: out, onWarning: (m) => warnings.push(m) });
  assert.ok(warnings.some((w) => /cut-1\.png: truncated or corrupt/.test(w)), warnings.join('\n'));
  assert.ok(warnings.some((w) => /cut-2\.png: truncated or corrupt/.test(w)), warnings.join('\n'));
  const data = /(\d+) training and (\d+) validation images at 8×8 \(2 unreadable files left out\)/.exec(out.text);
  assert.ok(data, out.text.split('\n')[0]);
  const info = JSON.parse(readFileSync(join(resolveModelFolder(join(root, 'counted')), 'classifier.json'), 'utf8')) as { trainCounts: number[]; validationCounts: number[] };
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  assert.equal(result.trainCount, Number(data[1]));
  assert.equal(sum(info.trainCounts), result.trainCount);
  assert.equal(result.validationCount, Number(data[2]));
  assert.equal(sum(info.validationCounts), result.validationCount);
  assert.equal(result.trainCount + result.validationCount, 12, 'the 12 good images, none of the broken ones');
  const json = new Capture();
  await runClassifyTrain(folder, { out: join(root, 'counted-json'), epochs: 1, batchSize: 4, imageSize: 8, json: true }, json);
  assert.equal((JSON.parse(json.text) as { trainCount: number }).trainCount, result.trainCount);
  assert.equal(hashTree(folder), before);
});

test('an image size whose batch cannot fit is refused before decoding, naming the need and the largest size that fits', async () => {
  const folder = await writeTwoClasses(join(root, 'fits'), 2);
  const outDir = join(root, 'too-big');
  let largest = 0;
  await assert.rejects(trainClassifier(folder, { ...quiet, outDir, imageSize: 512, memoryLimit: 200e6 }), (e: unknown) => {
    assert.ok(e instanceof ArgumentError);
    const m = /image size 512×512 needs about ([\d.]+) GB per batch of 32 \(input, activations .*\), and the memory limit is 200 MB; the largest size that fits is about (\d+)×\2 at batch size 32/.exec(e.message);
    assert.ok(m, e.message);
    largest = Number(m[2]);
    return true;
  });
  assert.ok(largest > 8 && largest < 512, `largest ${largest}`);
  assert.ok(!existsSync(outDir));
  const profile = modelProfile(defaultClassifier({ imageSize: [32, 32], channels: 3, numClasses: 2, seed: 0 }), [32, 32]);
  assert.doesNotThrow(() => checkBatchMemory('t', { imageSize: [largest, largest], channels: 3, batchSize: 32, profile, budget: 200e6 }), 'the size offered fits');
  assert.throws(() => checkBatchMemory('t', { imageSize: [100_000, 100_000], channels: 3, batchSize: 32, budget: 4e9 }), /image size 100000×100000 needs about 3\.8 TB per batch of 32 \(the float32 input batch alone\)/);
});

test('NaN in the input: the message says before training, evaluating or predicting; reports give data-set positions', async () => {
  const model = new Sequential({ seed: 0, layers: [layers.dense({ units: 2, inputShape: [3], name: 'd' })] });
  model.compile({ optimizer: new optimizers.SGD({ learningRate: 0.01 }), loss: 'mse' });
  const values = new Float32Array(30).fill(0.5);
  values[4 * 3 + 1] = NaN;
  const x = tensor(values, [10, 3]);
  const y = tensor(new Float32Array(20), [10, 2]);
  await assert.rejects(model.fit(x, y, { verbose: 0 }), /fit: x contains NaN at sample 4, element \[1\] \(flat index 13\); remove or impute missing values before training/);
  await assert.rejects(model.evaluate(x, y), /evaluate: x contains NaN at sample 4.*before evaluating/);
  await assert.rejects(Promise.resolve().then(() => model.predict(x)), /predict: x contains NaN at sample 4.*before predicting/);

  const inf = new Float32Array(120).fill(0.1);
  inf[37 * 3 + 2] = Infinity;
  const history = await model.fit(tensor(inf, [40, 3]), tensor(new Float32Array(80), [40, 2]), { epochs: 1, batchSize: 8, shuffle: true, seed: 3, verbose: 0 });
  assert.equal(history.nonFinite.length, 1);
  assert.match(history.nonFinite[0]!.message, /contain Infinity at sample 37 of the data \(row \d of this batch\), element \[2\]/);
});

test('thread counts: ATELIER_THREADS above the cores is clamped with a warning; absurd explicit counts are refused', () => {
  const warnings: string[] = [];
  assert.equal(threadsFromEnv('5000', 2, (m) => warnings.push(m)), 2);
  assert.deepEqual(warnings, ["ATELIER_THREADS: 5000 is more than the 2 cores of this machine; using 2 (more threads than cores only cost memory)"]);
  assert.equal(threadsFromEnv('2', 2, (m) => warnings.push(m)), 2);
  assert.equal(warnings.length, 1);
  assert.throws(() => threadsFromEnv('-3', 2), /ATELIER_THREADS: '-3' is not a positive integer/);
  assert.throws(() => threadsFromEnv('1e9x', 2), /ATELIER_THREADS: '1e9x' is not a positive integer/);
  assert.throws(() => createWasmBackend({ threads: 5000 }), /threads 5000 is more than 256/);
  assert.ok(getBackend());
});

test('the CLI error formatter: system errors are one line naming the path, the meaning and a remedy; bugs hide the stack', () => {
  const sys = (code: string, syscall: string, path?: string): SystemError => Object.assign(new Error(`${code}: raw, ${syscall}${path ? ` '${path}'` : ''}`), { code, syscall, ...(path ? { path } : {}) });
  const cases: [SystemError, RegExp][] = [
    [sys('EACCES', 'mkdir', '/srv/runs/a'), /^atelier: cannot create the folder \/srv\/runs\/a: permission denied \(EACCES\); check the permissions/],
    [sys('ENOSPC', 'write', '/runs/a/weights.safetensors'), /^atelier: cannot write \/runs\/a\/weights\.safetensors: no space left on the device \(ENOSPC\); free some disk space/],
    [sys('EROFS', 'open', '/mnt/cd/x.png'), /^atelier: cannot open \/mnt\/cd\/x\.png: the file system is read-only \(EROFS\); write to a folder on a writable disk/],
    [sys('EDQUOT', 'write', '/home/u/r/m.json'), /disk quota exceeded \(EDQUOT\)/],
    [sys('EMFILE', 'open', '/d/1.png'), /too many open files in this process \(EMFILE\); raise the limit \(ulimit -n\)/],
    [sys('ENOTDIR', 'mkdir', '/d/file.png/run'), /cannot create the folder \/d\/file\.png\/run: a part of the path is a file, not a folder \(ENOTDIR\)/],
    [sys('EISDIR', 'open', '/d/run'), /cannot open \/d\/run: it is a folder, not a file \(EISDIR\)/],
    [sys('ELOOP', 'stat', '/d/loop.png'), /cannot access \/d\/loop\.png: too many levels of symbolic links \(a symlink loop\) \(ELOOP\)/],
    [sys('EPERM', 'rename', '/d/a'), /cannot rename \/d\/a: operation not permitted \(EPERM\)/],
  ];
  for (const [error, pattern] of cases) {
    const text = formatCliError(error);
    assert.match(text, pattern, error.code);
    assert.equal(text.split('\n').length, 2, `${error.code}: one line`);
    assert.doesNotMatch(text, /\n\s+at /);
  }
  const wrapped = new ArgumentError('save: cannot write');
  assert.equal(formatCliError(wrapped), 'atelier: save: cannot write\n');
  const bug = new TypeError("Cannot read properties of undefined (reading 'shape')");
  assert.equal(formatCliError(bug), "atelier: unexpected error: Cannot read properties of undefined (reading 'shape'). This is a bug in atelier; ATELIER_DEBUG=1 shows where it happened\n");
  assert.match(formatCliError(bug, true), /\n {4}at /, 'ATELIER_DEBUG=1 adds the stack');
});
