/** `atelier style train` and `atelier style apply` end to end on tiny images, and their user errors as one line with exit code 1. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { buildProgram } from '../../src/cli/program.js';
import { runStyleTrain } from '../../src/cli/commands/style/train.js';
import { runStyleApply } from '../../src/cli/commands/style/apply.js';
import { Random } from '../../src/index.js';
import { tempDir } from '../helpers/temp-dir.js';
import { Capture } from './helpers/capture.js';
import { atelier } from './helpers/run-cli.js';

const dir = tempDir('cli-style-fast');

async function writeNoisePng(path: string, width: number, height: number, seed: number, channels: 1 | 3 = 3): Promise<string> {
  const rng = new Random(seed);
  const px = Buffer.alloc(width * height * channels);
  for (let i = 0; i < px.length; i++) px[i] = Math.floor(rng.next() * 256);
  await sharp(px, { raw: { width, height, channels } }).png().toFile(path);
  return path;
}

const style = await writeNoisePng(join(dir, 'style.png'), 40, 40, 1);
const photos = join(dir, 'photos');
mkdirSync(photos);
const a = await writeNoisePng(join(photos, 'a.png'), 40, 30, 2);
const b = await writeNoisePng(join(photos, 'b.png'), 30, 40, 3, 1);
const run = join(dir, 'run');

test('style train --json, then style apply: one image to a file, several to a folder, at --size', async () => {
  const out = new Capture();
  const err = new Capture();
  await runStyleTrain(style, photos, { out: run, size: 16, steps: 2, batchSize: 1, width: 4, residualBlocks: 1, outerKernel: 3, json: true }, out, err);
  const json = JSON.parse(out.text) as { step: number; stoppedBy: string; settings: { size: number; network: { width: number } } };
  assert.equal(json.step, 2);
  assert.equal(json.stoppedBy, 'steps');
  assert.deepEqual([json.settings.size, json.settings.network.width], [16, 4]);
  const one = join(dir, 'one.png');
  const out2 = new Capture();
  await runStyleApply(run, [a], { out: one, size: 20 }, out2, new Capture());
  assert.match(out2.text, /one\.png: 20x15 in [\d.]+ s\n.*loaded in [\d.]+ s/s);
  const meta = await sharp(one).metadata();
  assert.deepEqual([meta.width, meta.height, meta.channels], [20, 15, 3]);
  const folder = join(dir, 'many');
  const out3 = new Capture();
  const err3 = new Capture();
  await runStyleApply(run, [a, b], { out: folder, json: true, size: 24 }, out3, err3);
  const report = JSON.parse(out3.text) as { step: number; loadSeconds: number; images: { out: string; width: number; height: number; seconds: number }[] };
  assert.equal(report.step, 2);
  assert.deepEqual(report.images.map((i) => [i.out, i.width, i.height]), [[join(folder, 'a.png'), 24, 18], [join(folder, 'b.png'), 18, 24]]);
  assert.match(err3.text, /notice: image .*b\.png is greyscale; used as RGB/);
  for (const i of report.images) assert.ok(existsSync(i.out));
});

test('user errors: --steps 0, a folder that is not a style run, a missing content folder, a file as the output folder', async () => {
  const program = buildProgram();
  const written: string[] = [];
  const all = (c: ReturnType<typeof buildProgram>): ReturnType<typeof buildProgram>[] => [c, ...c.commands.flatMap(all)];
  for (const c of all(program)) c.exitOverride().configureOutput({ writeErr: (s) => written.push(s), writeOut: () => {} });
  await assert.rejects(program.parseAsync(['node', 'atelier', 'style', 'train', style, photos, '-o', join(dir, 'x'), '--steps', '0']), /option '--steps <n>' argument '0' is invalid\. expected an integer >= 1, got '0'/);
  let r = await atelier('style', 'apply', photos, a, '-o', join(dir, 'never.png'));
  assert.equal(r.code, 1);
  assert.match(r.stderr, /style apply: .*photos holds no style network \(no complete checkpoint\); train one with 'atelier style train/);
  r = await atelier('style', 'train', style, join(dir, 'nothing'), '-o', join(dir, 'x'));
  assert.equal(r.code, 1);
  assert.match(r.stderr, /style train: content folder .*nothing does not exist/);
  r = await atelier('style', 'apply', run, a, b, '-o', a);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /with 2 images, -o must be a folder, and .*a\.png is a file/);
});
