/**
 * Kernel cases of NaN propagation (PyTorch's semantics), on arrays long enough to reach the fast
 * kernels' vector loops, tails and threads: activations and clipping keep NaN, minimum/maximum
 * propagate it, reluGrad passes dy at NaN, reductions and softmax give NaN for a group with a NaN
 * (argmax/argmin pick its first NaN), the fused bias/convolution tails, batch norm, the recurrent
 * kernels and softmax cross-entropy spread it without zeroing it. Every case also runs against the
 * reference; the NaN placement is asserted here by hand.
 */
import assert from 'node:assert/strict';
import type { KernelCase } from '../case-helpers.js';
import { randomValues, upload } from '../case-helpers.js';
import type { Backend, ReduceOp, UnaryOp, UnaryParams } from '../../../src/backend/kernels.js';

/** Random values in [-3, 3) with NaN at every `i % 7 == 3` and at the last index. */
function withNaNs(n: number, seed: number): Float32Array {
  const x = randomValues(n, seed).map((v) => v * 3);
  for (let i = 3; i < n; i += 7) x[i] = NaN;
  x[n - 1] = NaN;
  return x;
}

/** Asserts that `out` is NaN exactly where `expected(i)` says. */
function assertNaNWhere(out: ArrayLike<number>, expected: (i: number) => boolean, label: string): void {
  for (let i = 0; i < out.length; i++) {
    if (Number.isNaN(out[i]!) !== expected(i)) assert.fail(`${label}: element ${i} is ${out[i]}, expected ${expected(i) ? 'NaN' : 'a number'}`);
  }
}

const unaryOps: [UnaryOp, UnaryParams?][] = [
  ['relu'], ['leakyRelu', { alpha: 0.2 }], ['elu', { alpha: 1 }], ['gelu'], ['softplus'], ['sigmoid'], ['tanh'],
  ['clip', { min: -0.5, max: 0.5 }], ['exp'], ['expm1'], ['abs'], ['neg'], ['square'],
];

function unaryCase(op: UnaryOp, params: UnaryParams | undefined, n: number): KernelCase {
  return {
    name: `NaN: unary ${op} keeps NaN in every lane and the tail (n=${n})`,
    run: (b) => {
      const xv = withNaNs(n, n + op.length);
      const out = b.alloc('float32', n) as Float32Array;
      b.unary(op, upload(b, xv), out, params);
      assertNaNWhere(out, (i) => Number.isNaN(xv[i]!), `${b.name} ${op}`);
      return [out];
    },
  };
}

function binaryCase(shapeA: number[], shapeB: number[]): KernelCase {
  const size = (s: number[]): number => s.reduce((p, d) => p * d, 1);
  const outShape = shapeA.length >= shapeB.length ? shapeA : shapeB;
  return {
    name: `NaN: minimum/maximum propagate it, reluGrad passes dy at NaN: [${shapeA}] with [${shapeB}]`,
    run: (b) => {
      const av = withNaNs(size(shapeA), 3);
      const bv = withNaNs(size(shapeB), 4).map((v, i) => (i % 5 === 0 ? NaN : v));
      const a = upload(b, av), bb = upload(b, bv);
      const outs = ['minimum', 'maximum', 'reluGrad'].map(() => b.alloc('float32', size(outShape)) as Float32Array);
      b.binary('minimum', a, shapeA, bb, shapeB, outs[0]!, outShape);
      b.binary('maximum', a, shapeA, bb, shapeB, outs[1]!, outShape);
      // reluGrad(dy = a, x = b): 0 where x <= 0, dy elsewhere (x NaN included).
      b.binary('reluGrad', a, shapeA, bb, shapeB, outs[2]!, outShape);
      const n = size(outShape);
      const ai = (i: number): number => av[av.length === n ? i : av.length === 1 ? 0 : i % av.length]!;
      const bi = (i: number): number => bv[bv.length === n ? i : bv.length === 1 ? 0 : i % bv.length]!;
      assertNaNWhere(outs[0]!, (i) => Number.isNaN(ai(i)) || Number.isNaN(bi(i)), `${b.name} minimum`);
      assertNaNWhere(outs[1]!, (i) => Number.isNaN(ai(i)) || Number.isNaN(bi(i)), `${b.name} maximum`);
      const relu = Array.from({ length: n }, (_, i) => (bi(i) <= 0 ? 0 : ai(i)));
      assertNaNWhere(outs[2]!, (i) => Number.isNaN(relu[i]!), `${b.name} reluGrad`);
      return outs;
    },
  };
}

