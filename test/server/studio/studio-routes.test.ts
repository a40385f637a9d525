/**
 * The studio's routes without a browser (fastify's inject): run listing and files, requests that try
 * to leave the runs folder, job forms and their validation, the page's headers and the token rule.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStudioServer, type StudioServer } from '../../../src/server/studio/create-studio-server.js';
import type { JobPlan } from '../../../src/server/studio/jobs/job.js';
import { saveTinyClassifier } from '../run-fixtures.js';

const SECRET = 'the-secret-outside-the-runs-folder';
let root: string;
let runs: string;
let studio: StudioServer;
const planned: JobPlan[] = [];

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'atelier-studio-routes-'));
  runs = join(root, 'runs');
  writeFileSync(join(root, 'secret.txt'), SECRET);
  saveTinyClassifier(join(runs, 'art'));
  writeFileSync(join(runs, 'art', 'history.json'), JSON.stringify({ epoch: [0, 1], history: { loss: [2, 1], val_accuracy: [0.3, 0.5] } }));
  symlinkSync(join(root, 'secret.txt'), join(runs, 'art', 'leak.txt'));
  symlinkSync(root, join(runs, 'escape'));
  mkdirSync(join(root, 'images'));
  // Jobs are recorded, not run: these tests are about the routes.
  studio = await createStudioServer({ runsDir: runs, executor: async (plan) => void planned.push(plan) });
});

after(async () => {
  await studio.close();
  rmSync(root, { recursive: true, force: true });
});

const get = (url: string) => studio.app.inject({ method: 'GET', url });
const post = (payload: unknown) => studio.app.inject({ method: 'POST', url: '/api/jobs', payload: payload as Record<string, unknown> });

test('the page and the engine are served cross-origin isolated (the Draw worker needs shared memory)', async () => {
  for (const url of ['/', '/app.js', '/draw-worker.js', '/engine/src/index.js', '/engine/wasm/atelier.wasm']) {
    const response = await get(url);
    assert.equal(response.statusCode, 200, url);
    assert.equal(response.headers['cross-origin-opener-policy'], 'same-origin', url);
    assert.equal(response.headers['cross-origin-embedder-policy'], 'require-corp', url);
  }
  assert.equal((await get('/engine/src/cli/main.d.ts')).statusCode, 404, 'only scripts of the engine are served');
});

test('runs are listed with their kind and summary; a run shows its files, history and the snapshot a browser loads', async () => {
  const list = (await get('/api/runs')).json();
  assert.deepEqual(list.runs.map((r: { name: string; kind: string }) => [r.name, r.kind]), [['art', 'classify']], 'the link out of the folder is not listed');
  const detail = (await get('/api/runs/art')).json();
  assert.equal(detail.modelSnapshot, 'model-000001');
  assert.deepEqual(detail.summary.classNames, ['cubism', 'impressionism', 'ukiyo-e']);
  assert.deepEqual(detail.history.history.loss, [2, 1]);
  assert.ok(detail.files.some((f: { name: string }) => f.name === 'history.json'));
  const model = await get('/api/runs/art/files/model-000001/model.json');
  assert.equal(model.statusCode, 200);
  assert.equal(model.json().format, 'atelier-model');
});

test('names and paths that try to leave the runs folder are refused, and the file outside is never sent', async () => {
  const attempts = [
    '/api/runs/..',
    '/api/runs/..%2F..%2Fsecret.txt',
    '/api/runs/escape',
    '/api/runs/escape/files/secret.txt',
    '/api/runs/art/files/..%2F..%2Fsecret.txt',
    '/api/runs/art/files/../../secret.txt',
    '/api/runs/art/files/%2E%2E/%2E%2E/secret.txt',
    '/api/runs/art/files/%2F' + encodeURIComponent(join(root, 'secret.txt')),
    '/api/runs/art/files/leak.txt',
    '/api/runs/art/files/model-000001',
    '/api/runs/nope/files/x.png',
  ];
  for (const url of attempts) {
    const response = await get(url);
    assert.ok(response.statusCode === 400 || response.statusCode === 404, `${url}: ${response.statusCode}`);
    assert.ok(!response.body.includes(SECRET), `${url} leaked the file`);
    assert.ok(typeof response.json().error.message === 'string', `${url}: a JSON error`);
  }
});

test('a valid job form is planned as CLI steps into the runs folder; 201 with the job', async () => {
  const response = await post({ kind: 'classify', run: 'digits', data: 'mnist', digits: '500', epochs: 2 });
  assert.equal(response.statusCode, 201, response.body);
  const job = response.json();
  assert.equal(job.runName, 'digits');
  await studio.queue.settled(job.id);
  const plan = planned.at(-1)!;
  assert.equal(plan.runDir, join(runs, 'digits'));
  assert.deepEqual(plan.steps[0]!.argv, ['dataset', 'mnist', join(runs, '.studio', 'data', 'mnist-500'), '--count', '500']);
  assert.deepEqual(plan.steps[1]!.argv, ['classify', 'train', join(runs, '.studio', 'data', 'mnist-500'), '--out', join(runs, 'digits'), '--epochs', '2', '--image-size', '28', '--grey', '--no-augment']);
  const gan = await post({ kind: 'gan', run: 'gan1', data: 'mnist', minutes: 0.5, conditional: true });
  assert.equal(gan.statusCode, 201, gan.body);
  await studio.queue.settled(gan.json().id);
  assert.deepEqual(planned.at(-1)!.steps[0]!.argv, ['gan', 'train', 'mnist', '--out', join(runs, 'gan1'), '--minutes', '0.5', '--conditional']);
  const folder = await post({ kind: 'classify', run: 'mine', data: join(root, 'images') });
  assert.equal(folder.statusCode, 201, folder.body);
  const paintings = (await get('/api/paintings')).json<{ paintings: string[] }>().paintings;
  assert.ok(paintings.includes('vincent_van_gogh_the_starry_night.jpg'), paintings.join(', '));
  const style = await post({ kind: 'style', run: 'starry', style: paintings[0], content: 'builtin', steps: 2 });
  assert.equal(style.statusCode, 201, style.body);
  await studio.queue.settled(style.json().id);
  assert.deepEqual(planned.at(-1)!.steps[0]!.argv.slice(0, 2), ['style', 'train']);
});

test('job forms are validated: each error names the field and what was wrong', async () => {
  const cases: [unknown, RegExp][] = [
    [[1, 2], /expected a JSON object/],
    [{ run: 'x', data: 'mnist' }, /'kind' is required/],
    [{ kind: 'poem', run: 'x' }, /'kind' must be one of classify, gan, text, style, got 'poem'/],
    [{ kind: 'style', run: 'x', style: 'nope.jpg', content: 'builtin' }, /'style' must be a shipped painting/],
    [{ kind: 'classify', run: '../x', data: 'mnist' }, /'run' must be a folder name/],
    [{ kind: 'classify', run: '.hidden', data: 'mnist' }, /'run' must be a folder name/],
    [{ kind: 'classify', run: 'x', data: 'relative/folder' }, /'data' must be a built-in name or an absolute path/],
    [{ kind: 'classify', run: 'x', data: join(root, 'nothing-here') }, /does not exist on the server/],
    [{ kind: 'classify', run: 'x', data: join(root, 'secret.txt') }, /is a file, expected a folder of images/],
    [{ kind: 'text', run: 'x', corpus: join(root, 'images') }, /'corpus' .* is a folder, expected a text file/],
    [{ kind: 'classify', run: 'x', data: 'mnist', epochs: 0 }, /'epochs' must be a number in 1\.\.1000, got 0/],
    [{ kind: 'classify', run: 'x', data: 'mnist', epochs: 1.5 }, /'epochs' must be an integer/],
    [{ kind: 'classify', run: 'x', data: 'mnist', digits: 'many' }, /'digits' must be a number in 100\.\.10000, got "many"/],
    [{ kind: 'gan', run: 'x', data: 'mnist', conditional: 'yes' }, /'conditional' must be true or false/],
    [{ kind: 'classify', run: 'art', data: 'mnist' }, /run 'art' already exists; choose another name, or resume or overwrite it/],
    [{ kind: 'classify', run: 'fresh', data: 'mnist', resume: true }, /run 'fresh' does not exist, so it cannot be resumed/],
    [{ kind: 'classify', run: 'art', data: 'mnist', resume: true, overwrite: true }, /exclude each other/],
  ];
  for (const [body, message] of cases) {
    const response = await post(body);
    assert.equal(response.statusCode, 400, `${JSON.stringify(body)}: ${response.body}`);
    assert.match(response.json().error.message, message, JSON.stringify(body));
  }
  assert.equal((await studio.app.inject({ method: 'DELETE', url: '/api/jobs/job-404' })).statusCode, 404);
});

test('a host other than loopback needs a token; with one, requests need it (header, or the cookie the printed URL sets)', async () => {
  await assert.rejects(createStudioServer({ runsDir: runs, host: '0.0.0.0' }), /--host 0\.0\.0\.0 .* give --token/);
  const guarded = await createStudioServer({ runsDir: runs, host: '0.0.0.0', token: 'sesame-sesame', executor: async () => {} });
  try {
    assert.equal((await guarded.app.inject({ url: '/api/runs' })).statusCode, 401);
    assert.equal((await guarded.app.inject({ url: '/api/health' })).statusCode, 401, 'the mounted serve API too');
    assert.equal((await guarded.app.inject({ url: '/api/runs', headers: { authorization: 'Bearer wrong-token!' } })).statusCode, 401);
    assert.equal((await guarded.app.inject({ url: '/api/runs', headers: { authorization: 'Bearer sesame-sesame' } })).statusCode, 200);
    const opened = await guarded.app.inject({ url: '/?token=sesame-sesame' });
    assert.equal(opened.statusCode, 302);
    const cookie = String(opened.headers['set-cookie']).split(';')[0]!;
    assert.match(cookie, /^atelier_studio_token=/);
    assert.equal((await guarded.app.inject({ url: '/api/runs', headers: { cookie } })).statusCode, 200);
  } finally {
    await guarded.close();
  }
});
