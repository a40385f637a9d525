/**
 * The fault loop: processes that save models and train classifiers are killed (SIGKILL) at random
 * moments, over and over, and after every kill the folder must hold either the previous complete
 * state or the new complete one, never a mix, and a killed training run must resume to exactly the
 * weights of an uninterrupted one. Children run on the js backend (bit-exact and quick to start).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Random, callbacks, loadModel } from '../../src/index.js';
import { loadClassifierRun } from '../../src/art/classify/index.js';
import { writeStripesFolder } from '../art/helpers/synthetic.js';
import { tempDir } from '../helpers/temp-dir.js';
import { runKillable } from '../helpers/kill.js';

const child = fileURLToPath(new URL('./helpers/fault-child.js', import.meta.url));
const rng = new Random(20261207);

/** Runs the child, killed `delayMs` after it prints `ready` (null: let it finish); resolves to whether it finished its work. */
async function runChild(args: string[], delayMs: number | null): Promise<boolean> {
  const run = await runKillable(child, args, { delayMs });
  return !run.killed && (delayMs === null || run.stdout.includes('done'));
}

function leftovers(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.startsWith('.') || f.endsWith('.tmp'));
}

test('100 random kills: model.save, classify train and --overwrite retrains leave the previous or the new complete state, and --resume continues exactly', async () => {
  // 1. model.save in a loop: weights, config and optimizer step must all come from the same save.
  const saves = tempDir('fault-save');
  let kills = 0;
  let lastSeen = 0;
  for (let i = 0; i < 60; i++) {
    await runChild(['save', saves], rng.nextInt(0, 40));
    kills++;
    const model = loadModel(saves);
    const k = model.weights[0]!.data()[0]!;
    for (const w of model.weights) assert.ok(w.data().every((v) => v === k), `kill ${i}: weights mix two saves`);
    const activation = (model.layers[0]!.getConfig() as { activation: string }).activation;
    assert.equal(activation, k % 2 === 0 ? 'relu' : 'tanh', `kill ${i}: save ${k}'s weights under another save's config`);
    assert.equal(model.compiled!.optimizer.iterations, k, `kill ${i}: optimizer state of another save`);
    assert.ok(k >= 1);
    lastSeen = k;
  }
  assert.ok(lastSeen >= 1);

  // 2. classify train, killed and resumed until it completes; then compared with an uninterrupted run.
  const data = join(tempDir('fault-data'), 'two');
  await writeStripesFolder(data, 8, 16, 1);
  const epochs = '6';
  const straight = join(tempDir('fault-straight'), 'run');
  const started = performance.now();
  assert.equal(await runChild(['classify', data, straight, epochs, 'fresh'], null), true);
  // Kill points are drawn within the first half of the time a whole run takes here (start-up
  // included), so that runs are interrupted however fast or slow the machine is.
  const runMs = Math.max(200, Math.round(performance.now() - started));
  const run = join(tempDir('fault-run'), 'run');
  let finished = false;
  let resumedAt = 0;
  for (let i = 0; i < 25 && !finished; i++) {
    const resuming = callbacks.readTrainingCheckpoint(run) !== null;
    // Killed between the first model snapshot and the first checkpoint, a run can only start over.
    finished = await runChild(['classify', data, run, epochs, resuming ? 'resume' : 'overwrite'], rng.nextInt(Math.round(runMs * 0.05), Math.round(runMs * 0.45)));
    if (!finished) kills++;
    if (resuming) resumedAt++;
    try {
      const loaded = await loadClassifierRun(run);
      assert.deepEqual(loaded.classNames, ['horizontal', 'vertical']);
    } catch (e) {
      assert.match((e as Error).message, /holds no model yet|does not exist/, `kill ${i}: ${(e as Error).message}`);
    }
  }
  if (!finished) finished = await runChild(['classify', data, run, epochs, 'resume'], null);
  assert.ok(finished, 'the run completes after being resumed');
  assert.ok(resumedAt > 0, 'at least one resume happened');
  const a = callbacks.readTrainingCheckpoint(straight)!;
  const b = callbacks.readTrainingCheckpoint(run)!;
  assert.equal(b.state.epochsCompleted, 6);
  a.model.weights.forEach((w, i) => assert.deepEqual(Buffer.from(b.model.weights[i]!.data().buffer), Buffer.from(w.data().buffer), `${w.name}: the resumed run ends bit-identical to the uninterrupted one`));
  assert.deepEqual(leftovers(run), [], 'no staging, trash or temporary files after a clean finish');

  // 3. --overwrite retrains on a new class set, killed at random: the old model with its two class
  // names, or the new one with its three, never a mix.
  const three = join(tempDir('fault-three'), 'three');
  await writeStripesFolder(three, 8, 16, 2);
  await writeStripesFolder(join(three, '..', 'extra'), 8, 16, 5);
  renameSync(join(three, '..', 'extra', 'vertical'), join(three, 'zigzag'));
  while (kills < 100) {
    await runChild(['classify', three, run, epochs, 'overwrite'], rng.nextInt(0, 700));
    kills++;
    const loaded = await loadClassifierRun(run);
    const names = loaded.classNames.join(',');
    assert.ok(names === 'horizontal,vertical' || names === 'horizontal,vertical,zigzag', `kill ${kills}: classes ${names}`);
    assert.equal(loaded.model.outputShapes[0]!.at(-1), loaded.classNames.length);
  }
  assert.ok(kills >= 100, `${kills} kills`);
});
