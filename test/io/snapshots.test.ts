import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { commitSnapshot, latestSnapshot, listSnapshots, removeLeftovers } from '../../src/io/snapshots.js';
import { tempDir } from '../helpers/temp-dir.js';

/** A process id that is certainly not running: a child that has already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

test('commitSnapshot writes every file under the next sequence number and keeps only the newest', () => {
  const dir = tempDir('snap');
  assert.equal(latestSnapshot(dir, 'model'), null);
  const first = commitSnapshot(dir, 'model', { 'a.json': '{"v":1}', 'b.bin': new Uint8Array([1, 2, 3]) });
  assert.equal(first.name, 'model-000001');
  assert.deepEqual(readdirSync(first.path).sort(), ['a.json', 'b.bin']);
  assert.deepEqual([...readFileSync(join(first.path, 'b.bin'))], [1, 2, 3]);
  const second = commitSnapshot(dir, 'model', new Map([['a.json', '{"v":2}']]));
  assert.equal(second.sequence, 2);
  assert.deepEqual(readdirSync(dir), ['model-000002'], 'the older snapshot is pruned, nothing else is left');
  commitSnapshot(dir, 'checkpoint', { 'c.json': '{}' }, { keep: 2 });
  commitSnapshot(dir, 'checkpoint', { 'c.json': '{}' }, { keep: 2 });
  commitSnapshot(dir, 'checkpoint', { 'c.json': '{}' }, { keep: 2 });
  assert.deepEqual(listSnapshots(dir, 'checkpoint').map((s) => s.name), ['checkpoint-000002', 'checkpoint-000003']);
  assert.equal(latestSnapshot(dir, 'model')!.name, 'model-000002', 'kinds are independent');
});

test('a commit that fails part-way leaves the previous snapshot and no staging folder', () => {
  const dir = tempDir('snap-fail');
  commitSnapshot(dir, 'model', { 'a.json': 'old' });
  // The second file fails while it is written (as a full disk would): the first one is already on disk.
  class FailingBytes extends Uint8Array {
    override get length(): number {
      throw new Error('write failed');
    }
  }
  assert.throws(() => commitSnapshot(dir, 'model', { 'a.json': 'new', 'b.bin': new FailingBytes(4) }), /write failed/);
  assert.deepEqual(readdirSync(dir), ['model-000001']);
  assert.equal(readFileSync(join(dir, 'model-000001', 'a.json'), 'utf8'), 'old');
  assert.throws(() => commitSnapshot(dir, 'model', { '../escape': 'x' }), /file name '\.\.\/escape' must be a plain name/);
  assert.throws(() => commitSnapshot(dir, 'Model', { a: 'x' }), /kind must be lower-case letters and digits/);
  assert.throws(() => commitSnapshot(dir, 'model', { a: 42 as unknown as string }), /file 'a' must be a string or bytes, got number/);
  assert.deepEqual(readdirSync(dir), ['model-000001']);
});

test("leftovers of dead writers are removed; a running writer's are kept", () => {
  const dir = tempDir('snap-left');
  const dead = deadPid();
  const staleStaging = `.staging-model-${dead}-0a1b2c3d`;
  const staleTrash = `.trash-model-${dead}-0a1b2c3d`;
  const staleTemp = `history.json.${dead}.0a1b2c3d.tmp`;
  const live = `.staging-model-${process.pid}-0a1b2c3d`;
  for (const d of [staleStaging, staleTrash, live]) mkdirSync(join(dir, d));
  writeFileSync(join(dir, staleTemp), 'half');
  writeFileSync(join(dir, 'notes.txt'), 'mine');
  assert.deepEqual(removeLeftovers(dir).sort(), [staleStaging, staleTemp, staleTrash].sort());
  assert.deepEqual(readdirSync(dir).sort(), [live, 'notes.txt'].sort());
  // A half-written staging folder is never taken for a snapshot.
  assert.equal(latestSnapshot(dir, 'model'), null);
});
