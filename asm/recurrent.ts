/**
 * The elementwise halves of one LSTM or GRU time step, four units at a time: the gate activations
 * and state update after the recurrent matmul, and their gradients. src/backend/wasm/recurrent.ts
 * runs the time loop, with an SGEMM for each step's matmul; a task here covers a run of batch rows.
 * Gate layouts follow src/backend/kernels.ts (LSTM `i, f, g, o`; GRU `r, z, n`, saved with `p_n`).
 */
import { sigmoid4, tanh4 } from './vector-math';

@inline function word(desc: usize, index: i32): i32 {
  return load<i32>(desc + (<usize>index << 2));
}

@inline function ptr(desc: usize, index: i32): usize {
  return <usize>load<i32>(desc + (<usize>index << 2));
}

/** Loads `count` (1..4) floats; missing lanes are 0. */
@inline function load4(p: usize, count: i32): v128 {
  if (count == 4) return v128.load(p);
  let v = f32x4.replace_lane(f32x4.splat(0), 0, load<f32>(p));
  if (count > 1) v = f32x4.replace_lane(v, 1, load<f32>(p, 4));
  if (count > 2) v = f32x4.replace_lane(v, 2, load<f32>(p, 8));
  return v;
}

/** Stores the first `count` (1..4) lanes of `v`. */
@inline function store4(p: usize, v: v128, count: i32): void {
  if (count == 4) {
    v128.store(p, v);
    return;
  }
  store<f32>(p, f32x4.extract_lane(v, 0));
  if (count > 1) store<f32>(p + 4, f32x4.extract_lane(v, 1));
  if (count > 2) store<f32>(p + 8, f32x4.extract_lane(v, 2));
}

/** `x·(1 − x)`: the derivative of the sigmoid from its value. */
@inline function sigmoidSlope(x: v128): v128 {
  return f32x4.mul(x, f32x4.sub(f32x4.splat(1), x));
}

/** `1 − x²`: the derivative of tanh from its value. */
@inline function tanhSlope(x: v128): v128 {
  return f32x4.sub(f32x4.splat(1), f32x4.mul(x, x));
}

// LSTM step forward. GATES [B, 4H] holds the pre-activations on entry and the activated gates on exit.
const LF_GATES = 0, LF_C_PREV = 1, LF_C = 2, LF_H = 3, LF_BATCH = 4, LF_UNITS = 5, LF_ROWS = 6;

/** Gate activations and state update of one LSTM step for a run of batch rows. */
export function lstmCellTask(desc: usize, task: i32, scratch: usize): void {
  const units = word(desc, LF_UNITS), rows = word(desc, LF_ROWS);
  const first = task * rows, last = min(word(desc, LF_BATCH), first + rows);
  const gateBytes = <usize>units << 2;
  for (let b = first; b < last; b++) {
    const g = ptr(desc, LF_GATES) + <usize>b * 4 * gateBytes;
    const state = <usize>b * gateBytes;
    const cPrev = ptr(desc, LF_C_PREV) + state, c = ptr(desc, LF_C) + state, h = ptr(desc, LF_H) + state;
    for (let u = 0; u < units; u += 4) {
      const count = min(4, units - u);
      const o = <usize>u << 2;
      const i4 = sigmoid4(load4(g + o, count));
      const f4 = sigmoid4(load4(g + gateBytes + o, count));
      const g4 = tanh4(load4(g + 2 * gateBytes + o, count));
      const o4 = sigmoid4(load4(g + 3 * gateBytes + o, count));
      const c4 = f32x4.add(f32x4.mul(f4, load4(cPrev + o, count)), f32x4.mul(i4, g4));
      store4(g + o, i4, count);
      store4(g + gateBytes + o, f4, count);
      store4(g + 2 * gateBytes + o, g4, count);
      store4(g + 3 * gateBytes + o, o4, count);
      store4(c + o, c4, count);
      store4(h + o, f32x4.mul(o4, tanh4(c4)), count);
    }
  }
}