/** NaN in groups `g` with `g % 3 == 0` of an `[outer, size, inner]` view, at a varying position. */
function reduceInput(outer: number, size: number, inner: number): { x: Float32Array; nanGroup: (o: number, i: number) => number } {
  const x = randomValues(outer * size * inner, outer + size + inner).map((v) => v * 3);
  const firstNaN = (o: number, i: number): number => ((o * inner + i) % 3 === 0 ? ((o * inner + i) * 7) % size : -1);
  for (let o = 0; o < outer; o++)
    for (let i = 0; i < inner; i++) {
      const j = firstNaN(o, i);
      if (j >= 0) {
        x[(o * size + j) * inner + i] = NaN;
        x[(o * size + size - 1) * inner + i] = NaN; // a second NaN: the first one must win argmax/argmin
      }
    }
  return { x, nanGroup: firstNaN };
}

function reduceCase(outer: number, size: number, inner: number): KernelCase {
  const ops: ReduceOp[] = ['max', 'min', 'sum', 'mean', 'prod', 'logSumExp', 'argmax', 'argmin'];
  return {
    name: `NaN: reductions give NaN for a group with one (argmax/argmin its first NaN), softmax a NaN group; [${outer}, ${size}, ${inner}]`,
    atol: 1e-4,
    rtol: 1e-4,
    run: (b: Backend) => {
      const { x: xv, nanGroup } = reduceInput(outer, size, inner);
      const x = upload(b, xv);
      const view = { outer, size, inner };
      const outs = ops.map((op) => {
        const out = b.alloc(op.startsWith('arg') ? 'int32' : 'float32', outer * inner);
        b.reduce(op, x, view, out);
        const group = (k: number): number => nanGroup(Math.floor(k / inner), k % inner);
        if (op.startsWith('arg')) {
          for (let k = 0; k < out.length; k++) if (group(k) >= 0) assert.equal(out[k], group(k), `${b.name} ${op} of group ${k}`);
        } else {
          assertNaNWhere(out, (k) => group(k) >= 0, `${b.name} ${op}`);
        }
        return out;
      });
      for (const kernel of ['softmax', 'logSoftmax'] as const) {
        const out = b.alloc('float32', xv.length) as Float32Array;
        b[kernel](x, view, out);
        assertNaNWhere(out, (e) => nanGroup(Math.floor(e / (size * inner)), e % inner) >= 0, `${b.name} ${kernel}`);
        outs.push(out);
      }
      return outs;
    },
  };
}

function biasActivationCase(rows: number, channels: number): KernelCase {
  return {
    name: `NaN: biasActivation relu keeps NaN (x and bias), its gradient passes dy where y is NaN; [${rows}, ${channels}]`,
    run: (b) => {
      const xv = withNaNs(rows * channels, rows);
      const biasV = randomValues(channels, 5);
      biasV[1] = NaN;
      const out = b.alloc('float32', rows * channels) as Float32Array;
      b.biasActivation(upload(b, xv), upload(b, biasV), out, 'relu');
      assertNaNWhere(out, (i) => Number.isNaN(xv[i]!) || i % channels === 1, `${b.name} biasActivation`);
      const dyv = randomValues(rows * channels, 9);
      const dx = b.alloc('float32', rows * channels) as Float32Array;
      const dBias = b.alloc('float32', channels) as Float32Array;
      b.biasActivationBackward(upload(b, dyv), out, dx, dBias, 'relu');
      for (let i = 0; i < dx.length; i++) {
        const want = out[i]! <= 0 ? 0 : dyv[i]!;
        if (dx[i] !== want) assert.fail(`${b.name} biasActivationBackward element ${i}: got ${dx[i]}, expected ${want} (y ${out[i]})`);
      }
      return [out, dx, dBias];
    },
  };
}

function convCase(filter: number, outChannels: number): KernelCase {
  const info = {
    batch: 2, inHeight: 7, inWidth: 6, inChannels: 3, outHeight: 7, outWidth: 6, outChannels,
    filterHeight: filter, filterWidth: filter, strideHeight: 1, strideWidth: 1, dilationHeight: 1, dilationWidth: 1,
    padTop: filter >> 1, padLeft: filter >> 1, groups: 1,
  };
  return {
    name: `NaN: conv2dBiasActivation relu keeps the NaN a window reads (${filter}x${filter}, ${outChannels} channels)`,
    atol: 1e-4,
    run: (b) => {
      const xv = randomValues(2 * 7 * 6 * 3, 21);
      xv[((0 * 7 + 3) * 6 + 2) * 3 + 1] = NaN; // image 0, row 3, column 2, channel 1
      const out = b.alloc('float32', 2 * 7 * 6 * outChannels) as Float32Array;
      const f = upload(b, randomValues(filter * filter * 3 * outChannels, 22));
      b.conv2dBiasActivation(upload(b, xv), f, upload(b, randomValues(outChannels, 23)), out, info, 'relu');
      const reach = filter >> 1;
      assertNaNWhere(out, (i) => {
        const pixel = Math.floor(i / outChannels);
        const n = Math.floor(pixel / 42), y = Math.floor((pixel % 42) / 6), x = pixel % 6;
        return n === 0 && Math.abs(y - 3) <= reach && Math.abs(x - 2) <= reach;
      }, `${b.name} conv2dBiasActivation`);
      return [out];
    },
  };
}

