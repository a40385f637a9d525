/** memory() accounting, dispose(), scope()/keep() and release by the garbage collector. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Variable, add, keep, memory, ones, reshape, scope, tensor, zeros, type Tensor } from '../../src/index.js';
import { settleGc } from '../helpers/gc.js';

test('memory counts tensors, buffers and bytes; reshapes share a buffer', () => {
  const before = memory();
  const a = zeros([10, 10]);
  const i = zeros([5], 'int32');
  const b = zeros([3], 'bool');
  assert.deepEqual(memory(), {
    numTensors: before.numTensors + 3,
    numBuffers: before.numBuffers + 3,
    numBytes: before.numBytes + 400 + 20 + 3,
  });
  const r = reshape(a, [100]);
  assert.equal(memory().numTensors, before.numTensors + 4);
  assert.equal(memory().numBuffers, before.numBuffers + 3);
  // The buffer lives until its last tensor goes.
  a.dispose();
  assert.equal(memory().numBuffers, before.numBuffers + 3);
  r.dispose();
  i.dispose();
  b.dispose();
  assert.deepEqual(memory(), before);
});

test('dispose is idempotent and a disposed tensor cannot be read', () => {
  const before = memory();
  const t = tensor([1, 2, 3]);
  t.dispose();
  t.dispose();
  assert.equal(t.isDisposed, true);
  assert.deepEqual(memory(), before);
  assert.throws(() => t.data(), /tensor #\d+ \[3\] was disposed and cannot be used/);
  assert.throws(() => add(t, 1), /was disposed/);
});

test('scope disposes what it created except what it returns', () => {
  const before = memory();
  const outside = ones([4]);
  let inner: Tensor | undefined;
  const result = scope(() => {
    inner = add(outside, 1);
    const kept = keep(add(outside, 2));
    const twice = add(inner, inner);
    return { values: [twice], kept };
  });
  assert.equal(inner!.isDisposed, true);
  assert.equal(outside.isDisposed, false);
  assert.deepEqual(result.values[0]!.toArray(), [4, 4, 4, 4]);
  assert.deepEqual(result.kept.toArray(), [3, 3, 3, 3]);
  assert.equal(memory().numTensors, before.numTensors + 3);
  outside.dispose();
  result.values[0]!.dispose();
  result.kept.dispose();
  assert.deepEqual(memory(), before);
});

test('a scope that throws frees what it made (kept tensors survive) and rethrows', () => {
  const before = memory();
  let made: Tensor | undefined;
  let kept: Tensor | undefined;
  assert.throws(
    () =>
      scope(() => {
        made = add(zeros([3]), 1);
        kept = keep(add(zeros([3]), 2));
        throw new Error('step failed');
      }),
    /step failed/,
  );
  assert.equal(made!.isDisposed, true);
  assert.deepEqual(kept!.toArray(), [2, 2, 2]);
  kept!.dispose();
  assert.deepEqual(memory(), before);
});

test('nested scopes hand returned tensors to the enclosing scope', () => {
  const before = memory();
  let fromInner: Tensor | undefined;
  scope(() => {
    fromInner = scope(() => add(zeros([2]), 1));
    assert.equal(fromInner.isDisposed, false);
    return null;
  });
  assert.equal(fromInner!.isDisposed, true);
  assert.deepEqual(memory(), before);
});

test('variables survive scopes', () => {
  const v = scope(() => {
    const w = new Variable(ones([2]));
    add(w, 1);
    return 0;
  });
  assert.equal(v, 0);
  const before = memory();
  const held = scope(() => new Variable(zeros([3]), { name: 'w' }));
  assert.equal(held.isDisposed, false);
  assert.equal(memory().numTensors, before.numTensors + 1);
  held.dispose();
});

test('unreachable tensors are released by the garbage collector', async () => {
  await settleGc();
  const before = memory();
  (() => {
    for (let i = 0; i < 50; i++) add(zeros([256]), i);
  })();
  assert.ok(memory().numTensors >= before.numTensors + 100, 'the tensors are counted while alive');
  await settleGc();
  assert.deepEqual(memory(), before);
});