// LSTM step backward. DH_CARRY is read (the gradient reaching h_t through the next step);
// DC_CARRY is read and replaced by the gradient of c_{t−1}.
const LB_GATES = 0, LB_C_PREV = 1, LB_C = 2, LB_DH = 3, LB_DC = 4, LB_DH_CARRY = 5, LB_DC_CARRY = 6, LB_DX = 7;
const LB_BATCH = 8, LB_UNITS = 9, LB_ROWS = 10;

/** Gradients of one LSTM step's pre-activations, and of the previous cell state, for a run of batch rows. */
export function lstmCellBackwardTask(desc: usize, task: i32, scratch: usize): void {
  const units = word(desc, LB_UNITS), rows = word(desc, LB_ROWS);
  const first = task * rows, last = min(word(desc, LB_BATCH), first + rows);
  const gateBytes = <usize>units << 2;
  for (let b = first; b < last; b++) {
    const g = ptr(desc, LB_GATES) + <usize>b * 4 * gateBytes;
    const dx = ptr(desc, LB_DX) + <usize>b * 4 * gateBytes;
    const state = <usize>b * gateBytes;
    const cPrev = ptr(desc, LB_C_PREV) + state, c = ptr(desc, LB_C) + state;
    const dh = ptr(desc, LB_DH) + state, dc = ptr(desc, LB_DC) + state;
    const dhCarry = ptr(desc, LB_DH_CARRY) + state, dcCarry = ptr(desc, LB_DC_CARRY) + state;
    for (let u = 0; u < units; u += 4) {
      const count = min(4, units - u);
      const o = <usize>u << 2;
      const i4 = load4(g + o, count);
      const f4 = load4(g + gateBytes + o, count);
      const g4 = load4(g + 2 * gateBytes + o, count);
      const o4 = load4(g + 3 * gateBytes + o, count);
      const tc = tanh4(load4(c + o, count));
      const dhT = f32x4.add(load4(dh + o, count), load4(dhCarry + o, count));
      let dcT = f32x4.add(load4(dc + o, count), load4(dcCarry + o, count));
      dcT = f32x4.add(dcT, f32x4.mul(f32x4.mul(dhT, o4), tanhSlope(tc)));
      store4(dx + o, f32x4.mul(f32x4.mul(dcT, g4), sigmoidSlope(i4)), count);
      store4(dx + gateBytes + o, f32x4.mul(f32x4.mul(dcT, load4(cPrev + o, count)), sigmoidSlope(f4)), count);
      store4(dx + 2 * gateBytes + o, f32x4.mul(f32x4.mul(dcT, i4), tanhSlope(g4)), count);
      store4(dx + 3 * gateBytes + o, f32x4.mul(f32x4.mul(dhT, tc), sigmoidSlope(o4)), count);
      store4(dcCarry + o, f32x4.mul(dcT, f4), count);
    }
  }
}

// GRU step forward: XP [B, 3H] this step's input projection, P [B, 3H] = h_{t−1}·Whh (bias added here).
const GF_XP = 0, GF_P = 1, GF_BIAS = 2, GF_H_PREV = 3, GF_H = 4, GF_GATES = 5, GF_BATCH = 6, GF_UNITS = 7, GF_ROWS = 8;

