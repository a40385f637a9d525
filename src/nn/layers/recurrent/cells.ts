/**
 * Recurrent cells as functions: one step of a simple RNN, an LSTM and a GRU, and the loops that run
 * them over `[batch, time, features]` sequences. With the default activations (tanh, sigmoid) the
 * sequence functions run the fused sequence ops of `ops/recurrent` (one kernel per direction for
 * the whole sequence); other activations compose the steps from ordinary ops.
 *
 * Layouts (ours; see `torch-import` for PyTorch's): `weightIh` `[features, gates·H]`,
 * `weightHh` `[H, gates·H]`, biases `[gates·H]`. Gate order is PyTorch's: LSTM `i, f, g, o`; GRU
 * `r, z, n` with the reset gate applied to the hidden projection *after* its matmul (PyTorch, and
 * Keras' `reset_after=True`).
 * @module
 */
import { ShapeError, formatShape } from '../../../errors.js';
import type { Tensor } from '../../../tensor/tensor.js';
import { zeros } from '../../../tensor/creation.js';
import { add, mul, sub } from '../../../ops/arithmetic.js';
import { sigmoid, tanh } from '../../../ops/activations.js';
import { matmul } from '../../../ops/matmul.js';
import { reverse, split, stack, unstack } from '../../../ops/slicing.js';
import { transpose } from '../../../ops/shape-ops.js';
import { gruSequence, lstmSequence } from '../../../ops/recurrent.js';
import type { ActivationFn } from '../../activations.js';

/** The weights of a recurrent cell, in our layout. Biases may be `null` (no bias). */
export interface RecurrentWeights {
  /** `[features, gates·H]`. */
  weightIh: Tensor;
  /** `[H, gates·H]`. */
  weightHh: Tensor;
  /** `[gates·H]`. */
  biasIh?: Tensor | null;
  /** `[gates·H]`. */
  biasHh?: Tensor | null;
}

/** Activation choices of a cell (Keras' `activation` and `recurrentActivation`). */
export interface CellActivations {
  /** The candidate and output squashing function. Default tanh. */
  activation?: ActivationFn;
  /** The gate function. Default sigmoid. */
  recurrentActivation?: ActivationFn;
}

/** An LSTM's state: hidden `h` and cell `c`, each `[batch, H]`. */
export interface LstmState {
  h: Tensor;
  c: Tensor;
}

/** What the sequence functions return. */
export interface SequenceResult {
  /** Hidden state after every step, `[batch, time, H]`, in processing order. */
  outputs: Tensor;
  /** Final states: `[h]` for the simple RNN and the GRU, `[h, c]` for the LSTM. */
  states: Tensor[];
}

/** Options of the sequence functions. */
export interface SequenceOptions extends CellActivations {
  /** Process the sequence from its last step to its first (outputs come in that order, as in Keras). */
  goBackwards?: boolean;
}

/**
 * True when the activations are the defaults (tanh, sigmoid) that the fused sequence ops
 * (`lstmSequence`, `gruSequence`) implement; other activations run the step-by-step composition.
 */
function hasFusedForm(options: CellActivations): boolean {
  return (options.activation ?? tanh) === tanh && (options.recurrentActivation ?? sigmoid) === sigmoid;
}

function withBias(x: Tensor, bias: Tensor | null | undefined): Tensor {
  return bias ? add(x, bias) : x;
}

function hiddenSize(op: string, weights: RecurrentWeights, gates: number): number {
  const { weightIh, weightHh } = weights;
  const h = weightHh.shape[0]!;
  if (weightIh.rank !== 2 || weightHh.rank !== 2 || weightHh.shape[1] !== gates * h || weightIh.shape[1] !== gates * h) {
    throw new ShapeError(
      `${op}: weightIh ${formatShape(weightIh.shape)} and weightHh ${formatShape(weightHh.shape)} must be [features, ${gates}·H] and [H, ${gates}·H]`,
    );
  }
  for (const [name, b] of [['biasIh', weights.biasIh], ['biasHh', weights.biasHh]] as const) {
    if (b && !(b.rank === 1 && b.shape[0] === gates * h)) throw new ShapeError(`${op}: ${name} ${formatShape(b.shape)} must be [${gates * h}]`);
  }
  return h;
}

function checkState(op: string, name: string, state: Tensor, batch: number, h: number): void {
  if (state.rank !== 2 || state.shape[0] !== batch || state.shape[1] !== h) {
    throw new ShapeError(`${op}: ${name} ${formatShape(state.shape)} must be [${batch}, ${h}] (batch, units)`);
  }
}

function checkStep(op: string, x: Tensor, weights: RecurrentWeights): void {
  if (x.rank !== 2 || x.shape[1] !== weights.weightIh.shape[0]) {
    throw new ShapeError(`${op}: x ${formatShape(x.shape)} must be [batch, ${weights.weightIh.shape[0]}] for weightIh ${formatShape(weights.weightIh.shape)}`);
  }
}

