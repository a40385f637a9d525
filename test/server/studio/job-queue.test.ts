/**
 * The studio's job queue, with executors that the tests control: order, one job at a time,
 * positions, cancelling queued and running jobs, failures with their message, busy run folders.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JobConflictError, JobNotFoundError, JobQueue, type JobContext } from '../../../src/server/studio/jobs/job-queue.js';
import type { JobEvent, JobPlan } from '../../../src/server/studio/jobs/job.js';

function plan(runName: string): JobPlan {
  return { kind: 'classify', runName, runDir: `/runs/${runName}`, title: `train ${runName}`, steps: [] };
}

/** An executor whose jobs end when the test says so, recording the order they started in. */
function controlledExecutor() {
  const started: string[] = [];
  const finishers = new Map<string, { resolve(): void; reject(e: Error): void; context: JobContext }>();
  const execute = (p: JobPlan, context: JobContext) =>
    new Promise<void>((resolve, reject) => {
      started.push(p.runName);
      finishers.set(p.runName, { resolve, reject, context });
      context.signal.addEventListener('abort', () => reject(new Error('killed')));
    });
  return { execute, started, finish: (name: string) => finishers.get(name)!.resolve(), fail: (name: string, e: Error) => finishers.get(name)!.reject(e), context: (name: string) => finishers.get(name)!.context };
}

test('jobs run one at a time in submission order; the waiting ones know their place', async () => {
  const ex = controlledExecutor();
  const queue = new JobQueue({ execute: ex.execute });
  const a = queue.submit(plan('a'));
  const b = queue.submit(plan('b'));
  const c = queue.submit(plan('c'));
  assert.equal(a.state, 'running');
  assert.deepEqual([queue.get(b.id).state, queue.get(b.id).position], ['queued', 1]);
  assert.deepEqual([queue.get(c.id).state, queue.get(c.id).position], ['queued', 2]);
  assert.deepEqual(ex.started, ['a']);
  ex.finish('a');
  assert.equal((await queue.settled(a.id)).state, 'succeeded');
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(ex.started, ['a', 'b']);
  assert.equal(queue.get(c.id).position, 1, 'c moved up');
  assert.ok(queue.events(c.id).some((e) => e.type === 'state' && e.state === 'queued' && e.position === 1), 'c was told its new place');
  ex.finish('b');
  await queue.settled(b.id);
  await new Promise((r) => setImmediate(r));
  ex.finish('c');
  await queue.settled(c.id);
  assert.deepEqual(ex.started, ['a', 'b', 'c']);
  assert.deepEqual(queue.list().map((j) => j.id), [c.id, b.id, a.id], 'newest first');
});

test('concurrency 2 runs two jobs at once', async () => {
  const ex = controlledExecutor();
  const queue = new JobQueue({ execute: ex.execute, concurrency: 2 });
  queue.submit(plan('a'));
  queue.submit(plan('b'));
  const c = queue.submit(plan('c'));
  assert.deepEqual(ex.started, ['a', 'b']);
  assert.equal(queue.get(c.id).position, 1);
  await queue.close();
});

test('cancelling a queued job: it never starts and the next one moves up', async () => {
  const ex = controlledExecutor();
  const queue = new JobQueue({ execute: ex.execute });
  const a = queue.submit(plan('a'));
  const b = queue.submit(plan('b'));
  const c = queue.submit(plan('c'));
  assert.equal(queue.cancel(b.id).state, 'cancelled');
  assert.equal(queue.get(c.id).position, 1);
  ex.finish('a');
  await queue.settled(a.id);
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(ex.started, ['a', 'c'], 'b never started');
  await queue.close();
  assert.equal(queue.get(c.id).state, 'cancelled');
});

test('cancelling a running job aborts its executor and ends it as cancelled, not failed', async () => {
  const ex = controlledExecutor();
  const queue = new JobQueue({ execute: ex.execute });
  const a = queue.submit(plan('a'));
  const b = queue.submit(plan('b'));
  queue.cancel(a.id);
  const done = await queue.settled(a.id);
  assert.equal(done.state, 'cancelled');
  assert.equal(done.error, undefined);
  assert.equal(ex.context('a').signal.aborted, true);
  await new Promise((r) => setImmediate(r));
  assert.equal(queue.get(b.id).state, 'running', 'the next job starts');
  await queue.close();
});

test('a failing job ends as failed with its message, in its summary and its events; the queue goes on', async () => {
  const ex = controlledExecutor();
  const queue = new JobQueue({ execute: ex.execute });
  const a = queue.submit(plan('a'));
  const b = queue.submit(plan('b'));
  ex.context('a').emit({ type: 'log', stream: 'stdout', line: 'Epoch 1/3' });
  ex.fail('a', new Error('classify train: the loss became NaN at epoch 1'));
  const done = await queue.settled(a.id);
  assert.equal(done.state, 'failed');
  assert.equal(done.error, 'classify train: the loss became NaN at epoch 1');
  assert.equal(done.lastLine, 'Epoch 1/3');
  const last = queue.events(a.id).at(-1) as JobEvent;
  assert.deepEqual(last, { type: 'state', state: 'failed', error: 'classify train: the loss became NaN at epoch 1' });
  await new Promise((r) => setImmediate(r));
  assert.equal(queue.get(b.id).state, 'running');
  await queue.close();
});

test('subscribers get events as they happen; a second job for a busy run folder is refused; unknown ids are named', async () => {
  const ex = controlledExecutor();
  const queue = new JobQueue({ execute: ex.execute });
  const seen: string[] = [];
  const unsubscribe = queue.subscribe(null, (id, e) => seen.push(`${id}:${e.type}${e.type === 'state' ? `:${e.state}` : ''}`));
  const a = queue.submit(plan('a'));
  assert.throws(() => queue.submit(plan('a')), (e: Error) => e instanceof JobConflictError && /already writing run 'a'/.test(e.message));
  ex.context('a').emit({ type: 'file', name: 'history.json', size: 10, modified: 1 });
  ex.finish('a');
  await queue.settled(a.id);
  unsubscribe();
  assert.deepEqual(seen, [`${a.id}:state:queued`, `${a.id}:state:running`, `${a.id}:file`, `${a.id}:state:succeeded`]);
  assert.doesNotThrow(() => queue.submit(plan('a')), 'a finished run folder can be written again');
  assert.throws(() => queue.get('job-99'), JobNotFoundError);
  assert.throws(() => queue.cancel('job-99'), /no job 'job-99'/);
  await queue.close();
});

test('old log lines are dropped first when a job has more events than kept', async () => {
  const ex = controlledExecutor();
  const queue = new JobQueue({ execute: ex.execute, maxEvents: 10 });
  const a = queue.submit(plan('a'));
  for (let i = 0; i < 20; i++) ex.context('a').emit({ type: 'log', stream: 'stdout', line: `line ${i}` });
  const events = queue.events(a.id);
  assert.equal(events.length, 10);
  assert.deepEqual(events.slice(0, 2).map((e) => e.type), ['state', 'state'], 'state events stay');
  assert.deepEqual(events.at(-1), { type: 'log', stream: 'stdout', line: 'line 19' });
  await queue.close();
});