/** Gates and new hidden state of one GRU step for a run of batch rows; saves `r, z, n, p_n`. */
export function gruCellTask(desc: usize, task: i32, scratch: usize): void {
  const units = word(desc, GF_UNITS), rows = word(desc, GF_ROWS);
  const first = task * rows, last = min(word(desc, GF_BATCH), first + rows);
  const gateBytes = <usize>units << 2;
  const bias = ptr(desc, GF_BIAS);
  for (let b = first; b < last; b++) {
    const xp = ptr(desc, GF_XP) + <usize>b * 3 * gateBytes;
    const p = ptr(desc, GF_P) + <usize>b * 3 * gateBytes;
    const saved = ptr(desc, GF_GATES) + <usize>b * 4 * gateBytes;
    const state = <usize>b * gateBytes;
    const hPrev = ptr(desc, GF_H_PREV) + state, h = ptr(desc, GF_H) + state;
    for (let u = 0; u < units; u += 4) {
      const count = min(4, units - u);
      const o = <usize>u << 2;
      const pr = f32x4.add(load4(p + o, count), load4(bias + o, count));
      const pz = f32x4.add(load4(p + gateBytes + o, count), load4(bias + gateBytes + o, count));
      const pn = f32x4.add(load4(p + 2 * gateBytes + o, count), load4(bias + 2 * gateBytes + o, count));
      const r = sigmoid4(f32x4.add(load4(xp + o, count), pr));
      const z = sigmoid4(f32x4.add(load4(xp + gateBytes + o, count), pz));
      const n = tanh4(f32x4.add(load4(xp + 2 * gateBytes + o, count), f32x4.mul(r, pn)));
      store4(h + o, f32x4.add(n, f32x4.mul(z, f32x4.sub(load4(hPrev + o, count), n))), count);
      store4(saved + o, r, count);
      store4(saved + gateBytes + o, z, count);
      store4(saved + 2 * gateBytes + o, n, count);
      store4(saved + 3 * gateBytes + o, pn, count);
    }
  }
}

// GRU step backward. DH_CARRY holds the gradient reaching h_t through the next step on entry and
// the direct part of h_{t−1}'s gradient (dh·z) on exit; the caller adds DP·Whhᵀ to it.
const GB_GATES = 0, GB_H_PREV = 1, GB_DH = 2, GB_DH_CARRY = 3, GB_DX = 4, GB_DP = 5, GB_BATCH = 6, GB_UNITS = 7, GB_ROWS = 8;

/** Gradients of one GRU step's input projection and hidden projection for a run of batch rows. */
export function gruCellBackwardTask(desc: usize, task: i32, scratch: usize): void {
  const units = word(desc, GB_UNITS), rows = word(desc, GB_ROWS);
  const first = task * rows, last = min(word(desc, GB_BATCH), first + rows);
  const gateBytes = <usize>units << 2;
  const one = f32x4.splat(1);
  for (let b = first; b < last; b++) {
    const saved = ptr(desc, GB_GATES) + <usize>b * 4 * gateBytes;
    const dx = ptr(desc, GB_DX) + <usize>b * 3 * gateBytes;
    const dp = ptr(desc, GB_DP) + <usize>b * 3 * gateBytes;
    const state = <usize>b * gateBytes;
    const hPrev = ptr(desc, GB_H_PREV) + state, dh = ptr(desc, GB_DH) + state, carry = ptr(desc, GB_DH_CARRY) + state;
    for (let u = 0; u < units; u += 4) {
      const count = min(4, units - u);
      const o = <usize>u << 2;
      const r = load4(saved + o, count);
      const z = load4(saved + gateBytes + o, count);
      const n = load4(saved + 2 * gateBytes + o, count);
      const pn = load4(saved + 3 * gateBytes + o, count);
      const dhT = f32x4.add(load4(dh + o, count), load4(carry + o, count));
      const dAn = f32x4.mul(f32x4.mul(dhT, f32x4.sub(one, z)), tanhSlope(n));
      const dAr = f32x4.mul(f32x4.mul(dAn, pn), sigmoidSlope(r));
      const dAz = f32x4.mul(f32x4.mul(dhT, f32x4.sub(load4(hPrev + o, count), n)), sigmoidSlope(z));
      store4(dx + o, dAr, count);
      store4(dx + gateBytes + o, dAz, count);
      store4(dx + 2 * gateBytes + o, dAn, count);
      store4(dp + o, dAr, count);
      store4(dp + gateBytes + o, dAz, count);
      store4(dp + 2 * gateBytes + o, f32x4.mul(dAn, r), count);
      store4(carry + o, f32x4.mul(dhT, z), count);
    }
  }
}
