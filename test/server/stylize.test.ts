/**
 * POST /stylize on a tiny fast style run trained in this file: a PNG of the image's size (or of
 * maxSide), the run listed as `style`, and the image errors.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import fastify from 'fastify';
import { trainStyleNetwork } from '../../src/art/style/fast/train.js';
import { readImagePixels } from '../../src/io/image.js';
import { registerApiRoutes } from '../../src/server/api/register.js';
import { runsFolder } from '../../src/server/runs/run-source.js';
import { tempDir } from '../helpers/temp-dir.js';
import { randomPng, runsIn } from './run-fixtures.js';
import { writeFileSync, mkdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const work = tempDir('serve-stylize');
const root = runsIn(work);
const content = join(work, 'photos');
mkdirSync(content);
writeFileSync(join(content, 'a.png'), await randomPng(40, 36, 2));
writeFileSync(join(content, 'b.png'), await randomPng(36, 44, 3));
const style = join(work, 'style.png');
writeFileSync(style, await randomPng(40, 40, 4));
await trainStyleNetwork(style, content, {
  outDir: join(root, 'starry'), steps: 2, size: 32, batchSize: 2, seed: 1, previewEvery: 1000, checkpointEvery: 1000,
  network: { width: 8, residualBlocks: 1, outerKernel: 3, margin: 4 },
});

const app = fastify();
await registerApiRoutes(app, { runs: runsFolder(root) });
after(() => app.close());

test('a fast style run is listed as style and /stylize answers a PNG of the image size', async () => {
  const { models } = (await app.inject({ method: 'GET', url: '/models' })).json<{ models: { name: string; kind: string; summary: Record<string, unknown> }[] }>();
  assert.deepEqual(models.map((m) => [m.name, m.kind]), [['starry', 'style']]);
  assert.deepEqual(models[0]!.summary, { data: content, style, step: 2, arch: 'style network, width 8, 1 residual blocks' }, 'the summary names the painting and the content');
  const answer = await app.inject({ method: 'POST', url: '/stylize', headers: { 'content-type': 'image/png' }, payload: await randomPng(30, 22, 5) });
  assert.equal(answer.statusCode, 200, answer.body);
  assert.equal(answer.headers['content-type'], 'image/png');
  const pixels = await readImagePixels(new Uint8Array(answer.rawPayload));
  assert.deepEqual([pixels.width, pixels.height, pixels.channels], [30, 22, 3]);
});

test('/stylize scales a large image down to maxSide, and refuses non-images and bad parameters', async () => {
  const answer = await app.inject({ method: 'POST', url: '/stylize?model=starry&maxSide=32', headers: { 'content-type': 'image/png' }, payload: await randomPng(80, 40, 6) });
  assert.equal(answer.statusCode, 200, answer.body);
  const pixels = await readImagePixels(new Uint8Array(answer.rawPayload));
  assert.deepEqual([pixels.width, pixels.height], [32, 16]);
  const text = await app.inject({ method: 'POST', url: '/stylize', headers: { 'content-type': 'image/png' }, payload: Buffer.from('not a picture') });
  assert.equal(text.statusCode, 400, text.body);
  const unknown = await app.inject({ method: 'POST', url: '/stylize?size=3', headers: { 'content-type': 'image/png' }, payload: await randomPng(8, 8) });
  assert.equal(unknown.statusCode, 400);
  assert.match(unknown.json<{ error: { message: string } }>().error.message, /unknown query parameter 'size'/);
});

test('a process that only loads style runs (a server: no training code imported) knows the network\'s own layers', () => {
  // This file imported the trainer, which registered them here; a fresh process has only the loader.
  const apply = new URL('../../src/art/style/fast/apply.js', import.meta.url).href;
  const script = `const { loadStyleRun } = await import(${JSON.stringify(apply)}); const run = loadStyleRun(process.argv[1]); console.log(run.network.layers.map((l) => l.constructor.name).join(' '));`;
  const layers = execFileSync(process.execPath, ['--input-type=module', '-e', script, join(root, 'starry')], { encoding: 'utf8' });
  assert.match(layers, /ReflectionPadding2D/);
  assert.match(layers, /PixelResidual/);
});
