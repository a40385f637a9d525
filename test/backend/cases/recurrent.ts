/**
 * Kernel cases of the recurrent sequence kernels (lstmForward/Backward, gruForward/Backward):
 * one-unit, one-step cases worked out with the formulas written here, and random sequences of odd
 * sizes (vector bodies and tails, one and many batch rows, long enough to use threads) compared with
 * the reference backend.
 */
import type { KernelCase } from '../case-helpers.js';
import { randomValues, upload } from '../case-helpers.js';
import type { Backend, RecurrentInfo } from '../../../src/backend/kernels.js';

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** Inputs of a sequence case: projection, weights, initial states and output gradients. */
function inputs(b: Backend, info: RecurrentInfo, gates: number, seed: number) {
  const { time: T, batch: B, units: H } = info;
  const scaled = (n: number, s: number, k: number): Float32Array => randomValues(n, s).map((v) => v * k);
  const hs = new Float32Array((T + 1) * B * H);
  hs.set(randomValues(B * H, seed + 1));
  const cs = new Float32Array((T + 1) * B * H);
  cs.set(randomValues(B * H, seed + 2));
  return {
    xp: upload(b, scaled(T * B * gates * H, seed + 3, 2)),
    w: upload(b, scaled(H * gates * H, seed + 4, 1 / Math.sqrt(H))),
    bias: upload(b, randomValues(gates * H, seed + 5)),
    hs: upload(b, hs),
    cs: upload(b, cs),
    dHs: upload(b, randomValues(T * B * H, seed + 6)),
    dCs: upload(b, randomValues(T * B * H, seed + 7)),
  };
}

function lstmCase(info: RecurrentInfo, seed: number): KernelCase {
  const { time: T, batch: B, units: H } = info;
  return {
    name: `lstmForward and lstmBackward, T=${T} B=${B} H=${H}`,
    atol: 1e-5,
    rtol: 1e-4,
    run: (b) => {
      const x = inputs(b, info, 4, seed);
      const gates = b.alloc('float32', T * B * 4 * H) as Float32Array;
      b.lstmForward(x.xp, x.w, x.hs, x.cs, gates, info);
      const dX = b.alloc('float32', T * B * 4 * H) as Float32Array;
      const dW = b.alloc('float32', H * 4 * H) as Float32Array;
      const dH0 = b.alloc('float32', B * H) as Float32Array;
      const dC0 = b.alloc('float32', B * H) as Float32Array;
      b.lstmBackward(x.w, x.hs, x.cs, gates, x.dHs, x.dCs, dX, dW, dH0, dC0, info);
      return [x.hs, x.cs, gates, dX, dW, dH0, dC0];
    },
  };
}

function gruCase(info: RecurrentInfo, seed: number): KernelCase {
  const { time: T, batch: B, units: H } = info;
  return {
    name: `gruForward and gruBackward, T=${T} B=${B} H=${H}`,
    atol: 1e-5,
    rtol: 1e-4,
    run: (b) => {
      const x = inputs(b, info, 3, seed);
      const gates = b.alloc('float32', T * B * 4 * H) as Float32Array;
      b.gruForward(x.xp, x.w, x.bias, x.hs, gates, info);
      const dX = b.alloc('float32', T * B * 3 * H) as Float32Array;
      const dW = b.alloc('float32', H * 3 * H) as Float32Array;
      const dB = b.alloc('float32', 3 * H) as Float32Array;
      const dH0 = b.alloc('float32', B * H) as Float32Array;
      b.gruBackward(x.w, x.hs, gates, x.dHs, dX, dW, dB, dH0, info);
      return [x.hs, gates, dX, dW, dB, dH0];
    },
  };
}

