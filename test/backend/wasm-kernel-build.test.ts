/**
 * The two builds of the wasm kernels (kernel-build.ts): which one `auto` loads, `ATELIER_WASM_SIMD`
 * and the `simd` option, the refusal where relaxed SIMD is missing, the fallback when the relaxed
 * file is missing, and — where the engine has relaxed SIMD — that both builds compute what the
 * reference backend computes through every kernel whose products the builds differ in.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  ArgumentError,
  BackendUnavailableError,
  createWasmBackend,
  createWasmBackendAsync,
  conv2d,
  matmul,
  ops,
  Random,
  registerBackend,
  setBackend,
  type Tensor,
} from '../../src/index.js';
import { chooseKernelBuild, hasRelaxedSimd, kernelBuildRequest } from '../../src/backend/wasm/kernel-build.js';
import { nodePlatform } from '../../src/backend/wasm/node-platform.js';
import type { WasmPlatform } from '../../src/backend/wasm/platform.js';

/** Runs `fn` with `ATELIER_WASM_SIMD` set to `value` (unset for undefined), then restores it. */
function withSimdEnv<T>(value: string | undefined, fn: () => T): T {
  const before = process.env.ATELIER_WASM_SIMD;
  if (value === undefined) delete process.env.ATELIER_WASM_SIMD;
  else process.env.ATELIER_WASM_SIMD = value;
  try {
    return fn();
  } finally {
    if (before === undefined) delete process.env.ATELIER_WASM_SIMD;
    else process.env.ATELIER_WASM_SIMD = before;
  }
}

const nodeMajor = Number(process.versions.node.split('.')[0]);
const relaxedFlag = process.execArgv.includes('--experimental-wasm-relaxed-simd');

test('relaxed SIMD is detected where the engine ships it: Node >= 22, or Node 20 with its flag', () => {
  assert.equal(hasRelaxedSimd(), nodeMajor >= 22 || relaxedFlag);
});

test('auto takes the relaxed build where it runs, baseline is always available, relaxed is refused where missing', () => {
  assert.equal(chooseKernelBuild('auto', true), 'relaxed');
  assert.equal(chooseKernelBuild('auto', false), 'baseline');
  assert.equal(chooseKernelBuild('baseline', true), 'baseline');
  assert.equal(chooseKernelBuild('relaxed', true), 'relaxed');
  assert.throws(() => chooseKernelBuild('relaxed', false), (error: Error) => {
    assert.ok(error instanceof BackendUnavailableError);
    assert.match(error.message, /lacks relaxed SIMD.*Node >= 22/);
    return true;
  });
});

test('ATELIER_WASM_SIMD and the simd option choose the build; a bad value names where it came from', () => {
  withSimdEnv(undefined, () => assert.equal(kernelBuildRequest(undefined, 'createWasmBackend'), 'auto'));
  withSimdEnv('', () => assert.equal(kernelBuildRequest(undefined, 'createWasmBackend'), 'auto'));
  withSimdEnv('baseline', () => {
    assert.equal(kernelBuildRequest(undefined, 'createWasmBackend'), 'baseline');
    assert.equal(kernelBuildRequest('relaxed', 'createWasmBackend'), 'relaxed', 'the option wins over the variable');
    const backend = createWasmBackend({ threads: 1 });
    try {
      assert.equal(backend.kernelBuild, 'baseline');
    } finally {
      backend.dispose();
    }
  });
  withSimdEnv('avx512', () => {
    assert.throws(() => createWasmBackend({ threads: 1 }), (error: Error) => {
      assert.ok(error instanceof ArgumentError);
      assert.match(error.message, /^ATELIER_WASM_SIMD: 'avx512' is not one of auto, baseline, relaxed/);
      return true;
    });
  });
  assert.throws(() => createWasmBackend({ threads: 1, simd: 'fast' as 'auto' }), (error: Error) => {
    assert.ok(error instanceof ArgumentError);
    assert.match(error.message, /^createWasmBackend: simd: 'fast' is not one of auto, baseline, relaxed$/);
    return true;
  });
});

test('a default backend runs the relaxed build exactly where the engine has relaxed SIMD', () => {
  const backend = createWasmBackend({ threads: 1, simd: 'auto' });
  try {
    assert.equal(backend.kernelBuild, hasRelaxedSimd() ? 'relaxed' : 'baseline');
  } finally {
    backend.dispose();
  }
  if (!hasRelaxedSimd()) {
    assert.throws(() => createWasmBackend({ threads: 1, simd: 'relaxed' }), BackendUnavailableError);
  }
});

