/**
 * Fused recurrent sequences: a whole LSTM or GRU over time in one op, on the backend's sequence
 * kernels ({@link Backend.lstmForward}, {@link Backend.gruForward}). Composing the same recurrence
 * from elementwise ops costs a dozen kernel launches and graph nodes per time step; here the forward
 * and the backpropagation through time are one kernel each, and the recurrent weight gradient is one
 * large matrix product over every step instead of one small product per step.
 *
 * Both ops take the input projection already computed (`x_t·Wih` plus biases, time-major), so the
 * caller does that for every step in one matmul and gradients reach `Wih` and `x` through it.
 * Gradients are first-order only (the backward pass is a kernel, like cuDNN's).
 * @module
 */
import { ShapeError, formatShape } from '../errors.js';
import { record } from '../autograd/tape.js';
import type { RecurrentInfo } from '../backend/kernels.js';
import { getBackend } from '../backend/registry.js';
import { zeros } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { assertFloatTensor, assertTensor, compute } from './util.js';
import { reshape } from './shape-ops.js';
import { slice } from './slicing.js';

/** What {@link lstmSequence} returns. */
export interface LstmSequenceResult {
  /** `h_1..h_T`, `[T, B, H]`. */
  outputs: Tensor;
  /** The final hidden state `h_T`, `[B, H]`. */
  h: Tensor;
  /** The final cell state `c_T`, `[B, H]`. */
  c: Tensor;
}

/** What {@link gruSequence} returns. */
export interface GruSequenceResult {
  /** `h_1..h_T`, `[T, B, H]`. */
  outputs: Tensor;
  /** The final hidden state `h_T`, `[B, H]`. */
  h: Tensor;
}

/** Validates the shared arguments and returns the geometry. */
function geometry(op: string, xProjected: Tensor, weightHh: Tensor, gates: number, states: readonly [string, Tensor][]): RecurrentInfo {
  for (const [name, t] of [['xProjected', xProjected], ['weightHh', weightHh], ...states] as const) {
    assertTensor(op, name, t);
    assertFloatTensor(op, name, t);
  }
  if (xProjected.rank !== 3 || xProjected.shape[2]! % gates !== 0 || xProjected.shape[0] === 0) {
    throw new ShapeError(`${op}: xProjected ${formatShape(xProjected.shape)} must be [time >= 1, batch, ${gates}·units] (time-major)`);
  }
  const [time, batch, width] = xProjected.shape as [number, number, number];
  const units = width / gates;
  if (weightHh.rank !== 2 || weightHh.shape[0] !== units || weightHh.shape[1] !== width) {
    throw new ShapeError(`${op}: weightHh ${formatShape(weightHh.shape)} must be [${units}, ${width}] for xProjected ${formatShape(xProjected.shape)}`);
  }
  for (const [name, t] of states) {
    if (t.rank !== 2 || t.shape[0] !== batch || t.shape[1] !== units) {
      throw new ShapeError(`${op}: ${name} ${formatShape(t.shape)} must be [${batch}, ${units}] (batch, units)`);
    }
  }
  return { time, batch, units };
}

/** A float32 tensor whose every element the caller's kernel writes. */
function workspace(shape: readonly number[]): Tensor {
  return compute(shape, 'float32', () => {}, true);
}

/** `[slots, T+1, B, H]` state storage with `initial[s]` copied into slot 0 of each. */
function stateStorage(initial: readonly Tensor[], info: RecurrentInfo): Tensor {
  const { time, batch, units } = info;
  const states = workspace([initial.length, time + 1, batch, units]);
  const slot = (time + 1) * batch * units;
  initial.forEach((t, s) => (states.values as Float32Array).set(t.values, s * slot));
  return states;
}

/** The `[T+1, B, H]` run of slot `s` of a state storage (or its gradient), as a kernel argument. */
function slotOf(storage: Tensor, s: number, info: RecurrentInfo): Float32Array {
  const slot = (info.time + 1) * info.batch * info.units;
  return (storage.values as Float32Array).subarray(s * slot, (s + 1) * slot);
}

/** Steps `1..T` of a slot: the per-step outputs, `[T, B, H]`. */
function stepsOf(storage: Tensor, s: number, info: RecurrentInfo): Float32Array {
  return slotOf(storage, s, info).subarray(info.batch * info.units);
}

/** The `[T, B, H]` outputs of slot 0 and the final state of each slot, as differentiable slices. */
function unpack(storage: Tensor, slots: number, info: RecurrentInfo): { outputs: Tensor; finals: Tensor[] } {
  const { time, batch, units } = info;
  const outputs = reshape(slice(storage, [0, 1, 0, 0], [1, time, batch, units]), [time, batch, units]);
  const finals = [reshape(slice(outputs, [time - 1, 0, 0], [1, batch, units]), [batch, units])];
  for (let s = 1; s < slots; s++) finals.push(reshape(slice(storage, [s, time, 0, 0], [1, 1, batch, units]), [batch, units]));
  return { outputs, finals };
}

