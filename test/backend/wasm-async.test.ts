/**
 * The asynchronous readiness step (createWasmBackendAsync, setBackendAsync, ready) on Node, a host
 * whose kernels load only asynchronously (as in browsers), and the messages that say why the wasm
 * backend cannot run in a host.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import {
  BackendNotReadyError,
  createWasmBackend,
  createWasmBackendAsync,
  getBackend,
  matmul,
  ready,
  registerBackend,
  setBackend,
  setBackendAsync,
  tensor,
} from '../../src/index.js';
import { nodePlatform } from '../../src/backend/wasm/node-platform.js';
import { detectFeatures, unavailableReason, type HostFeatures } from '../../src/backend/wasm/features.js';
import type { WasmPlatform } from '../../src/backend/wasm/platform.js';

test('createWasmBackendAsync builds a working backend whose worker starts', async () => {
  const backend = await createWasmBackendAsync({ threads: 2 });
  try {
    assert.equal(backend.name, 'wasm');
    assert.equal(backend.threads, 2);
    registerBackend('wasm-async-2', () => backend);
    setBackend('wasm-async-2');
    assert.deepEqual([...matmul(tensor([[1, 2], [3, 4]]), tensor([[5, 6], [7, 8]])).data()], [19, 22, 43, 50]);
    const end = Date.now() + 20000;
    while (backend.workersStarted < 1 && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal(backend.workersStarted, 1);
  } finally {
    setBackend('js');
    backend.dispose();
  }
});

test('where the kernels load only asynchronously, js stands in with one warning until ready() loads them', async () => {
  // Like a browser: no synchronous readModuleBytes. A platform object of its own has its own module cache.
  const asyncOnly: WasmPlatform = {
    fetchModuleBytes: (build) => nodePlatform.fetchModuleBytes(build),
    defaultThreads: () => 1,
    spawnWorker: (init) => nodePlatform.spawnWorker(init),
  };
  assert.throws(() => createWasmBackend({ platform: asyncOnly }), (error: Error) => {
    assert.ok(error instanceof BackendNotReadyError);
    assert.match(error.message, /await ready\(\)/);
    return true;
  });
  const warnings: string[] = [];
  const listener = (w: Error): void => void warnings.push(w.message);
  process.on('warning', listener);
  try {
    registerBackend('async-only', () => createWasmBackend({ platform: asyncOnly }), () => createWasmBackendAsync({ platform: asyncOnly }));
    setBackend('async-only');
    assert.equal(getBackend().name, 'js');
    const loaded = await ready();
    assert.equal(loaded.name, 'wasm');
    assert.equal(getBackend(), loaded);
    assert.deepEqual([...matmul(tensor([[1, 2]]), tensor([[3], [4]])).data()], [11]);
    setBackend('js');
    setBackend('async-only');
    assert.equal(getBackend(), loaded, 'once loaded, the synchronous setBackend finds it');
    assert.equal(await setBackendAsync('async-only'), loaded);
    await new Promise((resolve) => setImmediate(resolve));
    const ours = warnings.filter((m) => m.includes("'async-only'"));
    assert.equal(ours.length, 1);
    assert.match(ours[0]!, /using 'js' instead.*await ready\(\)/);
  } finally {
    process.off('warning', listener);
    setBackend('js');
  }
});

test('setBackendAsync falls back to js with one warning when the backend cannot run here', async () => {
  const warnings: string[] = [];
  const listener = (w: Error): void => void warnings.push(w.message);
  process.on('warning', listener);
  try {
    const broken: WasmPlatform = { ...nodePlatform, readModuleBytes: undefined, fetchModuleBytes: async () => new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 99]) };
    registerBackend('no-kernels', () => createWasmBackend({ platform: broken }), () => createWasmBackendAsync({ platform: broken }));
    const [first, second] = await Promise.all([setBackendAsync('no-kernels'), setBackendAsync('no-kernels')]);
    assert.equal(first.name, 'js');
    assert.equal(second, first);
    assert.equal((await setBackendAsync('no-kernels')).name, 'js');
    await new Promise((resolve) => setImmediate(resolve));
    const ours = warnings.filter((m) => m.includes("'no-kernels'"));
    assert.equal(ours.length, 1);
    assert.match(ours[0]!, /cannot compile the kernels/);
  } finally {
    process.off('warning', listener);
    setBackend('js');
  }
});

test('ready() in a fresh Node process selects and returns the default wasm backend', () => {
  const index = fileURLToPath(new URL('../../src/index.js', import.meta.url));
  const script = `const a = await import(${JSON.stringify(index)}); const b = await a.ready(); console.log(b.name, b === a.getBackend(), b.threads);`;
  const env: NodeJS.ProcessEnv = { ...process.env, ATELIER_THREADS: '2' };
  delete env.ATELIER_BACKEND;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { env, encoding: 'utf8', timeout: 30000 });
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stdout.trim(), `wasm true ${Math.min(2, availableParallelism())}`, 'ATELIER_THREADS is bounded by the cores');
});

const everything: HostFeatures = { webAssembly: true, sharedArrayBuffer: true, crossOriginIsolated: true, simd: true };

test('unavailableReason names what is missing and how to fix it', () => {
  assert.equal(unavailableReason(everything), null);
  assert.equal(unavailableReason({ ...everything, crossOriginIsolated: undefined }), null, 'Node has no crossOriginIsolated');
  assert.match(unavailableReason({ ...everything, webAssembly: false })!, /has no WebAssembly/);
  const page = unavailableReason({ ...everything, sharedArrayBuffer: false, crossOriginIsolated: false })!;
  assert.match(page, /not cross-origin isolated/);
  assert.match(page, /'Cross-Origin-Opener-Policy: same-origin' and 'Cross-Origin-Embedder-Policy: require-corp'/);
  assert.match(unavailableReason({ ...everything, crossOriginIsolated: false })!, /not cross-origin isolated/, 'isolation decides even where the constructor exists');
  assert.match(unavailableReason({ ...everything, sharedArrayBuffer: false, crossOriginIsolated: undefined })!, /this runtime has no SharedArrayBuffer/);
  assert.match(unavailableReason({ ...everything, simd: false })!, /lacks WebAssembly SIMD.*update the browser/);
});

test(`Node ${process.versions.node} (20 or later) has everything the wasm backend needs`, () => {
  assert.deepEqual(detectFeatures(), { webAssembly: true, sharedArrayBuffer: true, crossOriginIsolated: undefined, simd: true });
});