// One unit, one step: a = xp + h0·w per gate.
const [xi, xf, xg, xo] = [0.5, -1, 2, 0.25];
const [w0, h0, c0] = [0.3, 0.8, -0.6];
const a = [xi, xf, xg, xo].map((v) => v + h0 * w0);
const [gi, gf, gg, go] = [sigmoid(a[0]!), sigmoid(a[1]!), Math.tanh(a[2]!), sigmoid(a[3]!)];
const c1 = gf * c0 + gi * gg;
const h1 = go * Math.tanh(c1);
// Upstream gradients dh1 = 1, dc1 = 0.5.
const dc = 0.5 + go * (1 - Math.tanh(c1) ** 2);
const dA = [dc * gg * gi * (1 - gi), dc * c0 * gf * (1 - gf), dc * gi * (1 - gg * gg), Math.tanh(c1) * go * (1 - go)];

// GRU, one unit, one step, bias 0.1 on every gate.
const [gxr, gxz, gxn, gw, gb] = [0.4, -0.3, 1.2, -0.7, 0.1];
const p = h0 * gw + gb;
const r = sigmoid(gxr + p);
const z = sigmoid(gxz + p);
const n = Math.tanh(gxn + r * p);
const gh1 = (1 - z) * n + z * h0;
// dh1 = 1.
const dAn = (1 - z) * (1 - n * n);
const dAr = dAn * p * r * (1 - r);
const dAz = (h0 - n) * z * (1 - z);
const dP = [dAr, dAz, dAn * r];

export const recurrentCases: KernelCase[] = [
  {
    name: 'lstmForward and lstmBackward, one unit and one step, by hand',
    atol: 1e-6,
    run: (b) => {
      const info = { time: 1, batch: 1, units: 1 };
      const w = upload(b, Float32Array.from([w0, w0, w0, w0]));
      const hs = upload(b, Float32Array.from([h0, 0]));
      const cs = upload(b, Float32Array.from([c0, 0]));
      const gates = b.alloc('float32', 4) as Float32Array;
      b.lstmForward(upload(b, Float32Array.from([xi, xf, xg, xo])), w, hs, cs, gates, info);
      const [dX, dW, dH0, dC0] = [4, 4, 1, 1].map((size) => b.alloc('float32', size) as Float32Array) as [Float32Array, Float32Array, Float32Array, Float32Array];
      b.lstmBackward(w, hs, cs, gates, upload(b, Float32Array.from([1])), upload(b, Float32Array.from([0.5])), dX, dW, dH0, dC0, info);
      return [hs, cs, gates, dX, dW, dH0, dC0];
    },
    expected: [[h0, h1], [c0, c1], [gi, gf, gg, go], dA, dA.map((d) => d * h0), [dA.reduce((s, d) => s + d * w0, 0)], [dc * gf]],
  },
  {
    name: 'gruForward and gruBackward, one unit and one step, by hand',
    atol: 1e-6,
    run: (b) => {
      const info = { time: 1, batch: 1, units: 1 };
      const w = upload(b, Float32Array.from([gw, gw, gw]));
      const hs = upload(b, Float32Array.from([h0, 0]));
      const gates = b.alloc('float32', 4) as Float32Array;
      b.gruForward(upload(b, Float32Array.from([gxr, gxz, gxn])), w, upload(b, Float32Array.from([gb, gb, gb])), hs, gates, info);
      const [dX, dW, dB, dH0] = [3, 3, 3, 1].map((size) => b.alloc('float32', size) as Float32Array) as [Float32Array, Float32Array, Float32Array, Float32Array];
      b.gruBackward(w, hs, gates, upload(b, Float32Array.from([1])), dX, dW, dB, dH0, info);
      return [hs, gates, dX, dW, dB, dH0];
    },
    expected: [[h0, gh1], [r, z, n, p], [dAr, dAz, dAn], dP.map((d) => d * h0), dP, [z + dP.reduce((s, d) => s + d * gw, 0)]],
  },
  lstmCase({ time: 3, batch: 2, units: 5 }, 10),
  lstmCase({ time: 5, batch: 7, units: 9 }, 20),
  lstmCase({ time: 2, batch: 33, units: 64 }, 30),
  gruCase({ time: 3, batch: 2, units: 5 }, 40),
  gruCase({ time: 5, batch: 7, units: 9 }, 50),
  gruCase({ time: 2, batch: 33, units: 64 }, 60),
];
