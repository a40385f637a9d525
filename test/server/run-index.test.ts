/** The run index: kinds from the files trainers write, and run names that try to leave the runs folder. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { listRuns, resolveRunPath } from '../../src/server/runs/run-index.js';
import { runsFolder } from '../../src/server/runs/run-source.js';
import { ApiError } from '../../src/server/errors.js';
import { tempDir } from '../helpers/temp-dir.js';
import { CLASS_NAMES, runsIn, saveTinyClassifier } from './run-fixtures.js';

const work = tempDir('serve-index');
const root = runsIn(work);
saveTinyClassifier(join(root, 'paintings'));
mkdirSync(join(root, 'empty'));
mkdirSync(join(root, '.staging-model-1-x'));
writeFileSync(join(root, 'notes.txt'), 'not a run');
const outside = join(work, 'secret');
saveTinyClassifier(outside);
writeFileSync(join(outside, 'key.txt'), 'secret');
symlinkSync(outside, join(root, 'escape'));
symlinkSync(join(root, 'paintings'), join(root, 'alias'));

test('listRuns lists run folders with their kind and summary, skipping files, hidden folders and links out of the folder', () => {
  const runs = listRuns(root);
  assert.deepEqual(runs.map((r) => [r.name, r.kind]), [['alias', 'classify'], ['empty', 'unknown'], ['paintings', 'classify']]);
  const paintings = runs.find((r) => r.name === 'paintings')!;
  assert.deepEqual(paintings.summary.classNames, CLASS_NAMES);
  assert.deepEqual(paintings.summary.imageSize, [16, 16]);
  assert.match(paintings.snapshot!, /^model-\d+$/);
  assert.ok(!Number.isNaN(Date.parse(paintings.modified)));
});

function refusedWith(status: number, fn: () => unknown): void {
  assert.throws(fn, (e: unknown) => e instanceof ApiError && e.statusCode === status);
}

test('resolveRunPath refuses .., absolute paths, separators (however encoded) and links leading outside', () => {
  assert.equal(resolveRunPath(root, 'paintings').endsWith('paintings'), true);
  for (const name of ['..', '.', '', '/etc', '../secret', 'a/b', 'a\\b', '..\\secret', 'x\0y']) refusedWith(400, () => resolveRunPath(root, name));
  refusedWith(400, () => resolveRunPath(root, decodeURIComponent('..%2Fsecret')));
  refusedWith(400, () => resolveRunPath(root, decodeURIComponent('..%5Csecret')));
  refusedWith(400, () => resolveRunPath(root, 'paintings', '../../secret/key.txt'));
  refusedWith(404, () => resolveRunPath(root, 'escape'));
  refusedWith(404, () => resolveRunPath(root, 'escape', 'key.txt'));
  refusedWith(404, () => resolveRunPath(root, 'missing'));
});

test('a runs folder source finds runs by name and never one outside', async () => {
  const runs = runsFolder(root);
  assert.equal((await runs.find('paintings'))?.kind, 'classify');
  assert.equal(await runs.find('escape'), null);
  await assert.rejects(runs.find('../secret'), (e: unknown) => e instanceof ApiError && e.statusCode === 400);
});
