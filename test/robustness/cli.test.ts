/**
 * Robustness of the `atelier` command line, run as a user would run it (a child process): system
 * errors (EACCES, ENOSPC), absurd sizes, bad options, bad files among good ones, corrupt run folders
 * and ATELIER_THREADS. Every failure must say what was wrong and where, exit non-zero, print no stack
 * trace, and leave every file the user had as it was.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { trainClassifier } from '../../src/art/classify/index.js';
import { resolveModelFolder } from '../../src/model/load-model.js';
import { tempDir } from '../helpers/temp-dir.js';
import { CLI, assertCleanFailure, canMountTmpfs, cannotRunAsUser, hashTree, openForReading, runAsUser, runAtelier, writeTwoClasses } from './harness.js';

const root = tempDir('robust-cli');
openForReading(root); // mkdtemp makes it 0700; a run as `nobody` must be able to read the data
const data = await writeTwoClasses(join(root, 'data'), 6);
const run = join(root, 'run');
await trainClassifier(data, { outDir: run, imageSize: 8, epochs: 1, batchSize: 4, verbose: 0, onWarning: () => {} });
const good = join(data, 'dark', '0.png');
const train = ['classify', 'train', data, '--epochs', '1', '--image-size', '8', '--batch-size', '4'];

/** Fingerprints of the user's data and run folders, to compare after a failure. */
function snapshot(...dirs: string[]): () => void {
  const before = dirs.map(hashTree);
  return () => dirs.forEach((dir, i) => assert.equal(hashTree(dir), before[i], `${dir} is unchanged`));
}

const noUserRun = cannotRunAsUser();

test('EACCES: a run folder that cannot be created is one line naming it, and nothing is written', async (t) => {
  if (noUserRun) {
    t.skip(noUserRun);
    return;
  }
  const locked = join(root, 'locked');
  mkdirSync(locked);
  chmodSync(locked, 0o555);
  const unchanged = snapshot(data, run);
  const result = await runAsUser([...train, '-o', join(locked, 'run')]);
  assertCleanFailure(result, /^atelier: cannot create the folder .*locked\/run: permission denied \(EACCES\); check the permissions/m, 'EACCES');
  assert.deepEqual(readdirSync(locked), []);
  unchanged();
});

test('EACCES: an unreadable image is reported as such (not "not an image"), the others are predicted', async (t) => {
  if (noUserRun) {
    t.skip(noUserRun);
    return;
  }
  const secret = join(root, 'secret.png');
  copyFileSync(good, secret);
  chmodSync(secret, 0o000);
  const unchanged = snapshot(data, run);
  const result = await runAsUser(['classify', 'predict', run, secret, good]);
  assertCleanFailure(result, /^atelier: classify predict: .*secret\.png: cannot be read: permission denied \(EACCES\)/m, 'unreadable image');
  assert.ok(result.stdout.startsWith(`${good}\n  1. `), result.stdout);
  unchanged();
});

test('ENOSPC: a full disk while writing the run folder is one line naming the file', async (t) => {
  if (!canMountTmpfs()) {
    t.skip('needs root and unshare -m to mount a 64 KB tmpfs (the formatter is covered by inputs.test.ts)');
    return;
  }
  const small = join(root, 'small-disk');
  mkdirSync(small);
  const unchanged = snapshot(data, run);
  // A private mount namespace: the 64 KB tmpfs exists for the child only and vanishes with it.
  const wrapper = ['unshare', '-m', 'sh', '-c', 'mount -t tmpfs -o size=64k tmpfs "$0" && exec "$@"', small];
  const result = await runAtelier([...train, '-o', join(small, 'run')], { wrapper });
  assertCleanFailure(result, /^atelier: cannot write .*small-disk\/run\/\S+: no space left on the device \(ENOSPC\); free some disk space/m, 'ENOSPC');
  unchanged();
});

test('an image size whose batch cannot fit is refused before anything is read or written, with what fits', async () => {
  const unchanged = snapshot(data);
  const out = join(root, 'huge-run');
  const result = await runAtelier([...train.slice(0, 3), '-o', out, '--image-size', '100000']);
  assertCleanFailure(result, /^atelier: classify train: image size 100000×100000 needs about [\d.]+ TB per batch of 32 \(.*\), and .* [\d.]+ GB; the largest size that fits is about \d+×\d+ at batch size 32/m, 'image size');
  assert.ok(!existsSync(out), 'no run folder');
  unchanged();
});

test('bad options name the option and the value; nothing is created', async () => {
  const out = join(root, 'opt-run');
  const cases: [string[], RegExp][] = [
    [[...train, '-o', out, '--epochs', '-1'], /^error: option '--epochs <n>' argument '-1' is invalid\. expected an integer >= 1, got '-1'/m],
    [[...train, '-o', out, '--epochs', 'abc'], /^error: option '--epochs <n>' argument 'abc' is invalid/m],
    [[...train, '-o', out, '--batch-size', '0'], /^error: option '--batch-size <n>' argument '0' is invalid/m],
    [[...train, '-o', out, '--learning-rate', 'NaN'], /^error: option '--learning-rate <x>' argument 'NaN' is invalid\. expected a number in/m],
    [[...train, '-o', out, '--validation-split', '2'], /^error: option '--validation-split <x>' argument '2' is invalid/m],
    [[...train, '-o', out, '--frobnicate'], /^error: unknown option '--frobnicate'/m],
    [train, /^error: required option '-o, --out <run-dir>' not specified/m],
    [['classify', 'predict', run, good, '--top-k', '0'], /^error: option '--top-k <k>' argument '0' is invalid/m],
    [['classify', 'explain', run, good, '-o', join(root, 'heat.png'), '--method', 'magic'], /^error: option '--method <name>' argument 'magic' is invalid\. expected one of saliency, .*gradcam/m],
  ];
  const unchanged = snapshot(data, run);
  for (let i = 0; i < cases.length; i += 4) {
    const batch = cases.slice(i, i + 4);
    const results = await Promise.all(batch.map(([args]) => runAtelier(args)));
    results.forEach((result, j) => assertCleanFailure(result, batch[j]![1], batch[j]![0].slice(-2).join(' ')));
  }
  assert.ok(!existsSync(out) && !existsSync(join(root, 'heat.png')));
  unchanged();
});

