/** The dynamic batcher: batches in arrival order, the wait bound, the size bound, a full queue, failures. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { DynamicBatcher, QueueFullError } from '../../src/server/batching/batcher.js';

test('items submitted together form one batch, in order, and each gets its own output', async () => {
  const batches: number[][] = [];
  const batcher = new DynamicBatcher((items: number[]) => {
    batches.push(items);
    return items.map((x) => x * 10);
  }, { maxBatch: 8, maxWaitMs: 20 });
  const outputs = await Promise.all([1, 2, 3].map((x) => batcher.submit(x)));
  assert.deepEqual(outputs, [10, 20, 30]);
  assert.deepEqual(batches, [[1, 2, 3]]);
});

test('a batch starts once maxBatch items wait, without waiting for the timer', async () => {
  const batches: number[][] = [];
  const batcher = new DynamicBatcher((items: number[]) => {
    batches.push(items);
    return items;
  }, { maxBatch: 2, maxWaitMs: 10_000 });
  const started = Date.now();
  assert.deepEqual(await Promise.all([1, 2, 3, 4].map((x) => batcher.submit(x))), [1, 2, 3, 4]);
  assert.ok(Date.now() - started < 5_000, 'the 10 s timer was not waited for');
  assert.deepEqual(batches, [[1, 2], [3, 4]]);
});

test('a lone item runs after maxWaitMs; items arriving while a batch runs form the next one', async () => {
  const batches: number[][] = [];
  let release = (): void => {};
  const batcher = new DynamicBatcher(async (items: number[]) => {
    batches.push(items);
    if (items[0] === 1) await new Promise<void>((resolve) => (release = resolve));
    return items;
  }, { maxBatch: 8, maxWaitMs: 30 });
  const first = batcher.submit(1);
  await sleep(5);
  assert.deepEqual(batches, [], 'still waiting for company');
  await sleep(60);
  assert.deepEqual(batches, [[1]], 'ran after the wait bound');
  const later = [2, 3].map((x) => batcher.submit(x));
  release();
  assert.deepEqual(await Promise.all([first, ...later]), [1, 2, 3]);
  assert.deepEqual(batches, [[1], [2, 3]]);
});

test('a full queue refuses at once with QueueFullError; the queued items still complete', async () => {
  const batcher = new DynamicBatcher((items: number[]) => items, { maxBatch: 4, maxWaitMs: 50, maxQueue: 2 });
  const queued = [batcher.submit(1), batcher.submit(2)];
  assert.throws(() => batcher.submit(3), QueueFullError);
  assert.deepEqual(await Promise.all(queued), [1, 2]);
  assert.equal(await batcher.submit(4), 4, 'room again once the batch ran');
});

test('when the batch function throws, every item of that batch gets the error and the next batch runs', async () => {
  const batcher = new DynamicBatcher((items: number[]) => {
    if (items.includes(0)) throw new Error('model failed');
    return items;
  }, { maxBatch: 4, maxWaitMs: 1 });
  const failing = [batcher.submit(0), batcher.submit(1)];
  for (const f of failing) await assert.rejects(f, /model failed/);
  assert.equal(await batcher.submit(5), 5);
  assert.throws(() => new DynamicBatcher((x: number[]) => x, { maxBatch: 0 }), /maxBatch must be an integer >= 1, got 0/);
});
