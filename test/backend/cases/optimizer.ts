/**
 * Kernel cases of the fused optimizer steps (adamUpdate, sgdUpdate, sgdMomentumUpdate): in-place updates of weights
 * and moments, checked against values worked out by hand and against the reference backend on
 * long random arrays (SIMD bodies and their tails).
 */
import type { KernelCase } from '../kernel-suite.js';
import { randomValues, upload } from '../kernel-suite.js';

const adam = { learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, step: 1 };

export const optimizerCases: KernelCase[] = [
  {
    // Step 1: m = 0.1·g, v = 0.001·g², the bias corrections cancel them, so w −= lr·g/(|g| + ε) = lr·sign(g).
    name: 'adamUpdate first step moves each weight by the learning rate against the gradient sign',
    atol: 1e-6,
    run: (b) => {
      const w = upload(b, Float32Array.from([1, 2, 3]));
      const g = upload(b, Float32Array.from([0.5, -2, 0]));
      const m = upload(b, new Float32Array(3));
      const v = upload(b, new Float32Array(3));
      b.adamUpdate(w, g, m, v, adam);
      return [w, m, v];
    },
    expected: [
      [0.9, 2.1, 3],
      [0.05, -0.2, 0],
      [0.00025, 0.004, 0],
    ],
  },
  {
    // Step 2 from m = 1, v = 4, g = 1: m = 1, v = 3.997, m̂ = 1/0.19, v̂ = 3.997/0.001999; w = 1 − 0.1·m̂/(sqrt(v̂) + ε).
    name: 'adamUpdate second step with bias corrections',
    atol: 1e-5,
    run: (b) => {
      const w = upload(b, Float32Array.from([1]));
      const g = upload(b, Float32Array.from([1]));
      const m = upload(b, Float32Array.from([1]));
      const v = upload(b, Float32Array.from([4]));
      b.adamUpdate(w, g, m, v, { ...adam, step: 2 });
      return [w, m, v];
    },
    expected: [[1 - (0.1 * (1 / 0.19)) / (Math.sqrt(3.997 / (1 - 0.999 ** 2)) + 1e-8)], [1], [3.997]],
  },
  // 70001 is odd and above the wasm backend's threading threshold (64 Ki), so tasks and the tail both run.
  ...[1, 7, 4099, 70001].map((n): KernelCase => ({
    name: `adamUpdate on ${n} random weights, step 3`,
    atol: 1e-7,
    rtol: 1e-6,
    run: (b) => {
      const w = upload(b, randomValues(n, 31));
      const g = upload(b, randomValues(n, 32));
      const m = upload(b, randomValues(n, 33).map((x) => x * 0.1));
      const v = upload(b, randomValues(n, 34).map((x) => x * x * 0.01));
      b.adamUpdate(w, g, m, v, { learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, step: 3 });
      return [w, m, v];
    },
  })),
  {
    // AdamW: the weights shrink by the decay factor first, then take the same first step as above.
    name: 'adamUpdate with decay scales the weights before the step',
    atol: 1e-6,
    run: (b) => {
      const w = upload(b, Float32Array.from([1, 2, 3]));
      const g = upload(b, Float32Array.from([0.5, -2, 0]));
      b.adamUpdate(w, g, upload(b, new Float32Array(3)), upload(b, new Float32Array(3)), { ...adam, decay: 0.5 });
      return [w];
    },
    expected: [[0.4, 1.1, 1.5]],
  },
  ...[9, 70001].map((n): KernelCase => ({
    name: `adamUpdate with decay on ${n} random weights, step 2`,
    atol: 1e-7,
    rtol: 1e-6,
    run: (b) => {
      const w = upload(b, randomValues(n, 41));
      const g = upload(b, randomValues(n, 42));
      const m = upload(b, randomValues(n, 43).map((x) => x * 0.1));
      const v = upload(b, randomValues(n, 44).map((x) => x * x * 0.01));
      b.adamUpdate(w, g, m, v, { learningRate: 0.01, beta1: 0.9, beta2: 0.99, epsilon: 1e-8, step: 2, decay: 1 - 0.01 * 0.004 });
      return [w, m, v];
    },
  })),
  {
    name: 'sgdUpdate: w −= lr·g',
    atol: 1e-6,
    run: (b) => {
      const w = upload(b, Float32Array.from([1, -2, 0.5, 4, 5]));
      const g = upload(b, Float32Array.from([10, 1, -5, 0, 2]));
      b.sgdUpdate(w, g, 0.1);
      return [w];
    },
    expected: [[0, -2.1, 1, 4, 4.8]],
  },
  ...[3, 4101, 70003].map((n): KernelCase => ({
    name: `sgdUpdate on ${n} random weights`,
    atol: 1e-7,
    rtol: 1e-6,
    run: (b) => {
      const w = upload(b, randomValues(n, 35));
      b.sgdUpdate(w, upload(b, randomValues(n, 36)), 0.01);
      return [w];
    },
  })),
  {
    // buffer = 0.9·[1, 1] + [0.5, −1] = [1.4, −0.1]; w −= 0.1·buffer.
    name: 'sgdMomentumUpdate: momentum step by hand',
    atol: 1e-6,
    run: (b) => {
      const w = upload(b, Float32Array.from([1, 2]));
      const buffer = upload(b, Float32Array.from([1, 1]));
      b.sgdMomentumUpdate(w, upload(b, Float32Array.from([0.5, -1])), buffer, { learningRate: 0.1, momentum: 0.9, dampening: 0, nesterov: false, weightDecay: 0, first: false });
      return [w, buffer];
    },
    expected: [[0.86, 2.01], [1.4, -0.1]],
  },
  {
    // First step with weight decay 0.1 and Nesterov: g' = g + 0.1·w = [0.6, −0.8] = buffer; w −= 0.1·(g' + 0.9·g').
    name: 'sgdMomentumUpdate: first Nesterov step with weight decay by hand',
    atol: 1e-6,
    run: (b) => {
      const w = upload(b, Float32Array.from([1, 2]));
      const buffer = upload(b, Float32Array.from([7, 7]));
      b.sgdMomentumUpdate(w, upload(b, Float32Array.from([0.5, -1])), buffer, { learningRate: 0.1, momentum: 0.9, dampening: 0, nesterov: true, weightDecay: 0.1, first: true });
      return [w, buffer];
    },
    expected: [[0.886, 2.152], [0.6, -0.8]],
  },
  ...[7, 70001].flatMap((n) => [
    { nesterov: false, weightDecay: 0, dampening: 0, first: false },
    { nesterov: true, weightDecay: 0.01, dampening: 0, first: false },
    { nesterov: false, weightDecay: 0.01, dampening: 0.3, first: false },
    { nesterov: false, weightDecay: 0.01, dampening: 0.3, first: true },
  ].map((flags): KernelCase => ({
    name: `sgdMomentumUpdate on ${n} random weights, ${JSON.stringify(flags)}`,
    atol: 1e-7,
    rtol: 1e-6,
    run: (b) => {
      const w = upload(b, randomValues(n, 51));
      const buffer = upload(b, randomValues(n, 52));
      b.sgdMomentumUpdate(w, upload(b, randomValues(n, 53)), buffer, { learningRate: 0.05, momentum: 0.9, ...flags });
      return [w, buffer];
    },
  }))),
];
