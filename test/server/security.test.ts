/**
 * What keeps the API safe: the token, the binding rule, run names that try to leave the runs
 * folder, a full queue answering 503 with Retry-After, and no tensors left behind by requests.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fastify from 'fastify';
import { registerApiRoutes } from '../../src/server/api/register.js';
import { createServeApp, startServer } from '../../src/server/serve-app.js';
import { fixedRuns, runsFolder } from '../../src/server/runs/run-source.js';
import { memory } from '../../src/tensor/storage.js';
import { settleGc } from '../helpers/gc.js';
import { tempDir } from '../helpers/temp-dir.js';
import { randomPng, runsIn, saveTinyClassifier } from './run-fixtures.js';

const work = tempDir('serve-security');
const root = runsIn(work);
saveTinyClassifier(join(root, 'paintings'));
saveTinyClassifier(join(work, 'outside'));
symlinkSync(join(work, 'outside'), join(root, 'escape'));
const png = await randomPng(24, 24);

test('with a token every request needs Authorization: Bearer <token>, unknown routes included', async () => {
  const { app, url } = await startServer({ runs: fixedRuns([join(root, 'paintings')]), port: 0, token: 's3cret' });
  after(() => app.close());
  const missing = await fetch(`${url}/health`);
  assert.equal(missing.status, 401);
  assert.equal(missing.headers.get('www-authenticate'), 'Bearer');
  assert.equal(((await missing.json()) as { error: { code: string } }).error.code, 'unauthorized');
  assert.equal((await fetch(`${url}/health`, { headers: { authorization: 'Bearer wrong' } })).status, 401);
  assert.equal((await fetch(`${url}/nowhere`)).status, 401);
  const ok = await fetch(`${url}/predict`, { method: 'POST', headers: { authorization: 'Bearer s3cret', 'content-type': 'image/png' }, body: new Uint8Array(png) });
  assert.equal(ok.status, 200);
  const nowhere = await fetch(`${url}/nowhere`, { headers: { authorization: 'Bearer s3cret' } });
  assert.equal(nowhere.status, 404);
  assert.equal(((await nowhere.json()) as { error: { code: string } }).error.code, 'no_route');
});

test('binding anything but loopback without a token is refused with a clear message', async () => {
  await assert.rejects(createServeApp({ runs: fixedRuns([join(root, 'paintings')]), host: '0.0.0.0' }), /binding 0\.0\.0\.0 makes the API reachable from other machines; give --token/);
  assert.throws(() => fixedRuns([join(root, 'paintings'), join(work, 'other', 'paintings')]), /does not exist/);
});

test('?model= names that leave the runs folder are refused: .., encoded separators, absolute paths, links outside', async () => {
  const app = fastify();
  await registerApiRoutes(app, { runs: runsFolder(root) });
  after(() => app.close());
  const codeOf = async (model: string): Promise<[number, string]> => {
    const r = await app.inject({ method: 'POST', url: `/predict?model=${model}`, headers: { 'content-type': 'image/png' }, payload: png });
    return [r.statusCode, r.json<{ error: { code: string } }>().error.code];
  };
  assert.deepEqual(await codeOf('..'), [400, 'bad_run_name']);
  assert.deepEqual(await codeOf('..%2Foutside'), [400, 'bad_run_name']);
  assert.deepEqual(await codeOf('..%5Coutside'), [400, 'bad_run_name']);
  assert.deepEqual(await codeOf(encodeURIComponent(join(work, 'outside'))), [400, 'bad_run_name']);
  assert.deepEqual(await codeOf('escape'), [404, 'unknown_model']);
});

test('a run whose model cannot be loaded answers 500 naming the file, and is loaded again once repaired', async () => {
  const broken = join(root, 'broken');
  saveTinyClassifier(broken);
  const snapshot = readdirSync(broken).find((f) => f.startsWith('model-'))!;
  const classes = join(broken, snapshot, 'classes.json');
  writeFileSync(classes, '["only-one"]');
  const app = fastify();
  await registerApiRoutes(app, { runs: runsFolder(root) });
  after(() => app.close());
  const send = (): Promise<{ statusCode: number; json<T>(): T }> => app.inject({ method: 'POST', url: '/predict?model=broken', headers: { 'content-type': 'image/png' }, payload: png });
  const failed = await send();
  assert.equal(failed.statusCode, 500);
  assert.match(failed.json<{ error: { code: string; message: string } }>().error.message, /cannot load run 'broken': .*has 3 outputs but classes.json names 1 classes/);
  writeFileSync(classes, '["a","b","c"]');
  assert.equal((await send()).statusCode, 200);
});

test('a full queue answers 503 with Retry-After; the queued request is answered; no tensors are left behind', async () => {
  const app = fastify();
  await registerApiRoutes(app, { runs: runsFolder(root), batching: { maxBatch: 1, maxWaitMs: 300, maxQueue: 1 } });
  after(() => app.close());
  const send = () => app.inject({ method: 'POST', url: '/predict?model=paintings', headers: { 'content-type': 'image/png' }, payload: png });
  await send(); // loads the model
  await settleGc();
  const before = memory().numTensors;
  const answers = await Promise.all(Array.from({ length: 6 }, send));
  const statuses = answers.map((a) => a.statusCode).sort();
  assert.equal(statuses.filter((s) => s === 200).length >= 1, true, String(statuses));
  const full = answers.filter((a) => a.statusCode === 503);
  assert.ok(full.length >= 1, `some requests found the queue full: ${statuses.join(',')}`);
  assert.equal(full[0]!.headers['retry-after'], '1');
  assert.equal(full[0]!.json<{ error: { code: string } }>().error.code, 'queue_full');
  assert.deepEqual(statuses.filter((s) => s !== 200 && s !== 503), []);
  await settleGc();
  assert.ok(memory().numTensors <= before, `live tensors ${memory().numTensors}, before ${before}`);
});
