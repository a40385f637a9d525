/**
 * Memory-bound kernels on 4 Mi floats (ms per call): same-shape and bias-broadcast add, relu, exp,
 * sigmoid, a full sum, softmax over rows of 1000 and a 2048x2048 transpose, on the wasm backend,
 * the reference backend and TensorFlow.js.
 */
import type { Backend } from '../../src/backend/kernels.js';
import { bestMs, bestMsAsync, type BenchContext, type BenchResult, type Workload } from '../harness.js';
import { tfjsPeerName, type Tfjs } from '../peers/tfjs.js';
import { randomValues } from '../../test/backend/kernel-suite.js';

const ROWS = 4096;
const COLS = 1024;
const N = ROWS * COLS;

interface Case {
  name: string;
  atelier(backend: Backend, x: Float32Array, y: Float32Array, bias: Float32Array, out: Float32Array, scalar: Float32Array): void;
  tfjs(tf: Tfjs, x: import('@tensorflow/tfjs').Tensor2D, y: import('@tensorflow/tfjs').Tensor2D, bias: import('@tensorflow/tfjs').Tensor1D): import('@tensorflow/tfjs').Tensor;
}

const cases: Case[] = [
  { name: 'add', atelier: (b, x, y, _, out) => b.binary('add', x, [ROWS, COLS], y, [ROWS, COLS], out, [ROWS, COLS]), tfjs: (tf, x, y) => tf.add(x, y) },
  { name: 'add-bias', atelier: (b, x, _, bias, out) => b.binary('add', x, [ROWS, COLS], bias, [COLS], out, [ROWS, COLS]), tfjs: (tf, x, _, bias) => tf.add(x, bias) },
  { name: 'relu', atelier: (b, x, _, __, out) => b.unary('relu', x, out), tfjs: (tf, x) => tf.relu(x) },
  { name: 'exp', atelier: (b, x, _, __, out) => b.unary('exp', x, out), tfjs: (tf, x) => tf.exp(x) },
  { name: 'sigmoid', atelier: (b, x, _, __, out) => b.unary('sigmoid', x, out), tfjs: (tf, x) => tf.sigmoid(x) },
  { name: 'sum', atelier: (b, x, _, __, ___, scalar) => b.reduce('sum', x, { outer: 1, size: N, inner: 1 }, scalar), tfjs: (tf, x) => tf.sum(x) },
  { name: 'softmax-1000', atelier: (b, x, _, __, out) => b.softmax(x.subarray(0, 4096 * 1000), { outer: 4096, size: 1000, inner: 1 }, out.subarray(0, 4096 * 1000)), tfjs: (tf, x) => tf.softmax(x.slice([0, 0], [ROWS, 1000])) },
  { name: 'transpose-2048', atelier: (b, x, _, __, out) => b.transpose(x, [2048, 2048], [1, 0], out), tfjs: (tf, x) => tf.transpose(x.reshape([2048, 2048])) },
];

function atelierMs(backend: Backend, reps: number): Record<string, number> {
  const upload = (values: Float32Array): Float32Array => {
    const a = backend.alloc('float32', values.length) as Float32Array;
    a.set(values);
    return a;
  };
  const x = upload(randomValues(N, 1));
  const y = upload(randomValues(N, 2));
  const bias = upload(randomValues(COLS, 3));
  const out = backend.alloc('float32', N) as Float32Array;
  const scalar = backend.alloc('float32', 1) as Float32Array;
  const result: Record<string, number> = {};
  for (const c of cases) result[c.name] = bestMs(() => c.atelier(backend, x, y, bias, out, scalar), reps);
  for (const a of [x, y, bias, out, scalar]) backend.free(a);
  return result;
}

async function tfjsMs(tf: Tfjs, reps: number): Promise<Record<string, number>> {
  const x = tf.randomUniform<import('@tensorflow/tfjs').Rank.R2>([ROWS, COLS]);
  const y = tf.randomUniform<import('@tensorflow/tfjs').Rank.R2>([ROWS, COLS]);
  const bias = tf.randomUniform<import('@tensorflow/tfjs').Rank.R1>([COLS]);
  const result: Record<string, number> = {};
  for (const c of cases) {
    result[c.name] = await bestMsAsync(async () => {
      const out = c.tfjs(tf, x, y, bias);
      await out.data();
      out.dispose();
    }, reps);
  }
  tf.dispose([x, y, bias]);
  return result;
}

export const workload: Workload = {
  name: 'elementwise',
  async run(ctx: BenchContext): Promise<BenchResult[]> {
    const reps = ctx.quick ? 3 : 10;
    const ours = atelierMs(ctx.wasm, reps);
    const reference = atelierMs(ctx.js, ctx.quick ? 1 : 3);
    const tfjs = ctx.tfjs ? await tfjsMs(ctx.tfjs, ctx.quick ? 2 : 5) : null;
    return cases.map((c) => ({
      bench: `elementwise-${c.name}-4M`,
      unit: 'ms',
      atelier: ours[c.name]!,
      peers: { 'atelier-js': reference[c.name]!, ...(tfjs && ctx.tfjs ? { [tfjsPeerName(ctx.tfjs)]: tfjs[c.name]! } : {}) },
    }));
  },
};
