/**
 * Fast feed-forward style transfer: a tiny training run lowers the perceptual loss, the trained network
 * stylises images of any size into [0, 1], an interrupted run resumes to bit-identical weights, and bad
 * inputs are refused with errors naming what was wrong.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { Random, tensor, ShapeError } from '../../src/index.js';
import {
  applyStyle, applyStyleToPixels, buildTransformNetwork, resolveTransformNetwork, latestStyleCheckpoint, loadStyleRun, readStyleState, trainStyleNetwork, StyleMemoryError, type TrainStyleNetworkOptions,
} from '../../src/art/style/index.js';
import { openContentSet } from '../../src/art/style/fast/content.js';
import { shippedPaintingsDir } from '../../src/art/assets.js';
import { tempDir } from '../helpers/temp-dir.js';

const root = tempDir('style-fast');

/** A 3-channel PNG of stripes and noise (or a grey one with `channels` 1, or RGBA with 4). */
async function writePicture(path: string, width: number, height: number, seed: number, channels: 1 | 3 | 4 = 3): Promise<string> {
  const rng = new Random(seed);
  const px = Buffer.alloc(width * height * channels);
  for (let i = 0; i < px.length; i++) px[i] = (channels === 4 && i % 4 === 3) ? 128 : Math.floor(((i % 3) * 70 + rng.next() * 100 + (Math.floor(i / channels / width) % (6 + seed) < 3 ? 80 : 0)) % 256);
  await sharp(px, { raw: { width, height, channels } }).png().toFile(path);
  return path;
}

const style = await writePicture(join(root, 'style.png'), 40, 40, 1);
const photos = join(root, 'photos');
mkdirSync(join(photos, 'nested'), { recursive: true });
await writePicture(join(photos, 'a.png'), 48, 40, 2);
await writePicture(join(photos, 'nested', 'b.png'), 36, 52, 3, 1);
await writePicture(join(photos, 'c.png'), 44, 44, 4, 4);
const tiny: Partial<TrainStyleNetworkOptions> = { size: 32, batchSize: 2, network: { width: 8, residualBlocks: 1, outerKernel: 3, margin: 4 }, previewEvery: 1000, checkpointEvery: 1000, seed: 3 };

function checkpointBytes(runDir: string): Map<string, Buffer> {
  const snapshot = latestStyleCheckpoint(runDir, 'test')!;
  return new Map(readdirSync(snapshot.path).sort().map((f) => [f, readFileSync(join(snapshot.path, f))]));
}

test('a short run on 32 px crops lowers the loss; previews, curves and a checkpoint are written', async () => {
  const losses: number[] = [];
  const runDir = join(root, 'learn');
  const result = await trainStyleNetwork(style, photos, { ...tiny, outDir: runDir, steps: 20, learningRate: 0.01, previewEvery: 10, onStep: (p) => losses.push(p.loss) });
  assert.equal(result.state.step, 20);
  assert.equal(result.state.settings.contentCount, 3);
  const first = (losses[0]! + losses[1]! + losses[2]!) / 3;
  const last = (losses[17]! + losses[18]! + losses[19]!) / 3;
  assert.ok(last < 0.75 * first, `loss ${first.toExponential(3)} -> ${last.toExponential(3)}`);
  assert.deepEqual(readdirSync(join(runDir, 'previews')).sort(), ['latest.png', 'step-000000.png', 'step-000010.png', 'step-000020.png']);
  assert.deepEqual(result.state.history.step, [10, 20]);
  const meta = await sharp(join(runDir, 'previews', 'latest.png')).metadata();
  assert.deepEqual([meta.width, meta.height], [256, 213], 'the preview is the first content image, 256 px on its longer side');
  assert.ok(readdirSync(runDir).includes('curves-loss.png'));
});

test('apply: any size in, the same size out, values in [0, 1]; grey and RGBA pixels become RGB', async () => {
  const run = loadStyleRun(join(root, 'learn'));
  const image = new Random(5).uniform([30, 22, 3]);
  const out = applyStyle(run, image);
  assert.deepEqual(out.shape, [30, 22, 3]);
  const v = out.values as Float32Array;
  assert.ok(v.every((x) => x >= 0 && x <= 1));
  assert.ok(Math.max(...v) - Math.min(...v) > 0.05, 'not a flat picture');
  const batch = applyStyle(run, new Random(6).uniform([2, 16, 20, 3]));
  assert.deepEqual(batch.shape, [2, 16, 20, 3]);
  const grey = applyStyleToPixels(run, { data: new Uint8Array(13 * 9).fill(90), width: 13, height: 9, channels: 1 });
  assert.deepEqual([grey.width, grey.height, grey.channels, grey.data.length], [13, 9, 3, 13 * 9 * 3]);
  const rgba = applyStyleToPixels(run.network, { data: new Uint8Array(8 * 8 * 4).fill(200), width: 8, height: 8, channels: 4 });
  assert.equal(rgba.data.length, 8 * 8 * 3);
  // Untrained, the residual network returns its input (its last convolution starts near 0).
  const fresh = buildTransformNetwork(resolveTransformNetwork('test', { width: 8, residualBlocks: 1 }), 0);
  const same = applyStyle(fresh, image).values as Float32Array;
  assert.ok(same.every((x, i) => Math.abs(x - image.values[i]!) < 0.03), 'identity at the start');
  assert.throws(() => applyStyle(run, tensor(new Float32Array(8 * 8 * 4), [8, 8, 4])), (e: unknown) => e instanceof ShapeError && /\[8,8,4\] must be \[height, width, 3\]/.test(e.message));
});

