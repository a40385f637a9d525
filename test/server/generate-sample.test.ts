/**
 * POST /generate and /interpolate on a tiny GAN run, POST /sample on a tiny text run, and POST
 * /explain on a classifier run, all trained or built through the library in this file.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fastify from 'fastify';
import { trainGan } from '../../src/art/gan/train.js';
import { trainTextModel } from '../../src/art/text/train.js';
import { readImagePixels } from '../../src/io/image.js';
import { registerApiRoutes } from '../../src/server/api/register.js';
import { runsFolder } from '../../src/server/runs/run-source.js';
import { tempDir } from '../helpers/temp-dir.js';
import { CLASS_NAMES, randomPng, runsIn, saveTinyClassifier } from './run-fixtures.js';

const work = tempDir('serve-generate');
const root = runsIn(work);
await trainGan('mnist', { outDir: join(root, 'digits'), size: 28, channels: 1, width: 4, latentDim: 8, batchSize: 8, maxSteps: 2, conditional: true, sampleEvery: 1000, checkpointEvery: 1, verbose: 0 });
const corpus = join(work, 'poems.txt');
const poems = ['床前明月光，疑是地上霜。舉頭望明月，低頭思故鄉。', '白日依山盡，黃河入海流。欲窮千里目，更上一層樓。', '春眠不覺曉，處處聞啼鳥。夜來風雨聲，花落知多少。'];
writeFileSync(corpus, Array.from({ length: 30 }, (_, i) => poems[i % poems.length]).join('\n'));
await trainTextModel(corpus, { outDir: join(root, 'poems'), layers: 1, units: 16, embeddingDim: 8, seqLen: 16, batchSize: 8, epochs: 1, samples: 1, verbose: 0, onWarning: () => {} });
saveTinyClassifier(join(root, 'paintings'));

const app = fastify();
await registerApiRoutes(app, { runs: runsFolder(root) });
after(() => app.close());

async function post(url: string, payload: object): Promise<Awaited<ReturnType<typeof app.inject>>> {
  return app.inject({ method: 'POST', url, payload });
}

test('GET /models tells the kinds apart', async () => {
  const { models } = (await app.inject({ method: 'GET', url: '/models' })).json<{ models: { name: string; kind: string }[] }>();
  assert.deepEqual(models.map((m) => [m.name, m.kind]), [['digits', 'gan'], ['paintings', 'classify'], ['poems', 'text']]);
});

test('POST /generate answers a PNG grid, or base64 PNGs of the asked class as JSON; bad options are 400', async () => {
  const grid = await post('/generate', { n: 4, seed: 1 });
  assert.equal(grid.statusCode, 200, grid.body);
  assert.equal(grid.headers['content-type'], 'image/png');
  assert.ok((await readImagePixels(new Uint8Array(grid.rawPayload))).width > 28);
  const json = await post('/generate?format=json', { n: 3, class: '7', truncation: 0.5 });
  assert.equal(json.statusCode, 200, json.body);
  const body = json.json<{ images: string[]; classes: string[] }>();
  assert.deepEqual(body.classes, ['7', '7', '7']);
  const first = await readImagePixels(new Uint8Array(Buffer.from(body.images[0]!, 'base64')), { channels: 1 });
  assert.deepEqual([first.width, first.height], [28, 28]);
  const again = (await post('/generate?format=json', { n: 3, class: '7', truncation: 0.5 })).json<{ images: string[] }>();
  assert.deepEqual(again.images, body.images, 'the same seed gives the same images');
  const unknownClass = await post('/generate', { class: 'cat' });
  assert.equal(unknownClass.statusCode, 400);
  assert.match(unknownClass.json<{ error: { message: string } }>().error.message, /no class 'cat'/);
  assert.equal((await post('/generate', { n: 0 })).statusCode, 400);
  assert.equal((await post('/generate', { count: 3 })).json<{ error: { code: string } }>().error.code, 'unknown_parameter');
});

test('POST /interpolate answers an animated GIF or a PNG strip', async () => {
  const gif = await post('/interpolate', { steps: 3, seed: 2 });
  assert.equal(gif.statusCode, 200, gif.body);
  assert.equal(gif.headers['content-type'], 'image/gif');
  assert.equal(gif.rawPayload.subarray(0, 6).toString('latin1'), 'GIF89a');
  const png = await post('/interpolate', { steps: 3, format: 'png' });
  assert.equal(png.headers['content-type'], 'image/png');
  assert.equal((await post('/interpolate', { steps: 1 })).statusCode, 400);
});

test('POST /sample writes text; verse options reach the library, whose refusals are 400 with its message', async () => {
  const free = await post('/sample', { n: 2, length: 20, seed: 3 });
  assert.equal(free.statusCode, 200, free.body);
  const { samples } = free.json<{ samples: string[] }>();
  assert.equal(samples.length, 2);
  const verse = (await post('/sample', { acrostic: '春花明月', seed: 1 })).json<{ samples: string[] }>();
  assert.deepEqual([...verse.samples[0]!.split('\n').join('')].filter((_, i) => i % 6 === 0), ['春', '花', '明', '月']);
  const badTemperature = await post('/sample', { temperature: 0 });
  assert.equal(badTemperature.statusCode, 400);
  assert.match(badTemperature.json<{ error: { message: string } }>().error.message, /temperature must be > 0/);
  const badAcrostic = await post('/sample', { acrostic: '春花' });
  assert.match(badAcrostic.json<{ error: { message: string } }>().error.message, /fill no verse form/);
  const malformed = await app.inject({ method: 'POST', url: '/sample', headers: { 'content-type': 'application/json' }, payload: '{"n": 2,' });
  assert.equal(malformed.statusCode, 400);
  assert.equal(malformed.json<{ error: { code: string } }>().error.code, 'malformed_json');
  const wrongKind = await post('/sample?model=digits', {});
  assert.equal(wrongKind.statusCode, 400);
  assert.match(wrongKind.json<{ error: { message: string } }>().error.message, /a gan run; \/sample needs a text run/);
});

test('POST /explain answers a heat map PNG over the image and the top classes', async () => {
  const png = await randomPng(20, 20);
  const response = await app.inject({ method: 'POST', url: `/explain?method=saliency&class=${CLASS_NAMES[2]}&top=2`, headers: { 'content-type': 'image/png' }, payload: png });
  assert.equal(response.statusCode, 200, response.body);
  const body = response.json<{ className: string; method: string; top: unknown[]; width: number; height: number; heatmap: string }>();
  assert.equal(body.className, CLASS_NAMES[2]);
  assert.equal(body.method, 'saliency');
  assert.equal(body.top.length, 2);
  const picture = await readImagePixels(new Uint8Array(Buffer.from(body.heatmap, 'base64')));
  assert.deepEqual([picture.width, picture.height], [body.width, body.height]);
  assert.ok(body.width >= 256);
  const unknown = await app.inject({ method: 'POST', url: '/explain?class=baroque', headers: { 'content-type': 'image/png' }, payload: png });
  assert.equal(unknown.json<{ error: { code: string } }>().error.code, 'unknown_class');
});