export const nanCases: KernelCase[] = [
  ...unaryOps.flatMap(([op, params]) => [unaryCase(op, params, 4099), unaryCase(op, params, 70001)]),
  binaryCase([4099], [4099]),
  binaryCase([70001], [70001]),
  binaryCase([4099], [1]),
  binaryCase([64, 67], [67]),
  reduceCase(37, 1029, 1),
  reduceCase(3, 37, 67),
  reduceCase(2, 70001, 1),
  reduceCase(1, 9, 1),
  biasActivationCase(37, 10),
  biasActivationCase(2203, 32),
  convCase(3, 8),
  convCase(1, 8),
  convCase(3, 5),
  {
    name: 'NaN: batchNormTraining poisons its channel only; batchNormInference its element only',
    atol: 1e-4,
    run: (b) => {
      const outer = 6, channels = 5, inner = 7;
      const xv = randomValues(outer * channels * inner, 31);
      xv[(2 * channels + 3) * inner + 4] = NaN; // channel 3
      const x = upload(b, xv);
      const view = { outer, size: channels, inner };
      const out = b.alloc('float32', xv.length) as Float32Array;
      const mean = b.alloc('float32', channels) as Float32Array;
      const variance = b.alloc('float32', channels) as Float32Array;
      b.batchNormTraining(x, view, null, null, 1e-5, out, mean, variance);
      const channelOf = (i: number): number => Math.floor(i / inner) % channels;
      assertNaNWhere(out, (i) => channelOf(i) === 3, `${b.name} batchNormTraining`);
      assertNaNWhere(mean, (c) => c === 3, `${b.name} batchNormTraining mean`);
      const inference = b.alloc('float32', xv.length) as Float32Array;
      b.batchNormInference(x, view, upload(b, new Float32Array(channels)), upload(b, new Float32Array(channels).fill(1)), null, null, 1e-5, inference);
      assertNaNWhere(inference, (i) => Number.isNaN(xv[i]!), `${b.name} batchNormInference`);
      return [out, mean, variance, inference];
    },
  },
  {
    name: 'NaN: lstmForward and gruForward spread a NaN through its sequence only',
    atol: 1e-4,
    run: (b) => {
      const info = { time: 4, batch: 3, units: 5 };
      const { time: T, batch: B, units: H } = info;
      const outs = [];
      for (const gates of [4, 3]) {
        const xp = randomValues(T * B * gates * H, 41 + gates);
        xp[(1 * B + 2) * gates * H + 1] = NaN; // time 1, batch entry 2
        const w = upload(b, randomValues(H * gates * H, 43).map((v) => v * 0.5));
        const hs = b.alloc('float32', (T + 1) * B * H) as Float32Array;
        const gateOut = b.alloc('float32', T * B * 4 * H) as Float32Array;
        if (gates === 4) {
          const cs = b.alloc('float32', (T + 1) * B * H) as Float32Array;
          b.lstmForward(upload(b, xp), w, hs, cs, gateOut, info);
          outs.push(cs);
        } else {
          b.gruForward(upload(b, xp), w, upload(b, new Float32Array(3 * H)), hs, gateOut, info);
        }
        // Batch entry 2 is NaN from time 1 on (h_2 onwards, every unit from time 2); the others stay finite.
        for (let t = 0; t <= T; t++)
          for (let n = 0; n < B; n++)
            for (let u = 0; u < H; u++) {
              const v = hs[(t * B + n) * H + u]!;
              if (n !== 2 || t < 2) assert.ok(!Number.isNaN(v), `${b.name} ${gates === 4 ? 'lstm' : 'gru'} h[${t}, ${n}, ${u}] is NaN`);
              if (n === 2 && t >= 3) assert.ok(Number.isNaN(v), `${b.name} ${gates === 4 ? 'lstm' : 'gru'} h[${t}, ${n}, ${u}] is ${v}, expected NaN`);
            }
        outs.push(hs);
      }
      return outs;
    },
  },
  {
    name: 'NaN: softmaxCrossEntropy gives NaN for a row with a NaN logit only',
    atol: 1e-4,
    run: (b) => {
      const rows = 6, classes = 37;
      const xv = randomValues(rows * classes, 51);
      xv[2 * classes + 30] = NaN;
      const loss = b.alloc('float32', rows) as Float32Array;
      const stats = b.alloc('float32', 2 * rows) as Float32Array;
      b.softmaxCrossEntropy(upload(b, xv), upload(b, Int32Array.from([1, 0, 5, 36, 2, 2])), rows, classes, loss, stats);
      assertNaNWhere(loss, (r) => r === 2, `${b.name} softmaxCrossEntropy`);
      return [loss];
    },
  },
];
