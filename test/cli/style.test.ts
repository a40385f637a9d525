/** `atelier texture` and `atelier stylize`: JSON and files end to end on tiny images, and user errors as one line with exit code 1. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { buildProgram } from '../../src/cli/program.js';
import { runTexture } from '../../src/cli/commands/texture.js';
import { runStylize, snapshotPath } from '../../src/cli/commands/stylize.js';
import { Random, writeSafetensors } from '../../src/index.js';
import { tempDir } from '../helpers/temp-dir.js';
import { Capture } from './helpers/capture.js';
import { atelier } from './helpers/run-cli.js';

const dir = tempDir('cli-style');

async function writeNoisePng(path: string, width: number, height: number, seed: number): Promise<string> {
  const rng = new Random(seed);
  const px = Buffer.alloc(width * height * 3);
  for (let i = 0; i < px.length; i++) px[i] = Math.floor(((i % 3) * 60 + rng.next() * 120 + (Math.floor(i / 3 / width) % 8 < 4 ? 60 : 0)) % 256);
  await sharp(px, { raw: { width, height, channels: 3 } }).png().toFile(path);
  return path;
}

const style = await writeNoisePng(join(dir, 'style.png'), 40, 40, 1);
const content = await writeNoisePng(join(dir, 'content.png'), 48, 32, 2);

test('texture --json prints gramLossStart, gramLossEnd, gramLossRatio and seconds, and writes the PNG', async () => {
  const out = new Capture();
  const err = new Capture();
  const png = join(dir, 'tex.png');
  await runTexture(style, { out: png, size: 16, steps: 4, json: true }, out, err);
  const json = JSON.parse(out.text) as Record<string, number>;
  for (const key of ['gramLossStart', 'gramLossEnd', 'gramLossRatio', 'seconds']) assert.equal(typeof json[key], 'number', key);
  assert.ok(Math.abs(json.gramLossRatio! - json.gramLossStart! / json.gramLossEnd!) < 1e-9 * json.gramLossRatio!);
  assert.ok(json.gramLossRatio! > 1);
  const meta = await sharp(png).metadata();
  assert.deepEqual([meta.width, meta.height], [16, 16]);
});

test('stylize: progress, snapshots, side-by-side sheet and the result at the content aspect ratio', async () => {
  const out = new Capture();
  const err = new Capture();
  const png = join(dir, 'styled.png');
  const sheet = join(dir, 'sbs.png');
  await runStylize(content, [style, style], { out: png, size: 24, steps: 4, snapshotEvery: 2, sideBySide: sheet, styleBlend: [1, 2], coarseToFine: false }, out, err);
  assert.match(err.text, /stylize 4\/4 \[=+\] style \d\.\d{3}e[-+]\d+ content .* s\/step, ETA 0s/);
  assert.match(out.text, /styled\.png: style loss .* -> .* \(\d+\.\dx lower\)/);
  const meta = await sharp(png).metadata();
  assert.deepEqual([meta.width, meta.height], [24, 16]);
  for (const step of [2, 4]) assert.ok(existsSync(snapshotPath(png, step)), snapshotPath(png, step));
  assert.ok(existsSync(sheet));
  assert.equal(snapshotPath('a/b.c/out.png', 50), 'a/b.c/out-000050.png');
});

test('user errors: steps <= 0, unknown extractor, misnamed VGG tensors (listed)', async () => {
  const tex = join(dir, 'never.png');
  // Commander exits on an invalid option value; with exitOverride it throws instead.
  const program = buildProgram();
  const written: string[] = [];
  for (const c of [program, ...program.commands]) c.exitOverride().configureOutput({ writeErr: (s) => written.push(s), writeOut: () => {} });
  await assert.rejects(program.parseAsync(['node', 'atelier', 'texture', style, '-o', tex, '--steps', '0']), /option '--steps <n>' argument '0' is invalid\. expected an integer >= 1, got '0'/);
  let r = await atelier('stylize', content, style, '-o', tex, '--extractor', 'alexnet');
  assert.equal(r.code, 1);
  assert.match(r.stderr, /expected 'random' or a \.safetensors file of VGG weights, got 'alexnet'/);
  const bad = join(dir, 'bad.safetensors');
  writeSafetensors(bad, { 'features.0.weights': new Random(0).normal([2, 3, 3, 3]) });
  r = await atelier('stylize', content, style, '-o', tex, '--extractor', bad, '--size', '16', '--steps', '1');
  assert.equal(r.code, 1);
  assert.match(r.stderr, /missing features\.0\.weight .*\n.*missing features\.0\.bias/s);
  assert.match(r.stderr, /unexpected tensor features\.0\.weights/);
  assert.equal(existsSync(tex), false);
});