test('a run interrupted after its checkpoint and resumed is bit-identical to an uninterrupted one', async () => {
  const straight = join(root, 'straight');
  const split = join(root, 'split');
  await trainStyleNetwork(style, photos, { ...tiny, outDir: straight, steps: 4 });
  const first = await trainStyleNetwork(style, photos, { ...tiny, outDir: split, steps: 4, maxSteps: 2 });
  assert.equal(first.stoppedBy, 'maxSteps');
  assert.equal(readStyleState(latestStyleCheckpoint(split, 't')!.path).step, 2);
  // A dead writer's staging folder is never read as a checkpoint.
  mkdirSync(join(split, '.staging-checkpoint-999999-deadbeef'));
  writeFileSync(join(split, '.staging-checkpoint-999999-deadbeef', 'style-network.json'), '{"format": "atelier-style-network", "step": 9');
  const second = await trainStyleNetwork(style, photos, { outDir: split, resume: true, steps: 4 });
  assert.equal(second.steps, 2);
  const a = checkpointBytes(straight);
  const b = checkpointBytes(split);
  assert.deepEqual([...a.keys()], ['model.json', 'optimizer.safetensors', 'style-network.json', 'weights.safetensors']);
  for (const name of ['model.json', 'optimizer.safetensors', 'weights.safetensors']) assert.ok(a.get(name)!.equals(b.get(name)!), `${name} differs`);
  const sa = JSON.parse(a.get('style-network.json')!.toString()) as Record<string, unknown>;
  const sb = JSON.parse(b.get('style-network.json')!.toString()) as Record<string, unknown>;
  for (const key of ['settings', 'step', 'history']) assert.deepEqual(sb[key], sa[key], key);
  await assert.rejects(trainStyleNetwork(style, photos, { outDir: split, resume: true, steps: 6, batchSize: 4 }), /cannot resume .* with batchSize 4: the run was trained with 2/);
  await assert.rejects(trainStyleNetwork(style, photos, { outDir: split, resume: true, steps: 4 }), /already taken 4 steps, not fewer than steps 4/);
  await assert.rejects(trainStyleNetwork(style, photos, { ...tiny, outDir: split, steps: 4 }), /already holds a run; .*--resume.*--overwrite/);
});

test('errors: empty or unreadable content folders (named), steps <= 0, sizes too large for memory, folders that are not style runs', async () => {
  const empty = join(root, 'empty');
  mkdirSync(empty);
  writeFileSync(join(empty, 'notes.txt'), 'no pictures here');
  await assert.rejects(trainStyleNetwork(style, empty, { ...tiny, outDir: join(root, 'e1'), steps: 1 }), /content folder .*empty holds no readable images \(no files with an image extension\)/);
  const broken = join(root, 'broken');
  mkdirSync(broken);
  writeFileSync(join(broken, 'x.jpg'), 'not a jpeg');
  const notices: string[] = [];
  await assert.rejects(trainStyleNetwork(style, broken, { ...tiny, outDir: join(root, 'e2'), steps: 1, notice: (m) => notices.push(m) }), /broken holds no readable images \(1 image files, none readable\)/);
  assert.match(notices.join('\n'), /content image .*x\.jpg cannot be read .*; skipped/);
  await assert.rejects(trainStyleNetwork(style, join(root, 'nowhere'), { ...tiny, outDir: join(root, 'e3') }), /content folder .*nowhere does not exist/);
  await assert.rejects(trainStyleNetwork(style, photos, { ...tiny, outDir: join(root, 'e4'), steps: 0 }), /steps must be an integer >= 1, got 0/);
  await assert.rejects(trainStyleNetwork(style, photos, { ...tiny, outDir: join(root, 'e5'), size: 4096, batchSize: 4 }),
    (e: unknown) => e instanceof StyleMemoryError && /4 crops of 4096x4096 .* need about [\d.]+ GiB .*the largest size that fits is about \d+ \(--size \d+\)/.test(e.message));
  assert.throws(() => loadStyleRun(join(root, 'nowhere')), /run folder .*nowhere does not exist/);
  assert.throws(() => loadStyleRun(empty), /holds no style network \(no complete checkpoint\); train one with 'atelier style train/);
  const gan = join(root, 'gan-run');
  mkdirSync(join(gan, 'checkpoint-000001'), { recursive: true });
  writeFileSync(join(gan, 'checkpoint-000001', 'gan.json'), '{}');
  assert.throws(() => loadStyleRun(gan), /is not a style run \(its checkpoint-000001 has no style-network\.json\)/);
});

test('builtin content leaves out the style painting, also when the style is a copy of it elsewhere (a run resumed from another checkout)', async () => {
  const shipped = join(shippedPaintingsDir(), 'vincent_van_gogh_the_starry_night.jpg');
  const copy = join(root, 'starry-copy.jpg');
  copyFileSync(shipped, copy);
  const notices: string[] = [];
  const direct = await openContentSet('t', 'builtin', shipped, (m) => notices.push(m));
  const copied = await openContentSet('t', 'builtin', copy, (m) => notices.push(m));
  const other = await openContentSet('t', 'builtin', style, (m) => notices.push(m));
  assert.ok(!direct.files.some((f) => f.endsWith('starry_night.jpg')));
  assert.deepEqual(copied.files, direct.files);
  assert.equal(other.files.length, direct.files.length + 1, 'a style that is not shipped leaves every painting in');
});
