/** `atelier serve` in-process: it listens, lists its runs, answers; the binding rule and bad folders are one-line errors. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runServe } from '../../src/cli/commands/serve.js';
import { tempDir } from '../helpers/temp-dir.js';
import { saveTinyClassifier } from '../server/run-fixtures.js';
import { Capture } from './helpers/capture.js';
import { atelier } from './helpers/run-cli.js';

const root = tempDir('cli-serve');
const run = saveTinyClassifier(join(root, 'paintings'));

test('atelier serve prints its address and runs, and answers /health', async () => {
  const out = new Capture();
  const server = await runServe([run], { port: 0, host: '127.0.0.1' }, out);
  try {
    assert.match(out.text, /^atelier serve: listening on http:\/\/127\.0\.0\.1:\d+ \(OpenAPI at http:\/\/127\.0\.0\.1:\d+\/openapi\.json\)\n {2}paintings: classify \(model-\d+\)\n$/);
    const health = await fetch(`${server.url}/health`);
    assert.deepEqual(await health.json(), { status: 'ok', models: ['paintings'] });
  } finally {
    await server.close();
  }
});

test('atelier serve refuses a public address without --token, and folders that do not exist', async () => {
  const open = await atelier('serve', run, '--host', '0.0.0.0', '--port', '0');
  assert.equal(open.code, 1);
  assert.match(open.stderr, /binding 0\.0\.0\.0 makes the API reachable from other machines; give --token/);
  const missing = await atelier('serve', join(root, 'nope'), '--port', '0');
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /run folder .*nope does not exist/);
});
