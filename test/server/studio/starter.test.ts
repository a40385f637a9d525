/**
 * The first-start job: queued on a runs folder without a classifier, not on one with a classifier;
 * a starter run stopped before its first model is resumed (checkpoint) or started over (none).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createStudioServer } from '../../../src/server/studio/create-studio-server.js';
import { STARTER_RUN, startStarterJob } from '../../../src/server/studio/starter.js';
import type { JobPlan } from '../../../src/server/studio/jobs/job.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { saveTinyClassifier } from '../run-fixtures.js';

/** A studio over a fresh runs folder, `prepare`d first, whose jobs are recorded; the starter's plan (or null). */
async function starterPlan(prepare: (runs: string) => void): Promise<JobPlan | null> {
  const runs = join(tempDir('studio-starter'), 'runs');
  mkdirSync(runs);
  prepare(runs);
  const plans: JobPlan[] = [];
  const studio = await createStudioServer({ runsDir: runs, executor: async (plan) => void plans.push(plan) });
  try {
    const job = startStarterJob(studio);
    if (job) await studio.queue.settled(job.id);
    return plans[0] ?? null;
  } finally {
    await studio.close();
  }
}

const trainArgv = (plan: JobPlan | null) => plan?.steps.at(-1)?.argv ?? [];

test('an empty runs folder gets the starter job: MNIST digits exported, then a classifier trained', async () => {
  const plan = await starterPlan(() => {});
  assert.equal(plan?.runName, STARTER_RUN);
  assert.deepEqual(plan.steps.map((s) => s.argv.slice(0, 2)), [['dataset', 'mnist'], ['classify', 'train']]);
  assert.ok(!trainArgv(plan).includes('--resume') && !trainArgv(plan).includes('--overwrite'));
});

test('a runs folder with a classifier gets no starter job', async () => {
  assert.equal(await starterPlan((runs) => saveTinyClassifier(join(runs, 'paintings'))), null);
});

test('a starter run stopped before its first model is resumed from its checkpoint, or started over without one', async () => {
  const resumed = await starterPlan((runs) => {
    mkdirSync(join(runs, STARTER_RUN, 'checkpoint-000001'), { recursive: true });
    writeFileSync(join(runs, STARTER_RUN, 'checkpoint-000001', 'training.json'), '{}');
  });
  assert.ok(trainArgv(resumed).includes('--resume'), trainArgv(resumed).join(' '));
  const restarted = await starterPlan((runs) => {
    mkdirSync(join(runs, STARTER_RUN));
    writeFileSync(join(runs, STARTER_RUN, 'history.json'), '{}');
  });
  assert.ok(trainArgv(restarted).includes('--overwrite'), trainArgv(restarted).join(' '));
});
