/**
 * Reference recurrent sequence kernels: the LSTM and GRU of {@link Backend.lstmForward} and
 * {@link Backend.gruForward} with their backpropagation through time, as plain loops with float64
 * sums. Layouts are time-major; see the interface for every array's shape.
 * @module
 */
import type { RecurrentInfo } from '../kernels.js';

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** `out[b, j] = Σ_k a[b, k] · w[k, j]` for one step's `[batch, inner]` rows against `w` `[inner, cols]`. */
function rowsTimesMatrix(a: Float32Array, aOffset: number, w: Float32Array, rows: number, inner: number, cols: number, out: Float64Array): void {
  out.fill(0);
  for (let b = 0; b < rows; b++) {
    for (let k = 0; k < inner; k++) {
      const v = a[aOffset + b * inner + k]!;
      if (v === 0) continue;
      for (let j = 0; j < cols; j++) out[b * cols + j]! += v * w[k * cols + j]!;
    }
  }
}

/** `out[b, k] = Σ_j d[b, j] · w[k, j]`: one step's gate gradients back through `w` `[inner, cols]`. */
function rowsTimesTransposed(d: Float32Array, dOffset: number, w: Float32Array, rows: number, inner: number, cols: number, out: Float64Array): void {
  for (let b = 0; b < rows; b++) {
    for (let k = 0; k < inner; k++) {
      let s = 0;
      for (let j = 0; j < cols; j++) s += d[dOffset + b * cols + j]! * w[k * cols + j]!;
      out[b * inner + k] = s;
    }
  }
}

/** `dW[k, j] = Σ_{t,b} hs[t, b, k] · d[t, b, j]` over slots `0..T−1` of `hs` (each step's previous state). */
function weightGradient(hs: Float32Array, d: Float32Array, steps: number, units: number, cols: number, dW: Float32Array): void {
  const acc = new Float64Array(units * cols);
  for (let r = 0; r < steps; r++) {
    for (let k = 0; k < units; k++) {
      const v = hs[r * units + k]!;
      if (v === 0) continue;
      for (let j = 0; j < cols; j++) acc[k * cols + j]! += v * d[r * cols + j]!;
    }
  }
  dW.set(acc);
}

/** LSTM forward over a sequence, see {@link Backend.lstmForward}. */
export function lstmForward(xProjected: Float32Array, weightHh: Float32Array, hs: Float32Array, cs: Float32Array, gates: Float32Array, info: RecurrentInfo): void {
  const { time, batch, units: H } = info;
  const G = 4 * H;
  const pre = new Float64Array(batch * G);
  for (let t = 0; t < time; t++) {
    rowsTimesMatrix(hs, t * batch * H, weightHh, batch, H, G, pre);
    for (let b = 0; b < batch; b++) {
      const row = (t * batch + b) * G;
      const prev = (t * batch + b) * H;
      const next = prev + batch * H;
      for (let u = 0; u < H; u++) {
        const i = sigmoid(xProjected[row + u]! + pre[b * G + u]!);
        const f = sigmoid(xProjected[row + H + u]! + pre[b * G + H + u]!);
        const g = Math.tanh(xProjected[row + 2 * H + u]! + pre[b * G + 2 * H + u]!);
        const o = sigmoid(xProjected[row + 3 * H + u]! + pre[b * G + 3 * H + u]!);
        const c = f * cs[prev + u]! + i * g;
        cs[next + u] = c;
        hs[next + u] = o * Math.tanh(c);
        gates[row + u] = i;
        gates[row + H + u] = f;
        gates[row + 2 * H + u] = g;
        gates[row + 3 * H + u] = o;
      }
    }
  }
}

/** LSTM backpropagation through time, see {@link Backend.lstmBackward}. */
export function lstmBackward(
  weightHh: Float32Array, hs: Float32Array, cs: Float32Array, gates: Float32Array, dHs: Float32Array, dCs: Float32Array,
  dXProjected: Float32Array, dWeightHh: Float32Array, dH0: Float32Array, dC0: Float32Array, info: RecurrentInfo,
): void {
  const { time, batch, units: H } = info;
  const G = 4 * H;
  const dh = new Float64Array(batch * H);
  const dc = new Float64Array(batch * H);
  for (let t = time - 1; t >= 0; t--) {
    for (let b = 0; b < batch; b++) {
      const row = (t * batch + b) * G;
      const state = (t * batch + b) * H;
      for (let u = 0; u < H; u++) {
        const i = gates[row + u]!, f = gates[row + H + u]!, g = gates[row + 2 * H + u]!, o = gates[row + 3 * H + u]!;
        const tc = Math.tanh(cs[state + batch * H + u]!);
        const dhT = dHs[state + u]! + dh[b * H + u]!;
        const dcT = dCs[state + u]! + dc[b * H + u]! + dhT * o * (1 - tc * tc);
        dXProjected[row + u] = dcT * g * i * (1 - i);
        dXProjected[row + H + u] = dcT * cs[state + u]! * f * (1 - f);
        dXProjected[row + 2 * H + u] = dcT * i * (1 - g * g);
        dXProjected[row + 3 * H + u] = dhT * tc * o * (1 - o);
        dc[b * H + u] = dcT * f;
      }
    }
    rowsTimesTransposed(dXProjected, t * batch * G, weightHh, batch, H, G, dh);
  }
  weightGradient(hs, dXProjected, time * batch, H, G, dWeightHh);
  dH0.set(dh);
  dC0.set(dc);
}

