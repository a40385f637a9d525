/**
 * `atelier text train` killed (SIGKILL) at random moments: after every kill the run folder still
 * loads (model and tokenizer from one snapshot), `--resume` continues from the last complete
 * checkpoint, and the run ends with exactly the weights of an uninterrupted one. Children run on the
 * js backend (bit-exact and quick to start).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Random } from '../../src/tensor/random.js';
import { loadTextRun, readTextCheckpoint } from '../../src/art/text/index.js';
import { tempDir } from '../helpers/temp-dir.js';
import { runKillable } from '../helpers/kill.js';

const cli = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const root = tempDir('text-kill');
const corpus = join(root, 'poems.txt');
const poems = ['床前明月光，疑是地上霜。舉頭望明月，低頭思故鄉。', '白日依山盡，黃河入海流。欲窮千里目，更上一層樓。', '春眠不覺曉，處處聞啼鳥。夜來風雨聲，花落知多少。'];
writeFileSync(corpus, Array.from({ length: 45 }, (_, i) => poems[i % 3]).join('\n'));
const flags = ['--epochs', '2', '--layers', '2', '--units', '12', '--embedding', '8', '--seq-len', '8', '--batch-size', '8', '--dropout', '0.1', '--checkpoint-every', '2', '--samples', '1', '--seed', '3'];

/** Runs `atelier text train`; kills it `delayMs` after it prints its data line (null: let it finish). Resolves to whether it finished. */
async function train(out: string, extra: string[], delayMs: number | null): Promise<boolean> {
  return !(await runKillable(cli, ['text', 'train', corpus, '-o', out, ...flags, ...extra], { delayMs, readyMarker: 'Data:' })).killed;
}

function weights(dir: string): number[][] {
  return readTextCheckpoint(dir)!.model.weights.map((w) => Array.from(w.values as Float32Array));
}

test('text train killed at random moments resumes from its last checkpoint to the weights of an uninterrupted run', async () => {
  const whole = join(root, 'whole');
  assert.equal(await train(whole, [], null), true);
  const killed = join(root, 'killed');
  const rng = new Random(11);
  let finished = false;
  let kills = 0;
  for (let attempt = 0; attempt < 8 && !finished; attempt++) {
    const resumable = existsSync(killed) && readdirSync(killed).some((f) => f.startsWith('checkpoint-'));
    finished = await train(killed, resumable ? ['--resume'] : existsSync(killed) ? ['--overwrite'] : [], attempt < 3 ? rng.nextInt(50, 700) : null);
    if (!finished) kills++;
    if (existsSync(killed) && readdirSync(killed).some((f) => f.startsWith('model-'))) {
      const run = loadTextRun(killed);
      assert.equal(run.model.outputShapes[0]!.at(-1), run.tokenizer.vocabSize, `after kill ${kills}: the model and its tokenizer come from one snapshot`);
    }
  }
  assert.equal(finished, true);
  assert.deepEqual(readdirSync(killed).filter((f) => f.startsWith('.staging') || f.startsWith('.trash')), [], 'what killed writers left is removed by the next commit');
  assert.ok(kills >= 1, 'at least one run was killed');
  assert.deepEqual(weights(killed), weights(whole));
  assert.deepEqual(readTextCheckpoint(killed)!.progress.history.val_loss, readTextCheckpoint(whole)!.progress.history.val_loss);
});