test('auto falls back to the baseline build when the relaxed file cannot be read (sync and async)', async () => {
  const onlyBaseline: WasmPlatform = {
    readModuleBytes: (build) => {
      if (build === 'relaxed') throw new BackendUnavailableError('wasm backend: cannot read atelier-relaxed.wasm (missing)');
      return nodePlatform.readModuleBytes!(build);
    },
    fetchModuleBytes: async (build) => {
      if (build === 'relaxed') throw new BackendUnavailableError('wasm backend: cannot read atelier-relaxed.wasm (missing)');
      return nodePlatform.fetchModuleBytes(build);
    },
    defaultThreads: () => 1,
    spawnWorker: (init) => nodePlatform.spawnWorker(init),
  };
  const sync = createWasmBackend({ platform: onlyBaseline, simd: 'auto' });
  const async = await createWasmBackendAsync({ platform: { ...onlyBaseline }, simd: 'auto' });
  try {
    assert.equal(sync.kernelBuild, 'baseline');
    assert.equal(async.kernelBuild, 'baseline');
    const [a, b, c] = [2, 2, 1].map((n) => sync.alloc('float32', n) as Float32Array) as [Float32Array, Float32Array, Float32Array];
    a.set([1, 2]);
    b.set([3, 4]);
    sync.matmul(a, b, c, { batch: 1, m: 1, k: 2, n: 1, transposeA: false, transposeB: false, aBatchStride: 0, bBatchStride: 0 });
    assert.equal(c[0], 11);
  } finally {
    sync.dispose();
    async.dispose();
  }
  if (hasRelaxedSimd()) {
    // Asked for by name, a missing relaxed file is an error, not a silent fallback.
    assert.throws(() => createWasmBackend({ platform: { ...onlyBaseline }, simd: 'relaxed' }), /cannot read atelier-relaxed\.wasm/);
  }
});

function random(shape: number[], seed: number): Tensor {
  return new Random(seed).uniform(shape, -1, 1);
}

/** The outputs of the kernels whose products differ between the builds, on the current backend. */
function productKernels(): Float32Array[] {
  const a = random([67, 300], 1), b = random([300, 45], 2), narrow = random([300, 3], 3);
  const image = random([2, 40, 40, 3], 4), grey = random([1, 20, 20, 1], 5), wide = random([1, 16, 16, 32], 6);
  const q = random([2, 3, 17, 8], 7), k = random([2, 3, 17, 8], 8), v = random([2, 3, 17, 8], 9);
  const outputs = [
    matmul(a, b), // the SGEMM micro-kernel
    matmul(a, narrow), // the narrow GEMM
    conv2d(image, random([11, 11, 3, 8], 10), { padding: 'same' }), // FFT
    conv2d(grey, random([3, 3, 1, 16], 11), { padding: 'same' }), // direct
    conv2d(wide, random([3, 3, 32, 32], 12), { padding: 'same' }), // Winograd (its products are the micro-kernel's)
    conv2d(wide, random([3, 3, 1, 32], 13), { padding: 'same', groups: 32 }), // depthwise
    ops.scaledDotProductAttention(q, k, v, { causal: true }),
  ];
  return outputs.map((t) => Float32Array.from(t.values as Float32Array));
}

test('where relaxed SIMD runs, both builds compute what the reference computes through every product kernel', { skip: !hasRelaxedSimd() && 'this engine has no relaxed SIMD (Node 20): the relaxed build cannot load; Node >= 22 runs this test' }, () => {
  const baseline = createWasmBackend({ threads: 2, simd: 'baseline' });
  const relaxed = createWasmBackend({ threads: 2, simd: 'relaxed' });
  registerBackend('wasm-baseline-build', () => baseline);
  registerBackend('wasm-relaxed-build', () => relaxed);
  try {
    setBackend('js');
    const reference = productKernels();
    for (const name of ['wasm-baseline-build', 'wasm-relaxed-build']) {
      setBackend(name);
      const got = productKernels();
      got.forEach((values, i) => {
        const want = reference[i]!;
        assert.equal(values.length, want.length);
        const scale = want.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
        let worst = 0;
        for (let j = 0; j < want.length; j++) worst = Math.max(worst, Math.abs(values[j]! - want[j]!));
        assert.ok(worst <= 2e-5 * scale, `${name}, kernel ${i}: largest difference ${worst} against outputs up to ${scale}`);
      });
    }
    assert.equal(relaxed.kernelBuild, 'relaxed');
  } finally {
    setBackend('js');
    baseline.dispose();
    relaxed.dispose();
  }
});

test('a fresh process on Node 20 with --experimental-wasm-relaxed-simd, or any Node >= 22, loads the relaxed build by default', () => {
  const index = fileURLToPath(new URL('../../src/index.js', import.meta.url));
  const script = `const a = await import(${JSON.stringify(index)}); const b = await a.ready(); console.log(b.name, b.kernelBuild);`;
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.ATELIER_BACKEND;
  delete env.ATELIER_WASM_SIMD;
  const flags = nodeMajor < 22 ? ['--experimental-wasm-relaxed-simd'] : [];
  const result = spawnSync(process.execPath, [...flags, '--input-type=module', '-e', script], { env, encoding: 'utf8', timeout: 30000 });
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stdout.trim(), 'wasm relaxed');
});
