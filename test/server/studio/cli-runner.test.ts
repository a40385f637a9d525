/**
 * Jobs as the studio really runs them: child processes of the `atelier` CLI. A failing step's job
 * fails with the CLI's own message; a cancelled training (SIGTERM mid-run) leaves its last complete
 * checkpoint and best model loadable, and is resumable.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JobQueue } from '../../../src/server/studio/jobs/job-queue.js';
import { cliExecutor } from '../../../src/server/studio/jobs/cli-runner.js';
import type { JobEvent, JobPlan } from '../../../src/server/studio/jobs/job.js';
import { exportMnistPngs } from '../../../src/data/index.js';
import { latestSnapshot } from '../../../src/io/snapshots.js';
import { loadClassifierRun } from '../../../src/art/classify/run-folder.js';
import { readTrainingCheckpoint } from '../../../src/model/callbacks/training-checkpoint.js';

let root: string;
let digits: string;
// One thread per child: the test runner runs two files at once on two cores.
const queue = new JobQueue({ execute: cliExecutor({ env: { ATELIER_THREADS: '1' }, watchIntervalMs: 100 }) });

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'atelier-cli-runner-'));
  digits = join(root, 'digits');
  await exportMnistPngs(digits, { count: 200 });
});

after(async () => {
  await queue.close();
  rmSync(root, { recursive: true, force: true });
});

function trainArgv(runDir: string, data: string, epochs: number, ...extra: string[]): string[] {
  return ['classify', 'train', data, '--out', runDir, '--epochs', String(epochs), '--patience', '200', '--image-size', '16', '--grey', '--no-augment', '--batch-size', '50', ...extra];
}

function trainPlan(runName: string, data: string, epochs: number): JobPlan {
  const runDir = join(root, runName);
  return { kind: 'classify', runName, runDir, title: runName, steps: [{ label: 'train', argv: trainArgv(runDir, data, epochs) }] };
}

test('a failing CLI step fails the job with the CLI\'s own message (bad data)', { timeout: 60_000 }, async () => {
  const job = queue.submit(trainPlan('bad', join(root, 'no-such-folder'), 1));
  const done = await queue.settled(job.id);
  assert.equal(done.state, 'failed');
  assert.match(done.error!, /no-such-folder/);
  assert.doesNotMatch(done.error!, /^atelier: /, 'the prefix is the CLI\'s, not part of the message');
});

test('cancelling a running training (SIGTERM) keeps its last complete checkpoint and model, which resume', { timeout: 120_000 }, async () => {
  const plan = trainPlan('cancelled', digits, 200);
  const job = queue.submit(plan);
  const events: JobEvent[] = [];
  await new Promise<void>((resolve) => {
    const unsubscribe = queue.subscribe(job.id, (_id, event) => {
      events.push(event);
      // Cancel once the second checkpoint is there: the kill lands in the middle of training.
      if (event.type === 'file' && event.name === 'checkpoint-000002') {
        unsubscribe();
        queue.cancel(job.id);
        resolve();
      }
    });
  });
  const done = await queue.settled(job.id);
  assert.equal(done.state, 'cancelled');
  assert.ok(events.some((e) => e.type === 'log' && /Epoch 1\//.test(e.line)), 'progress lines came through');
  assert.ok(events.some((e) => e.type === 'file' && e.name === 'history.json'), 'history.json was reported as written');
  const checkpoint = latestSnapshot(plan.runDir, 'checkpoint');
  assert.ok(checkpoint, 'a checkpoint survives');
  const { state } = readTrainingCheckpoint(plan.runDir)!;
  assert.ok(state.epochsCompleted >= 2 && state.epochsCompleted < 200, `stopped mid-run after ${state.epochsCompleted} epochs`);
  const run = await loadClassifierRun(plan.runDir);
  assert.equal(run.classNames.length, 10);
  const resumed = queue.submit({ ...plan, steps: [{ label: 'resume', argv: trainArgv(plan.runDir, digits, state.epochsCompleted + 1, '--resume') }] });
  const after = await queue.settled(resumed.id);
  assert.equal(after.state, 'succeeded', after.error);
  assert.equal(readTrainingCheckpoint(plan.runDir)!.state.epochsCompleted, state.epochsCompleted + 1);
});
