/**
 * sgemm-1024: a 1024x1024 by 1024x1024 float32 product, in GFLOP/s, on the context's threads and
 * on one thread (per-core efficiency; TensorFlow.js's cpu backend is single-threaded either way).
 */
import type { MatMulInfo } from '../../src/backend/kernels.js';
import type { Backend } from '../../src/backend/kernels.js';
import { bestMs, bestMsAsync, gflops, type BenchResult, type Workload } from '../harness.js';
import { tfjsPeerName } from '../peers/tfjs.js';
import { randomValues } from '../../test/backend/kernel-suite.js';
import { createWasmBackend } from '../../src/backend/wasm/index.js';

function square(n: number): MatMulInfo {
  return { batch: 1, m: n, k: n, n, transposeA: false, transposeB: false, aBatchStride: 0, bBatchStride: 0 };
}

/** GFLOP/s of `backend.matmul` on n x n matrices. */
function atelierGflops(backend: Backend, n: number, reps: number): number {
  const a = backend.alloc('float32', n * n) as Float32Array;
  const b = backend.alloc('float32', n * n) as Float32Array;
  const c = backend.alloc('float32', n * n) as Float32Array;
  a.set(randomValues(n * n, 1));
  b.set(randomValues(n * n, 2));
  const ms = bestMs(() => backend.matmul(a, b, c, square(n)), reps);
  backend.free(a);
  backend.free(b);
  backend.free(c);
  return gflops(2 * n ** 3, ms);
}

export const workload: Workload = {
  name: 'sgemm',
  async run(ctx): Promise<BenchResult[]> {
    const n = 1024;
    const peers: Record<string, number> = {};
    // The reference backend takes seconds at 1024^3; its figure is measured at 256^3.
    peers['atelier-js-256'] = atelierGflops(ctx.js, 256, 2);
    if (ctx.tfjs) {
      const tf = ctx.tfjs;
      const a = tf.randomUniform([n, n]);
      const b = tf.randomUniform([n, n]);
      const ms = await bestMsAsync(async () => {
        const c = tf.matMul(a, b);
        await c.data();
        c.dispose();
      }, ctx.quick ? 1 : 3);
      peers[tfjsPeerName(tf)] = gflops(2 * n ** 3, ms);
      tf.dispose([a, b]);
    }
    const single: Record<string, number> = { ...peers };
    if (ctx.torch) {
      const reps = ctx.quick ? 5 : 20;
      const got = ctx.torch(
        `a = torch.rand(${n}, ${n}); b = torch.rand(${n}, ${n})\nreport(ms=best_ms(lambda: a @ b, ${reps}))\n` +
          `torch.set_num_threads(1)\nreport(ms1=best_ms(lambda: a @ b, ${reps}))\n`,
      );
      peers[`pytorch-cpu${ctx.threads}`] = gflops(2 * n ** 3, got.ms!);
      single['pytorch-cpu1'] = gflops(2 * n ** 3, got.ms1!);
    }
    const results = [{ bench: 'sgemm-1024', unit: 'GFLOP/s', atelier: atelierGflops(ctx.wasm, n, ctx.quick ? 5 : 20), peers }];
    if (ctx.threads > 1) {
      const one = createWasmBackend({ threads: 1 });
      results.push({ bench: 'sgemm-1024-1thread', unit: 'GFLOP/s', atelier: atelierGflops(one, n, ctx.quick ? 5 : 20), peers: single });
    }
    return results;
  },
};