test('predict with bad files among good ones: the good are predicted, each bad one named with its reason, exit 1', async () => {
  const bad = join(root, 'bad-inputs');
  mkdirSync(bad);
  writeFileSync(join(bad, 'notes.jpg'), 'not a picture at all\n');
  writeFileSync(join(bad, 'zero.png'), '');
  symlinkSync('loop.png', join(bad, 'loop.png'));
  const files = [good, join(bad, 'notes.jpg'), join(bad, 'loop.png'), join(bad, 'missing.png'), join(bad, 'zero.png'), join(data, 'light', '1.png')];
  const unchanged = snapshot(data, run, bad);
  const text = await runAtelier(['classify', 'predict', run, ...files]);
  assertCleanFailure(text, /notes\.jpg: not an image/, 'predict text');
  assert.match(text.stderr, /^atelier: classify predict: .*loop\.png: is a symbolic link loop \(ELOOP\)/m);
  assert.match(text.stderr, /^atelier: classify predict: .*missing\.png: does not exist$/m);
  assert.match(text.stderr, /^atelier: classify predict: .*zero\.png: empty file, not an image$/m);
  assert.match(text.stderr, /^atelier: classify predict: 4 of 6 images could not be read; the others were predicted$/m);
  assert.equal(text.stdout.split('\n').filter((l) => l.startsWith('/')).length, 2, text.stdout);
  assert.match(text.stdout, /1\.png\n {2}1\. (dark|light) /);

  const json = await runAtelier(['classify', 'predict', run, ...files, '--json']);
  assert.equal(json.status, 1);
  const list = JSON.parse(json.stdout) as { file: string; top: unknown[]; error?: string }[];
  assert.deepEqual(list.map((p) => p.file), files, 'every file, in order');
  assert.deepEqual(list.map((p) => p.error === undefined), [true, false, false, false, false, true]);
  assert.match(list[2]!.error!, /symbolic link loop \(ELOOP\)/);
  assert.equal(list[0]!.top.length, 2);
  unchanged();
});

test('a run folder with a hostile weights file: the file is named, nothing is changed', async () => {
  const cases: [string, Buffer, RegExp][] = [
    ['absurd header length', Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 0x7b, 0x7d]), /weights\.safetensors: header length \d+ exceeds/],
    ['bad JSON', Buffer.concat([Buffer.from([5, 0, 0, 0, 0, 0, 0, 0]), Buffer.from('{"a":')]), /weights\.safetensors: header is not valid JSON/],
    ['offsets out of range', (() => {
      const header = Buffer.from(JSON.stringify({ w: { dtype: 'F32', shape: [1e6], data_offsets: [0, 4e6] } }));
      const length = Buffer.alloc(8);
      length.writeUInt32LE(header.length, 0);
      return Buffer.concat([length, header, Buffer.alloc(16)]);
    })(), /weights\.safetensors: tensor 'w': data_offsets \[0, 4000000\] run past the end of the data section/],
  ];
  const results = await Promise.all(cases.map(async ([name, bytes]) => {
    const copy = join(root, `hostile-${name.replace(/ /g, '-')}`);
    cpSync(run, copy, { recursive: true });
    writeFileSync(join(resolveModelFolder(copy), 'weights.safetensors'), bytes);
    const before = hashTree(copy);
    const result = await runAtelier(['classify', 'predict', copy, good]);
    return { result, before, copy };
  }));
  results.forEach(({ result, before, copy }, i) => {
    assertCleanFailure(result, cases[i]![2], cases[i]![0]);
    assert.equal(hashTree(copy), before, `${cases[i]![0]}: the run folder is unchanged`);
  });
});

test('ATELIER_THREADS above the core count is clamped to it with one warning', () => {
  const index = fileURLToPath(new URL('../../src/index.js', import.meta.url));
  const script = `const a = await import(${JSON.stringify(index)}); a.setBackend('wasm'); console.log(a.getBackend().threads);`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    env: { ...process.env, ATELIER_THREADS: '5000', ATELIER_BACKEND: '' }, encoding: 'utf8', timeout: 30_000,
  });
  assert.equal(result.status, 0, result.stderr);
  const cores = availableParallelism();
  assert.equal(result.stdout.trim(), String(cores));
  assert.match(result.stderr, new RegExp(`ATELIER_THREADS: 5000 is more than the ${cores} cores? of this machine; using ${cores}`));
  assert.equal(result.stderr.match(/is more than the/g)?.length, 1, 'one warning');
});

test('a reader that closes the output early (atelier ... | head -1) ends the run quietly, without a stack', async () => {
  // 500 predictions as JSON are ~100 KB: more than a pipe holds, so writing must meet the closed pipe.
  const child = spawn(process.execPath, [CLI, 'classify', 'predict', run, ...new Array<string>(500).fill(good), '--json'], {
    env: { ...process.env, ATELIER_BACKEND: 'js', ATELIER_DEBUG: '' },
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout.once('data', () => child.stdout.destroy());
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.equal(stderr, '', 'nothing on stderr');
  assert.equal(status, 0);
});
