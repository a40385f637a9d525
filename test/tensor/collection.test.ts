/**
 * Collection passes (issue 9): loops that never dispose, scope or yield stay bounded on Node, and a
 * pass never releases a tensor that is still reachable.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { add, getBackend, memory, mul, reshape, setBackend, zeros, type Tensor } from '../../src/index.js';
import { collectNow, collectionInfo } from '../../src/tensor/storage.js';
import { MIN_PASS_BYTES, MIN_PASS_TENSORS } from '../../src/tensor/collection-passes.js';
import { settleGc } from '../helpers/gc.js';

const MIB = 1024 * 1024;

/** Runs `fn` with backend `name` selected. */
function withBackend<T>(name: string, fn: () => T): T {
  const previous = getBackend().name;
  setBackend(name);
  try {
    return fn();
  } finally {
    setBackend(previous);
  }
}

function wasmMemoryBytes(): number {
  return (getBackend() as { heapStats?: () => { memoryBytes: number } }).heapStats?.().memoryBytes ?? 0;
}

/** `steps` of `x = add(mul(x, 0.5), 1)` (four tensors a step) in one synchronous job; returns the largest live counts seen. */
function unscopedLoop(size: number, steps: number): { maxTensors: number; maxBytes: number; last: Tensor } {
  let x = zeros([size]);
  let maxTensors = 0;
  let maxBytes = 0;
  for (let i = 0; i < steps; i++) {
    x = add(mul(x, 0.5), 1);
    const { numTensors, numBytes } = memory();
    maxTensors = Math.max(maxTensors, numTensors);
    maxBytes = Math.max(maxBytes, numBytes);
  }
  return { maxTensors, maxBytes, last: x };
}

test('Node collects synchronously', () => {
  assert.equal(collectionInfo().synchronous, process.env.ATELIER_SYNC_GC !== '0');
});

for (const backend of ['wasm', 'js']) {
  test(`${backend}: an unscoped synchronous loop of small ops keeps a bounded number of live tensors`, { skip: !collectionInfo().synchronous }, async () => {
    await settleGc();
    withBackend(backend, () => {
      const before = memory().numTensors;
      const passes = collectionInfo().passes;
      const wasmBefore = wasmMemoryBytes();
      // 200,000 tensors: without passes every one of them would still be counted (and held) here.
      const { maxTensors, last } = unscopedLoop(4, 50_000);
      assert.ok(collectionInfo().passes > passes, 'collection passes ran');
      assert.ok(maxTensors - before <= 2 * MIN_PASS_TENSORS + 64, `live tensors peaked at ${maxTensors - before} above the start`);
      assert.ok(wasmMemoryBytes() - wasmBefore <= 8 * MIB, `the wasm memory grew by ${(wasmMemoryBytes() - wasmBefore) / MIB} MiB`);
      assert.ok(last.values[0]! > 1.99 && last.values[0]! <= 2, 'the loop computed x = x/2 + 1');
    });
  });

  test(`${backend}: an unscoped synchronous loop of 4 KiB tensors keeps bounded live bytes`, { skip: !collectionInfo().synchronous }, async () => {
    await settleGc();
    withBackend(backend, () => {
      const before = memory().numBytes;
      const wasmBefore = wasmMemoryBytes();
      // 40,000 tensors of 4 KiB: 156 MiB that would all stay allocated without passes.
      const { maxBytes } = unscopedLoop(1024, 20_000);
      assert.ok(maxBytes - before <= 2 * MIN_PASS_BYTES + 64 * 1024, `live bytes peaked at ${(maxBytes - before) / MIB} MiB above the start`);
      assert.ok(wasmMemoryBytes() - wasmBefore <= 2.5 * MIN_PASS_BYTES, `the wasm memory grew by ${(wasmMemoryBytes() - wasmBefore) / MIB} MiB`);
    });
  });
}

test('an unscoped loop that awaits microtasks stays bounded too', { skip: !collectionInfo().synchronous }, async () => {
  await settleGc();
  const before = memory().numTensors;
  let x = zeros([4]);
  let maxTensors = 0;
  for (let i = 0; i < 30_000; i++) {
    x = add(mul(x, 0.5), 1);
    if (i % 100 === 0) await Promise.resolve();
    maxTensors = Math.max(maxTensors, memory().numTensors);
  }
  assert.ok(maxTensors - before <= 2 * MIN_PASS_TENSORS + 64, `live tensors peaked at ${maxTensors - before} above the start`);
});

test('a pass releases only unreachable storage: reachable tensors, reshapes of dropped ones and arrays still read stay usable', { skip: !collectionInfo().synchronous }, async () => {
  await settleGc();
  const before = memory();
  const kept: Tensor[] = [];
  const make = (): { reshaped: Tensor; values: Float32Array } => {
    for (let i = 0; i < 1000; i++) {
      kept.push(add(zeros([8]), i));
      add(zeros([8]), -1); // garbage
    }
    add(zeros([8]), 3).dispose();
    // A reshape shares its storage: dropping the original must not free what the reshape reads.
    const reshaped = reshape(add(zeros([2, 4]), 7), [8]);
    // Code that kept only the array of a temporary (as some ops do) must keep reading its values.
    const values = add(zeros([8]), 5).values as Float32Array;
    return { reshaped, values };
  };
  const { reshaped, values } = make();
  assert.equal(collectNow(), true);
  // The garbage is gone (a few of the last temporaries may still sit in a register).
  const after = memory();
  assert.ok(after.numTensors >= before.numTensors + 1002 && after.numTensors <= before.numTensors + 1006, `${after.numTensors - before.numTensors} live`);
  for (let i = 0; i < 200; i++) add(zeros([8]), 9); // reuses freed blocks
  kept.forEach((t, i) => assert.deepEqual([...t.values], new Array(8).fill(i)));
  assert.deepEqual([...reshaped.values], new Array(8).fill(7));
  assert.deepEqual([...values], new Array(8).fill(5));
  for (const t of kept) t.dispose();
  reshaped.dispose();
});

test('without --expose-gc, a plain node process collects synchronously and stays bounded', { skip: process.env.ATELIER_SYNC_GC === '0' }, () => {
  const index = fileURLToPath(new URL('../../src/index.js', import.meta.url));
  const storage = fileURLToPath(new URL('../../src/tensor/storage.js', import.meta.url));
  const script = `
    const { add, mul, zeros, memory } = await import(${JSON.stringify(index)});
    const { collectionInfo } = await import(${JSON.stringify(storage)});
    let x = zeros([1024]);
    let max = 0;
    for (let i = 0; i < 20000; i++) { x = add(mul(x, 0.5), 1); max = Math.max(max, memory().numBytes); }
    console.log(JSON.stringify({ ...collectionInfo(), maxMiB: max / 1048576, gcGlobal: typeof globalThis.gc }));
  `;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', env: { ...process.env, ATELIER_BACKEND: 'wasm' } });
  assert.equal(run.status, 0, run.stderr);
  const result = JSON.parse(run.stdout.trim().split('\n').pop()!) as { synchronous: boolean; passes: number; maxMiB: number; gcGlobal: string };
  assert.equal(result.synchronous, true);
  assert.ok(result.passes > 0);
  assert.ok(result.maxMiB <= (2 * MIN_PASS_BYTES) / MIB + 1, `live bytes peaked at ${result.maxMiB} MiB`);
  assert.equal(result.gcGlobal, 'undefined', 'the main context does not gain a global gc');
});
