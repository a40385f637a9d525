/**
 * POST /predict and GET /health, /models, /openapi.json over a classifier run: answers, the match
 * with `classify predict`, multipart uploads, and the 4xx answers to bad input.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fastify from 'fastify';
import { registerApiRoutes } from '../../src/server/api/register.js';
import { runsFolder } from '../../src/server/runs/run-source.js';
import { predictImages } from '../../src/art/classify/predict.js';
import { tempDir } from '../helpers/temp-dir.js';
import { CLASS_NAMES, flatPng, randomPng, runsIn, saveTinyClassifier } from './run-fixtures.js';

const root = runsIn(tempDir('serve-predict'));
saveTinyClassifier(join(root, 'paintings'));
const app = fastify();
await registerApiRoutes(app, { runs: runsFolder(root), limits: { maxBytes: 200_000, maxPixels: 300 * 300 } });
after(() => app.close());

const png = await randomPng(40, 30);

test('GET /health answers 200 with the served runs; /models lists kind and classes', async () => {
  const health = await app.inject({ method: 'GET', url: '/health' });
  assert.equal(health.statusCode, 200);
  assert.deepEqual(health.json(), { status: 'ok', models: ['paintings'] });
  const models = (await app.inject({ method: 'GET', url: '/models' })).json<{ models: { name: string; kind: string; classes: string[] }[] }>();
  assert.equal(models.models[0]!.kind, 'classify');
  assert.deepEqual(models.models[0]!.classes, CLASS_NAMES);
});

test('POST /predict with a raw image body gives the same classes and probabilities as classify predict', async () => {
  const file = join(tempDir('serve-predict-file'), 'x.png');
  writeFileSync(file, png);
  const [expected] = await predictImages(join(root, 'paintings'), [file], { topK: 3 });
  const response = await app.inject({ method: 'POST', url: '/predict?top=3', headers: { 'content-type': 'image/png' }, payload: png });
  assert.equal(response.statusCode, 200, response.body);
  const body = response.json<{ top: { className: string; probability: number }[] }>();
  assert.deepEqual(body.top, expected!.top.map((c) => ({ className: c.className, probability: c.probability })));
  assert.ok(Math.abs(body.top.reduce((s, c) => s + c.probability, 0) - 1) < 1e-5);
});

/** Posts a multipart form with the file `bytes` in `field` (and a text field beside it). */
async function postForm(url: string, field: string, bytes: Buffer): Promise<Awaited<ReturnType<typeof app.inject>>> {
  const form = new FormData();
  form.append('note', 'ignored');
  form.append(field, new Blob([new Uint8Array(bytes)], { type: 'image/png' }), 'x.png');
  const request = new Request('http://x/', { method: 'POST', body: form });
  return app.inject({ method: 'POST', url, headers: { 'content-type': request.headers.get('content-type')! }, payload: Buffer.from(await request.arrayBuffer()) });
}

test('POST /predict takes the multipart field image and ?model=; other fields, a missing image and too many bytes are told apart', async () => {
  const response = await postForm('/predict?model=paintings&top=1', 'image', png);
  assert.equal(response.statusCode, 200, response.body);
  assert.equal(response.json<{ top: unknown[] }>().top.length, 1);
  const wrongField = await postForm('/predict', 'picture', png);
  assert.equal(wrongField.statusCode, 400);
  assert.equal(wrongField.json<{ error: { code: string } }>().error.code, 'missing_image');
  const large = await postForm('/predict', 'image', Buffer.alloc(300_000));
  assert.equal(large.statusCode, 413, large.body);
});

/** Sends `payload` and checks the status and the error code of the JSON answer. */
async function refused(url: string, payload: Buffer | string, contentType: string, status: number, code: string): Promise<string> {
  const response = await app.inject({ method: 'POST', url, headers: { 'content-type': contentType }, payload });
  assert.equal(response.statusCode, status, response.body);
  const body = response.json<{ error: { code: string; message: string } }>();
  assert.equal(body.error.code, code, body.error.message);
  return body.error.message;
}

test('bad uploads get a 4xx with a JSON error naming the problem', async () => {
  assert.match(await refused('/predict', Buffer.from('hello, not an image'), 'image/png', 400, 'bad_image'), /not an image/);
  assert.match(await refused('/predict', png.subarray(0, Math.floor(png.length / 2)), 'image/png', 400, 'bad_image'), /truncated|corrupt/);
  assert.match(await refused('/predict', '{"a":1}', 'application/json', 415, 'unsupported_media_type'), /image\/png/);
  await refused('/predict', Buffer.alloc(300_000), 'image/png', 413, 'payload_too_large');
  assert.match(await refused('/predict', await flatPng(400, 300), 'image/png', 413, 'image_too_large'), /400×300/);
  assert.match(await refused('/predict?top=0', png, 'image/png', 400, 'bad_request'), /top/);
  assert.match(await refused('/predict?modle=x', png, 'image/png', 400, 'unknown_parameter'), /modle/);
  assert.match(await refused('/predict?model=nope', png, 'image/png', 404, 'unknown_model'), /nope/);
});

test('GET /openapi.json documents every route', async () => {
  const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json<{ openapi: string; paths: Record<string, Record<string, unknown>> }>();
  assert.equal(doc.openapi, '3.1.0');
  const registered: string[] = [];
  const probe = fastify();
  probe.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) if (method !== 'HEAD') registered.push(`${method.toLowerCase()} ${route.url}`);
  });
  await registerApiRoutes(probe, { runs: runsFolder(root) });
  await probe.ready();
  const documented = Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m} ${path}`));
  assert.deepEqual(documented.sort(), registered.sort());
  for (const route of ['get /health', 'get /openapi.json', 'get /models', 'post /predict', 'post /explain', 'post /generate', 'post /interpolate', 'post /sample']) assert.ok(documented.includes(route), route);
  await probe.close();
});
