/**
 * GAN training killed (SIGKILL) at random moments and resumed, again and again, ends bit-identical
 * to an uninterrupted run: every resume starts from the last complete checkpoint, never from a
 * half-written one. Children run on the js backend (bit-exact and quick to start).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Random, setBackend } from '../../../src/index.js';
import { latestGanCheckpoint, trainGan } from '../../../src/art/gan/index.js';
import { writeHalvesFolder } from '../helpers/halves.js';
import { tinyGanOptions } from './helpers/tiny.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { runKillable } from '../../helpers/kill.js';

setBackend('js');
const child = fileURLToPath(new URL('./helpers/gan-child.js', import.meta.url));
const root = tempDir('gan-kill');
const halves = await writeHalvesFolder(join(root, 'halves'), 12, 28, 3);

/** Runs the child, killing it `delayMs` after `ready` (null: let it finish). Resolves to whether it finished. */
async function runChild(args: string[], delayMs: number | null): Promise<boolean> {
  return (await runKillable(child, args, { delayMs })).stdout.includes('done');
}

function checkpointFiles(runDir: string): Map<string, Buffer> {
  const snapshot = latestGanCheckpoint(runDir, 'test')!;
  return new Map(readdirSync(snapshot.path).sort().map((f) => [f, readFileSync(join(snapshot.path, f))]));
}

test('killed at random moments and resumed until done, a run ends bit-identical to an uninterrupted one', async () => {
  const straight = await trainGan(halves, { ...tinyGanOptions, outDir: join(root, 'straight') });
  assert.equal(straight.state.step, 9);
  const runDir = join(root, 'killed');
  const rng = new Random(7);
  let kills = 0;
  let finished = false;
  for (let attempt = 0; attempt < 40 && !finished; attempt++) {
    const started = existsSync(runDir) && latestGanCheckpoint(runDir, 't') !== null;
    const delay = attempt < 30 ? rng.nextInt(200, 2500) : null;
    finished = await runChild([halves, runDir, started ? 'resume' : 'new'], delay);
    if (!finished) kills++;
    if (!existsSync(runDir)) continue;
    assert.ok(!readdirSync(runDir, { withFileTypes: true }).some((e) => e.name.startsWith('checkpoint-') && !readdirSync(join(runDir, e.name)).includes('gan.json')),
      'every checkpoint folder is complete');
  }
  assert.ok(finished, 'the run finished');
  assert.ok(kills >= 1, `at least one kill landed (${kills})`);
  const a = checkpointFiles(join(root, 'straight'));
  const b = checkpointFiles(runDir);
  for (const [name, bytes] of a) {
    if (name === 'gan.json') continue;
    assert.ok(bytes.equals(b.get(name)!), `${name} differs after ${kills} kills`);
  }
  const history = (f: Map<string, Buffer>) => (JSON.parse(f.get('gan.json')!.toString()) as { history: unknown; step: number }).history;
  assert.deepEqual(history(b), history(a));
});
