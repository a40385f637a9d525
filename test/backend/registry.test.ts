/** Backend selection: setBackend, ATELIER_BACKEND, and the fallback to 'js' when a backend is unavailable. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { BackendUnavailableError, getBackend, listBackends, registerBackend, setBackend, tensor, add } from '../../src/index.js';
import { createWasmBackend } from '../../src/backend/wasm/index.js';
import { nodePlatform } from '../../src/backend/wasm/node-platform.js';

test('wasm is registered and setBackend selects it', () => {
  assert.ok(listBackends().includes('wasm'));
  setBackend('wasm');
  try {
    assert.equal(getBackend().name, 'wasm');
    const sum = add(tensor([1, 2, 3]), tensor([10, 20, 30]));
    assert.deepEqual([...sum.data()], [11, 22, 33]);
  } finally {
    setBackend('js');
  }
});

test('an unavailable backend falls back to js with exactly one warning', async () => {
  const warnings: string[] = [];
  const listener = (w: Error): void => void warnings.push(w.message);
  process.on('warning', listener);
  try {
    registerBackend('needs-gpu', () => {
      throw new BackendUnavailableError('needs-gpu backend: no GPU here');
    });
    setBackend('needs-gpu');
    assert.equal(getBackend().name, 'js');
    setBackend('needs-gpu');
    assert.equal(getBackend().name, 'js');
    await new Promise((resolve) => setImmediate(resolve));
    const ours = warnings.filter((m) => m.includes("'needs-gpu'"));
    assert.equal(ours.length, 1);
    assert.match(ours[0]!, /using 'js' instead.*no GPU here/);
  } finally {
    process.off('warning', listener);
    setBackend('js');
  }
});

test('other factory errors are not swallowed', () => {
  registerBackend('broken', () => {
    throw new RangeError('bug in factory');
  });
  assert.throws(() => setBackend('broken'), /bug in factory/);
});

test('a runtime that cannot compile the kernels makes createWasmBackend throw BackendUnavailableError', () => {
  const noSimd = { ...nodePlatform, readModuleBytes: () => new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 99]) };
  assert.throws(() => createWasmBackend({ platform: noSimd, threads: 1 }), (error: Error) => {
    assert.ok(error instanceof BackendUnavailableError);
    assert.match(error.message, /cannot compile the kernels/);
    return true;
  });
});

test('ATELIER_BACKEND=wasm selects the wasm backend in a fresh process', () => {
  const index = fileURLToPath(new URL('../../src/index.js', import.meta.url));
  const script = `const a = await import(${JSON.stringify(index)}); const b = a.getBackend(); console.log(b.name, b.threads);`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    env: { ...process.env, ATELIER_BACKEND: 'wasm', ATELIER_THREADS: '3' },
    encoding: 'utf8',
    timeout: 30000,
  });
  assert.equal(result.status, 0, result.stderr);
  // ATELIER_THREADS is bounded by the cores (with a warning when it is more).
  assert.equal(result.stdout.trim(), `wasm ${Math.min(3, availableParallelism())}`);
});

test('ATELIER_THREADS must be a positive integer', () => {
  const index = fileURLToPath(new URL('../../src/index.js', import.meta.url));
  const script = `const a = await import(${JSON.stringify(index)}); a.setBackend('wasm');`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    env: { ...process.env, ATELIER_THREADS: 'many' },
    encoding: 'utf8',
    timeout: 30000,
  });
  assert.notEqual(result.status, 0);
  assert.match(result.stderr, /ATELIER_THREADS: 'many' is not a positive integer/);
});
