/**
 * The wasm backend's machinery: the size-class heap (reuse, zeroing, growth, foreign and double
 * frees), the module's shape (no data segments, imported shared memory), threads, and the Tensor
 * API running on it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createWasmBackend } from '../../src/backend/wasm/index.js';
import { WasmHeap, sizeClassBytes, sizeClassOf } from '../../src/backend/wasm/heap.js';
import { threadsFromEnv } from '../../src/backend/wasm/node-platform.js';
import { setBackend, tensor, matmul, memory, scope } from '../../src/index.js';

test('size classes: four per power of two, each large enough and at most 25% slack', () => {
  assert.deepEqual([0, 1, 64, 65, 80, 81, 128, 129, 160].map(sizeClassOf).map(sizeClassBytes), [64, 64, 64, 80, 80, 96, 128, 160, 160]);
  for (let bytes = 1; bytes < 1 << 22; bytes = Math.ceil(bytes * 1.37)) {
    const size = sizeClassBytes(sizeClassOf(bytes));
    assert.ok(size >= bytes, `${bytes} fits`);
    assert.ok(bytes <= 64 || size <= bytes * 1.25, `${bytes} -> ${size}`);
    assert.equal(size % 16, 0);
  }
});

test('heap: blocks are reused per class, zeroed on reuse, views stay valid across growth', () => {
  const mem = new WebAssembly.Memory({ initial: 1, maximum: 1024, shared: true });
  const heap = new WasmHeap(mem, 1024, 1024 * 65536);
  const a = heap.alloc('float32', 100) as Float32Array;
  a.fill(7);
  const ptr = a.byteOffset;
  heap.free(a);
  const b = heap.alloc('float32', 97) as Float32Array; // same size class
  assert.equal(b.byteOffset, ptr);
  assert.ok(b.every((v) => v === 0));
  b[0] = 42;
  const big = heap.alloc('int32', 3_000_000); // forces the memory to grow
  assert.ok(mem.buffer.byteLength >= 12_000_000);
  assert.equal(big.length, 3_000_000);
  assert.equal(b[0], 42, 'views made before the growth still read the shared memory');
  assert.ok(heap.owns(b) && heap.owns(big) && !heap.owns(new Float32Array(4)));
  const live = heap.stats().liveBlocks;
  heap.free(b);
  heap.free(b); // a second free of the same block is ignored
  heap.free(new Float32Array(4)); // foreign arrays are ignored
  assert.equal(heap.stats().liveBlocks, live - 1);
  const empty = heap.alloc('bool', 0);
  assert.equal(empty.length, 0);
  heap.free(empty);
});

test('heap: running out of address space throws a clear error', () => {
  const mem = new WebAssembly.Memory({ initial: 1, maximum: 4, shared: true });
  const heap = new WasmHeap(mem, 1024, 4 * 65536);
  assert.throws(() => heap.alloc('float32', 100_000), /wasm backend: out of memory allocating 400000 bytes/);
});

test('the module imports one shared memory and has no data segments to rewrite it per worker', () => {
  const bytes = readFileSync(new URL('../../wasm/atelier.wasm', import.meta.url));
  const module = new WebAssembly.Module(bytes);
  assert.deepEqual(WebAssembly.Module.imports(module).map((i) => `${i.module}.${i.name}:${i.kind}`), ['env.memory:memory']);
  // Walk the sections: id 11 is the data section.
  let offset = 8;
  const ids: number[] = [];
  while (offset < bytes.length) {
    const id = bytes[offset++]!;
    let size = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = bytes[offset++]!;
      size |= (byte & 0x7f) << shift;
      if (byte < 0x80) break;
    }
    ids.push(id);
    offset += size;
  }
  assert.ok(!ids.includes(11), `sections ${ids.join(',')}`);
});

test('threads: default from ATELIER_THREADS, validated', () => {
  assert.equal(threadsFromEnv(undefined), undefined);
  assert.equal(threadsFromEnv(''), undefined);
  assert.equal(threadsFromEnv('3', 4), 3);
  assert.throws(() => threadsFromEnv('0'), /ATELIER_THREADS: '0' is not a positive integer/);
  assert.throws(() => createWasmBackend({ threads: 0 }), /threads must be a positive integer, got 0/);
  const one = createWasmBackend({ threads: 1 });
  assert.equal(one.threads, 1);
  const four = createWasmBackend({ threads: 4 });
  assert.equal(four.threads, 4);
  four.dispose();
  assert.equal(four.threads, 1, 'after dispose kernels run on the calling thread');
});

test('a parallel product gives the same result on 1, 2 and 3 threads', () => {
  const results = [1, 2, 3].map((threads) => {
    const backend = createWasmBackend({ threads });
    const n = 150;
    const a = backend.alloc('float32', n * n) as Float32Array;
    const b = backend.alloc('float32', n * n) as Float32Array;
    for (let i = 0; i < n * n; i++) {
      a[i] = Math.sin(i);
      b[i] = Math.cos(i * 0.5);
    }
    const out = backend.alloc('float32', n * n) as Float32Array;
    backend.matmul(a, b, out, { batch: 1, m: n, k: n, n, transposeA: false, transposeB: false, aBatchStride: 0, bBatchStride: 0 });
    backend.dispose();
    return Array.from(out);
  });
  // Every thread count computes each tile the same way: results are bitwise equal.
  assert.deepEqual(results[1], results[0]);
  assert.deepEqual(results[2], results[0]);
});

test('tensors on the wasm backend: matmul through the op layer, memory released by dispose', () => {
  setBackend('wasm');
  try {
    const before = memory().numBytes;
    const product = scope(() => {
      const a = tensor([[1, 2], [3, 4]]);
      const b = tensor([[5, 6], [7, 8]]);
      return matmul(a, b);
    });
    assert.deepEqual(product.toArray(), [[19, 22], [43, 50]]);
    product.dispose();
    assert.equal(memory().numBytes, before);
  } finally {
    setBackend('js');
  }
});

test('thread pool: thousands of back-to-back and spaced-out jobs with different sizes all complete exactly', async () => {
  // More threads than this machine may have cores: workers get descheduled, wake late and must
  // then neither miss a job they joined nor run one that has closed.
  const backend = createWasmBackend({ threads: 3 });
  try {
    for (let round = 0; round < 1500; round++) {
      const n = 70000 + ((round * 7919) % 50000); // always several tasks
      const x = backend.alloc('float32', n) as Float32Array;
      x[n - 1] = 5 + round;
      for (let i = 0; i < n; i += 997) x[i] = i + round + 1;
      const out = backend.alloc('float32', n) as Float32Array;
      backend.unary('neg', x, out);
      for (let i = 0; i < n; i += 997) {
        if (out[i] !== -(i + round + 1)) assert.fail(`round ${round}: out[${i}] = ${out[i]}, expected ${-(i + round + 1)}`);
      }
      assert.equal(out[n - 1], -x[n - 1]!, `round ${round}: last element`);
      backend.free(x);
      backend.free(out);
      if (round % 100 === 99) await new Promise((resolve) => setTimeout(resolve, 2)); // let workers fall asleep
    }
  } finally {
    backend.dispose();
  }
});

test('a two-layer network: loss and gradients on the wasm backend match the reference backend', async () => {
  const { Random, valueAndGrad, relu, add, mean, logSoftmax, mul, sum } = await import('../../src/index.js');
  const run = (backendName: string): number[][] => {
    setBackend(backendName);
    try {
      const rng = new Random(7);
      // Sizes past the parallel thresholds so that the threaded kernels take part.
      const x = rng.normal([160, 300]);
      const w1 = rng.normal([300, 128], 0, 0.1);
      const b1 = rng.normal([128], 0, 0.1);
      const w2 = rng.normal([128, 10], 0, 0.1);
      const target = rng.normal([160, 10]);
      const loss = (a: typeof w1, b: typeof b1, c: typeof w2) => {
        const hidden = relu(add(matmul(x, a), b));
        return mean(mul(logSoftmax(matmul(hidden, c)), target));
      };
      const { value, grads } = valueAndGrad(loss)(w1, b1, w2);
      return [[value.item()], ...grads.map((g) => Array.from(g.toArray() as number[][]).flat(2))].concat([[sum(x).item()]]);
    } finally {
      setBackend('js');
    }
  };
  const wasm = run('wasm');
  const js = run('js');
  assert.equal(wasm.length, js.length);
  wasm.forEach((values, i) => {
    for (let j = 0; j < values.length; j++) {
      const tol = 1e-5 + 1e-3 * Math.abs(js[i]![j]!);
      if (!(Math.abs(values[j]! - js[i]![j]!) <= tol)) assert.fail(`output ${i}[${j}]: wasm ${values[j]}, js ${js[i]![j]}`);
    }
  });
});

test('transpose plans: which permutations become one batched 2-D transpose', async () => {
  const { asBatchedTranspose } = await import('../../src/backend/wasm/layout.js');
  assert.deepEqual(asBatchedTranspose([3, 4], [1, 0]), [1, 3, 4]);
  assert.deepEqual(asBatchedTranspose([2, 5, 6, 7], [0, 3, 1, 2]), [2, 30, 7]); // NHWC -> NCHW
  assert.deepEqual(asBatchedTranspose([2, 7, 5, 6], [0, 2, 3, 1]), [2, 7, 30]); // NCHW -> NHWC
  assert.deepEqual(asBatchedTranspose([5, 6, 7], [2, 0, 1]), [1, 30, 7]);
  assert.deepEqual(asBatchedTranspose([3, 1, 7, 1, 6], [0, 4, 3, 2, 1]), [3, 7, 6]); // size-1 axes dropped
  assert.equal(asBatchedTranspose([5, 6, 7], [1, 0, 2]), null); // moves a leading axis past a kept one
  assert.equal(asBatchedTranspose([2, 3, 4], [2, 1, 0]), null);
  assert.equal(asBatchedTranspose([2, 3], [0, 1]), null); // identity: nothing to transpose
});

test('transpose plans: permutations that keep the innermost axes move whole blocks', async () => {
  const { asBlockTranspose } = await import('../../src/backend/wasm/layout.js');
  assert.deepEqual(asBlockTranspose([64, 32, 256], [1, 0, 2]), [1, 64, 32, 256]); // [T, B, H] -> [B, T, H]
  assert.deepEqual(asBlockTranspose([2, 3, 4, 5], [0, 2, 1, 3]), [2, 3, 4, 5]);
  assert.deepEqual(asBlockTranspose([4, 6, 2, 3], [1, 0, 2, 3]), [1, 4, 6, 6]); // two innermost axes, one block
  assert.deepEqual(asBlockTranspose([3, 4, 5, 2], [2, 0, 1, 3]), [1, 12, 5, 2]); // groups [0, 1] and [2] swap
  assert.equal(asBlockTranspose([2, 3, 4, 5, 6], [2, 0, 3, 1, 4]), null); // four groups interleave
  assert.equal(asBlockTranspose([5, 6, 7], [0, 2, 1]), null); // the innermost axis moves
  assert.equal(asBlockTranspose([5, 6, 7], [0, 1, 2]), null); // identity
});

test('broadcast coalescing: shapes and strides the binary kernel sees', async () => {
  const { coalesceBroadcast } = await import('../../src/backend/wasm/elementwise.js');
  assert.deepEqual(coalesceBroadcast([2, 3, 4], [2, 3, 4], [2, 3, 4]), { dims: [24], aStrides: [1], bStrides: [1] });
  assert.deepEqual(coalesceBroadcast([5, 7], [], [5, 7]), { dims: [35], aStrides: [1], bStrides: [0] });
  assert.deepEqual(coalesceBroadcast([5, 7], [7], [5, 7]), { dims: [5, 7], aStrides: [7, 1], bStrides: [0, 1] });
  assert.deepEqual(coalesceBroadcast([5, 7], [5, 1], [5, 7]), { dims: [5, 7], aStrides: [7, 1], bStrides: [1, 0] });
  assert.deepEqual(coalesceBroadcast([4, 6, 6, 3], [4, 1, 1, 3], [4, 6, 6, 3]), { dims: [4, 36, 3], aStrides: [108, 3, 1], bStrides: [3, 0, 1] });
  assert.deepEqual(coalesceBroadcast([1, 1], [1], [1, 1]), { dims: [1], aStrides: [0], bStrides: [0] });
});