/** GRU forward over a sequence, see {@link Backend.gruForward}. */
export function gruForward(xProjected: Float32Array, weightHh: Float32Array, biasHh: Float32Array, hs: Float32Array, gates: Float32Array, info: RecurrentInfo): void {
  const { time, batch, units: H } = info;
  const G = 3 * H;
  const p = new Float64Array(batch * G);
  for (let t = 0; t < time; t++) {
    rowsTimesMatrix(hs, t * batch * H, weightHh, batch, H, G, p);
    for (let b = 0; b < batch; b++) {
      const row = (t * batch + b) * G;
      const saved = (t * batch + b) * 4 * H;
      const prev = (t * batch + b) * H;
      for (let u = 0; u < H; u++) {
        const pr = p[b * G + u]! + biasHh[u]!;
        const pz = p[b * G + H + u]! + biasHh[H + u]!;
        const pn = p[b * G + 2 * H + u]! + biasHh[2 * H + u]!;
        const r = sigmoid(xProjected[row + u]! + pr);
        const z = sigmoid(xProjected[row + H + u]! + pz);
        const n = Math.tanh(xProjected[row + 2 * H + u]! + r * pn);
        hs[prev + batch * H + u] = n + z * (hs[prev + u]! - n);
        gates[saved + u] = r;
        gates[saved + H + u] = z;
        gates[saved + 2 * H + u] = n;
        gates[saved + 3 * H + u] = pn;
      }
    }
  }
}

/** GRU backpropagation through time, see {@link Backend.gruBackward}. */
export function gruBackward(
  weightHh: Float32Array, hs: Float32Array, gates: Float32Array, dHs: Float32Array,
  dXProjected: Float32Array, dWeightHh: Float32Array, dBiasHh: Float32Array, dH0: Float32Array, info: RecurrentInfo,
): void {
  const { time, batch, units: H } = info;
  const G = 3 * H;
  // Gradient of p = h·Whh + bhh per step: the r and z parts equal dXProjected's, the n part is scaled by r.
  const dP = new Float32Array(time * batch * G);
  const dh = new Float64Array(batch * H);
  const through = new Float64Array(batch * H);
  for (let t = time - 1; t >= 0; t--) {
    for (let b = 0; b < batch; b++) {
      const row = (t * batch + b) * G;
      const saved = (t * batch + b) * 4 * H;
      const state = (t * batch + b) * H;
      for (let u = 0; u < H; u++) {
        const r = gates[saved + u]!, z = gates[saved + H + u]!, n = gates[saved + 2 * H + u]!, pn = gates[saved + 3 * H + u]!;
        const dhT = dHs[state + u]! + dh[b * H + u]!;
        const dAn = dhT * (1 - z) * (1 - n * n);
        const dAr = dAn * pn * r * (1 - r);
        const dAz = dhT * (hs[state + u]! - n) * z * (1 - z);
        dXProjected[row + u] = dAr;
        dXProjected[row + H + u] = dAz;
        dXProjected[row + 2 * H + u] = dAn;
        dP[row + u] = dAr;
        dP[row + H + u] = dAz;
        dP[row + 2 * H + u] = dAn * r;
        dh[b * H + u] = dhT * z;
      }
    }
    rowsTimesTransposed(dP, t * batch * G, weightHh, batch, H, G, through);
    for (let i = 0; i < batch * H; i++) dh[i]! += through[i]!;
  }
  weightGradient(hs, dP, time * batch, H, G, dWeightHh);
  const bias = new Float64Array(G);
  for (let r = 0; r < time * batch; r++) for (let j = 0; j < G; j++) bias[j]! += dP[r * G + j]!;
  dBiasHh.set(bias);
  dH0.set(dh);
}