// Steps on inputs already multiplied by weightIh (plus biasIh): the sequence loops do that projection
// once for every time step in a single matmul.

function simpleRnnStep(xProjected: Tensor, h: Tensor, weights: RecurrentWeights, activation: ActivationFn): Tensor {
  return activation(add(xProjected, withBias(matmul(h, weights.weightHh), weights.biasHh)));
}

function lstmStep(xProjected: Tensor, state: LstmState, weights: RecurrentWeights, act: ActivationFn, gate: ActivationFn): LstmState {
  const gates = add(xProjected, withBias(matmul(state.h, weights.weightHh), weights.biasHh));
  const [i, f, g, o] = split(gates, 4, -1) as [Tensor, Tensor, Tensor, Tensor];
  const c = add(mul(gate(f), state.c), mul(gate(i), act(g)));
  return { h: mul(gate(o), act(c)), c };
}

function gruStep(xProjected: Tensor, h: Tensor, weights: RecurrentWeights, act: ActivationFn, gate: ActivationFn): Tensor {
  const [xr, xz, xn] = split(xProjected, 3, -1) as [Tensor, Tensor, Tensor];
  const [hr, hz, hn] = split(withBias(matmul(h, weights.weightHh), weights.biasHh), 3, -1) as [Tensor, Tensor, Tensor];
  const r = gate(add(xr, hr));
  const z = gate(add(xz, hz));
  const n = act(add(xn, mul(r, hn)));
  // (1 − z)·n + z·h, written with one multiplication.
  return add(n, mul(z, sub(h, n)));
}

/** One simple-RNN step: `h' = activation(x·Wih + bih + h·Whh + bhh)`. `x` `[batch, features]`, `h` `[batch, H]`. */
export function simpleRnnCell(x: Tensor, h: Tensor, weights: RecurrentWeights, activations: CellActivations = {}): Tensor {
  const units = hiddenSize('simpleRnnCell', weights, 1);
  checkStep('simpleRnnCell', x, weights);
  checkState('simpleRnnCell', 'h', h, x.shape[0]!, units);
  return simpleRnnStep(withBias(matmul(x, weights.weightIh), weights.biasIh), h, weights, activations.activation ?? tanh);
}

/**
 * One LSTM step (gates `i, f, g, o`): `c' = σ(f)·c + σ(i)·tanh(g)`, `h' = σ(o)·tanh(c')`.
 * `x` `[batch, features]`; `state.h`, `state.c` `[batch, H]`.
 */
export function lstmCell(x: Tensor, state: LstmState, weights: RecurrentWeights, activations: CellActivations = {}): LstmState {
  const units = hiddenSize('lstmCell', weights, 4);
  checkStep('lstmCell', x, weights);
  checkState('lstmCell', 'h', state.h, x.shape[0]!, units);
  checkState('lstmCell', 'c', state.c, x.shape[0]!, units);
  return lstmStep(withBias(matmul(x, weights.weightIh), weights.biasIh), state, weights, activations.activation ?? tanh, activations.recurrentActivation ?? sigmoid);
}

/**
 * One GRU step (gates `r, z, n`, reset after the hidden matmul): `r = σ(x_r + h_r)`,
 * `z = σ(x_z + h_z)`, `n = tanh(x_n + r·h_n)`, `h' = (1 − z)·n + z·h`, where `x_* = x·Wih + bih` and
 * `h_* = h·Whh + bhh` per gate.
 */
export function gruCell(x: Tensor, h: Tensor, weights: RecurrentWeights, activations: CellActivations = {}): Tensor {
  const units = hiddenSize('gruCell', weights, 3);
  checkStep('gruCell', x, weights);
  checkState('gruCell', 'h', h, x.shape[0]!, units);
  return gruStep(withBias(matmul(x, weights.weightIh), weights.biasIh), h, weights, activations.activation ?? tanh, activations.recurrentActivation ?? sigmoid);
}

/** Checks that `x` is `[batch, time >= 1, features]` with the features `weightIh` expects. */
function checkSequence(op: string, x: Tensor, weights: RecurrentWeights): void {
  if (x.rank !== 3) throw new ShapeError(`${op}: x ${formatShape(x.shape)} has rank ${x.rank}, expected [batch, time, features]`);
  if (x.shape[1] === 0) throw new ShapeError(`${op}: x ${formatShape(x.shape)} has no time steps`);
  if (x.shape[2] !== weights.weightIh.shape[0]) {
    throw new ShapeError(`${op}: x ${formatShape(x.shape)} has ${x.shape[2]} features, but weightIh ${formatShape(weights.weightIh.shape)} expects ${weights.weightIh.shape[0]}`);
  }
}