/**
 * An LSTM over a time-major sequence (gates `i, f, g, o`; sigmoid gates, tanh), as one op:
 * `a_t = xProjected[t] + h_{t−1}·weightHh`, `c_t = σ(a_f)·c_{t−1} + σ(a_i)·tanh(a_g)`,
 * `h_t = σ(a_o)·tanh(c_t)`.
 *
 * @param xProjected `[T, B, 4H]`: `x_t·Wih + bih + bhh` for every step
 * @param weightHh `[H, 4H]`
 * @param h0 `[B, H]` (zeros when omitted)
 * @param c0 `[B, H]` (zeros when omitted)
 * @example
 * const xp = add(matmul(transpose(x, [1, 0, 2]), wIh), bias);   // [T, B, 4H]
 * const { outputs, h, c } = lstmSequence(xp, wHh);
 */
export function lstmSequence(xProjected: Tensor, weightHh: Tensor, h0?: Tensor, c0?: Tensor): LstmSequenceResult {
  const initial = (t: Tensor | undefined): Tensor => t ?? zeros([xProjected.shape[1] ?? 0, weightHh.shape[0] ?? 0]);
  const hInit = initial(h0);
  const cInit = initial(c0);
  const info = geometry('lstmSequence', xProjected, weightHh, 4, [['h0', hInit], ['c0', cInit]]);
  const { time, batch, units } = info;
  const gates = workspace([time, batch, 4 * units]);
  const storage = stateStorage([hInit, cInit], info);
  getBackend().lstmForward(
    xProjected.values as Float32Array, weightHh.values as Float32Array, slotOf(storage, 0, info), slotOf(storage, 1, info), gates.values as Float32Array, info,
  );
  record('lstmSequence', [xProjected, weightHh, hInit, cInit], storage, (dStorage) => {
    const dX = workspace(xProjected.shape);
    const dW = workspace(weightHh.shape);
    const dH0 = workspace(hInit.shape);
    const dC0 = workspace(cInit.shape);
    getBackend().lstmBackward(
      weightHh.values as Float32Array, slotOf(storage, 0, info), slotOf(storage, 1, info), gates.values as Float32Array,
      stepsOf(dStorage, 0, info), stepsOf(dStorage, 1, info),
      dX.values as Float32Array, dW.values as Float32Array, dH0.values as Float32Array, dC0.values as Float32Array, info,
    );
    return [dX, dW, dH0, dC0];
  });
  const { outputs, finals } = unpack(storage, 2, info);
  return { outputs, h: finals[0]!, c: finals[1]! };
}

/**
 * A GRU over a time-major sequence (gates `r, z, n`, reset after the hidden matmul as in PyTorch),
 * as one op: with `p = h_{t−1}·weightHh + biasHh`, `r = σ(x_r + p_r)`, `z = σ(x_z + p_z)`,
 * `n = tanh(x_n + r·p_n)`, `h_t = (1 − z)·n + z·h_{t−1}`.
 *
 * @param xProjected `[T, B, 3H]`: `x_t·Wih + bih` for every step
 * @param weightHh `[H, 3H]`
 * @param biasHh `[3H]`, or null for none
 * @param h0 `[B, H]` (zeros when omitted)
 */
export function gruSequence(xProjected: Tensor, weightHh: Tensor, biasHh?: Tensor | null, h0?: Tensor): GruSequenceResult {
  const hInit = h0 ?? zeros([xProjected.shape[1] ?? 0, weightHh.shape[0] ?? 0]);
  const info = geometry('gruSequence', xProjected, weightHh, 3, [['h0', hInit]]);
  const { time, batch, units } = info;
  const bias = biasHh ?? null;
  if (bias) {
    assertTensor('gruSequence', 'biasHh', bias);
    assertFloatTensor('gruSequence', 'biasHh', bias);
    if (bias.rank !== 1 || bias.shape[0] !== 3 * units) throw new ShapeError(`gruSequence: biasHh ${formatShape(bias.shape)} must be [${3 * units}]`);
  }
  const biasValues = (bias ?? zeros([3 * units])).values as Float32Array;
  const gates = workspace([time, batch, 4 * units]);
  const storage = stateStorage([hInit], info);
  getBackend().gruForward(xProjected.values as Float32Array, weightHh.values as Float32Array, biasValues, slotOf(storage, 0, info), gates.values as Float32Array, info);
  const inputs = bias ? [xProjected, weightHh, hInit, bias] : [xProjected, weightHh, hInit];
  record('gruSequence', inputs, storage, (dStorage) => {
    const dX = workspace(xProjected.shape);
    const dW = workspace(weightHh.shape);
    const dB = workspace([3 * units]);
    const dH0 = workspace(hInit.shape);
    getBackend().gruBackward(
      weightHh.values as Float32Array, slotOf(storage, 0, info), gates.values as Float32Array, stepsOf(dStorage, 0, info),
      dX.values as Float32Array, dW.values as Float32Array, dB.values as Float32Array, dH0.values as Float32Array, info,
    );
    return bias ? [dX, dW, dH0, dB] : [dX, dW, dH0];
  });
  const { outputs, finals } = unpack(storage, 1, info);
  return { outputs, h: finals[0]! };
}