/** Checks `x` `[batch, time, features]` and returns its input projection split into time steps (in processing order). */
function projectedSteps(op: string, x: Tensor, weights: RecurrentWeights, goBackwards: boolean): Tensor[] {
  checkSequence(op, x, weights);
  const steps = unstack(withBias(matmul(x, weights.weightIh), weights.biasIh), 1);
  return goBackwards ? steps.reverse() : steps;
}

/**
 * The input projection of every step at once, time-major (`[T, B, gates·H]`, reversed when
 * `goBackwards`), for the fused sequence ops; `bias` is added when given.
 */
function projectedTimeMajor(op: string, x: Tensor, weights: RecurrentWeights, bias: Tensor | null, goBackwards: boolean): Tensor {
  checkSequence(op, x, weights);
  let timeMajor = transpose(x, [1, 0, 2]);
  if (goBackwards) timeMajor = reverse(timeMajor, 0);
  return withBias(matmul(timeMajor, weights.weightIh), bias);
}

/** Both biases of an LSTM summed (the fused op adds one bias per step), or whichever exists. */
function combinedBias(weights: RecurrentWeights): Tensor | null {
  const { biasIh, biasHh } = weights;
  if (biasIh && biasHh) return add(biasIh, biasHh);
  return biasIh ?? biasHh ?? null;
}

function initial(op: string, name: string, given: Tensor | undefined, batch: number, units: number): Tensor {
  if (!given) return zeros([batch, units]);
  checkState(op, name, given, batch, units);
  return given;
}

/** Runs a simple RNN over `x` `[batch, time, features]` from `h0` (zeros by default). */
export function runSimpleRnn(x: Tensor, weights: RecurrentWeights, h0?: Tensor, options: SequenceOptions = {}): SequenceResult {
  const units = hiddenSize('runSimpleRnn', weights, 1);
  const steps = projectedSteps('runSimpleRnn', x, weights, options.goBackwards ?? false);
  let h = initial('runSimpleRnn', 'h0', h0, x.shape[0]!, units);
  const outputs = steps.map((step) => (h = simpleRnnStep(step, h, weights, options.activation ?? tanh)));
  return { outputs: stack(outputs, 1), states: [h] };
}

/**
 * Runs an LSTM over `x` `[batch, time, features]` from `initialState` (zeros by default).
 * @example const { outputs, states: [h, c] } = runLstm(x, { weightIh, weightHh, biasIh, biasHh });
 */
export function runLstm(x: Tensor, weights: RecurrentWeights, initialState?: Partial<LstmState>, options: SequenceOptions = {}): SequenceResult {
  const units = hiddenSize('runLstm', weights, 4);
  if (hasFusedForm(options)) {
    const projected = projectedTimeMajor('runLstm', x, weights, combinedBias(weights), options.goBackwards ?? false);
    const batch = x.shape[0]!;
    const h0 = initial('runLstm', 'h0', initialState?.h, batch, units);
    const c0 = initial('runLstm', 'c0', initialState?.c, batch, units);
    const { outputs, h, c } = lstmSequence(projected, weights.weightHh, h0, c0);
    return { outputs: transpose(outputs, [1, 0, 2]), states: [h, c] };
  }
  const steps = projectedSteps('runLstm', x, weights, options.goBackwards ?? false);
  const batch = x.shape[0]!;
  let state: LstmState = { h: initial('runLstm', 'h0', initialState?.h, batch, units), c: initial('runLstm', 'c0', initialState?.c, batch, units) };
  const act = options.activation ?? tanh;
  const gate = options.recurrentActivation ?? sigmoid;
  const outputs = steps.map((step) => (state = lstmStep(step, state, weights, act, gate)).h);
  return { outputs: stack(outputs, 1), states: [state.h, state.c] };
}

/** Runs a GRU over `x` `[batch, time, features]` from `h0` (zeros by default). */
export function runGru(x: Tensor, weights: RecurrentWeights, h0?: Tensor, options: SequenceOptions = {}): SequenceResult {
  const units = hiddenSize('runGru', weights, 3);
  if (hasFusedForm(options)) {
    const projected = projectedTimeMajor('runGru', x, weights, weights.biasIh ?? null, options.goBackwards ?? false);
    const start = initial('runGru', 'h0', h0, x.shape[0]!, units);
    const { outputs, h } = gruSequence(projected, weights.weightHh, weights.biasHh ?? null, start);
    return { outputs: transpose(outputs, [1, 0, 2]), states: [h] };
  }
  const steps = projectedSteps('runGru', x, weights, options.goBackwards ?? false);
  let h = initial('runGru', 'h0', h0, x.shape[0]!, units);
  const act = options.activation ?? tanh;
  const gate = options.recurrentActivation ?? sigmoid;
  const outputs = steps.map((step) => (h = gruStep(step, h, weights, act, gate)));
  return { outputs: stack(outputs, 1), states: [h] };
}
