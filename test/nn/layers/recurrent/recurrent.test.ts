/** SimpleRNN, LSTM and GRU: step-by-step references, PyTorch fixtures, states, stateful mode, gradients, errors. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Random, ShapeError, reshape, slice, reverse, tensor, zeros, type Tensor } from '../../../../src/index.js';
import { layers } from '../../../../src/index.js';
import { input, type SymbolicTensor } from '../../../../src/nn/symbolic.js';
import { deserializeLayer, runGru, runLstm, lstmCell, gruCell, simpleRnnCell } from '../../../../src/nn/layers/index.js';
import { loadTorchStateDict, toTorchLayout } from '../../../../src/nn/torch-import.js';
import { assertClose } from '../../../helpers/assert-close.js';
import { assertLayerGradients, fixtureTensor, forwardBackward, parityCase, PARITY_ATOL, PARITY_RTOL } from '../helpers.js';

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));
type Matrix = number[][];

function toMatrix(t: Tensor): Matrix {
  return t.toArray() as Matrix;
}

/** `x·W` for a row vector and a [in, out] matrix, plus bias. */
function affine(x: number[], w: Matrix, b: number[]): number[] {
  return b.map((bias, j) => x.reduce((acc, v, k) => acc + v * w[k]![j]!, bias));
}

/** A plain-loop LSTM (gates i, f, g, o), float64, one sample at a time. Returns every h. */
function referenceLstm(xs: Matrix, wih: Matrix, whh: Matrix, bih: number[], bhh: number[], units: number): Matrix {
  let h = new Array<number>(units).fill(0);
  let c = new Array<number>(units).fill(0);
  return xs.map((x) => {
    const a = affine(x, wih, bih);
    const r = affine(h, whh, bhh);
    const gate = (k: number, j: number) => a[k * units + j]! + r[k * units + j]!;
    c = c.map((cj, j) => sigmoid(gate(1, j)) * cj + sigmoid(gate(0, j)) * Math.tanh(gate(2, j)));
    h = c.map((cj, j) => sigmoid(gate(3, j)) * Math.tanh(cj));
    return h;
  });
}

/** A plain-loop GRU (gates r, z, n, reset applied after the hidden matmul). */
function referenceGru(xs: Matrix, wih: Matrix, whh: Matrix, bih: number[], bhh: number[], units: number): Matrix {
  let h = new Array<number>(units).fill(0);
  return xs.map((x) => {
    const a = affine(x, wih, bih);
    const r = affine(h, whh, bhh);
    h = h.map((hj, j) => {
      const reset = sigmoid(a[j]! + r[j]!);
      const update = sigmoid(a[units + j]! + r[units + j]!);
      const candidate = Math.tanh(a[2 * units + j]! + reset * r[2 * units + j]!);
      return (1 - update) * candidate + update * hj;
    });
    return h;
  });
}

function referenceSimpleRnn(xs: Matrix, wih: Matrix, whh: Matrix, bih: number[], bhh: number[], units: number): Matrix {
  let h = new Array<number>(units).fill(0);
  return xs.map((x) => {
    const a = affine(x, wih, bih);
    const r = affine(h, whh, bhh);
    h = a.map((v, j) => Math.tanh(v + r[j]!));
    return h;
  });
}

const rng = new Random(21);
const x = rng.normal([2, 4, 3]); // batch 2, time 4, features 3

test('LSTM, GRU and SimpleRNN layers match plain-loop step-by-step references', () => {
  const cases = [
    { layer: layers.lstm({ units: 5, returnSequences: true, biasInitializer: 'randomNormal' }), reference: referenceLstm },
    { layer: layers.gru({ units: 5, returnSequences: true, biasInitializer: 'randomNormal' }), reference: referenceGru },
    { layer: layers.simpleRNN({ units: 5, returnSequences: true, biasInitializer: 'randomNormal' }), reference: referenceSimpleRnn },
  ];
  for (const { layer, reference } of cases) {
    const y = layer.apply(x);
    assert.deepEqual(y.shape, [2, 4, 5]);
    const [wih, whh, bih, bhh] = [layer.weightIh!, layer.weightHh!, layer.biasIh!, layer.biasHh!];
    const expected = toMatrix(x).map((sample) =>
      reference(sample as unknown as Matrix, toMatrix(wih), toMatrix(whh), Array.from(bih.data()), Array.from(bhh.data()), 5),
    );
    assertClose(y, expected.flat(2), 1e-5, 1e-4, layer.className);
  }
});

test('the cell functions take one step as the sequence functions do', () => {
  const w = { weightIh: rng.normal([3, 8]), weightHh: rng.normal([2, 8]), biasIh: rng.normal([8]), biasHh: rng.normal([8]) };
  const step0 = tensor(toMatrix(x).map((s) => (s as unknown as Matrix)[0]!));
  const { h, c } = lstmCell(step0, { h: zeros([2, 2]), c: zeros([2, 2]) }, w);
  const seq = runLstm(slice(x, [0, 0, 0], [-1, 1, -1]), w);
  assertClose(h, seq.states[0]!, 1e-6);
  assertClose(c, seq.states[1]!, 1e-6);
  const g = { weightIh: rng.normal([3, 6]), weightHh: rng.normal([2, 6]) };
  assertClose(gruCell(step0, zeros([2, 2]), g), runGru(slice(x, [0, 0, 0], [-1, 1, -1]), g).states[0]!, 1e-6);
  const s = { weightIh: rng.normal([3, 2]), weightHh: rng.normal([2, 2]) };
  assert.deepEqual(simpleRnnCell(step0, zeros([2, 2]), s).shape, [2, 2]);
  assert.throws(() => lstmCell(step0, { h: zeros([2, 3]), c: zeros([2, 2]) }, w), /lstmCell: h \[2,3\] must be \[2, 2\]/);
  assert.throws(() => gruCell(step0, zeros([2, 2]), w), /gruCell: weightIh \[3,8\] and weightHh \[2,8\] must be \[features, 3·H\] and \[H, 3·H\]/);
});

for (const [kind, name] of [['lstm', 'lstm_seq'], ['gru', 'gru_seq']] as const) {
  test(`${kind} layer matches the PyTorch ${name} fixture (gates ${kind === 'lstm' ? 'i,f,g,o' : 'r,z,n'}), output and gradients`, () => {
    const c = parityCase(name);
    const units = c.attrs['hidden'] as number;
    const layer = kind === 'lstm' ? layers.lstm({ units, returnSequences: true }) : layers.gru({ units, returnSequences: true });
    const xs = fixtureTensor(c.inputs['x']!);
    layer.apply(xs);
    const names = ['weight_ih', 'weight_hh', 'bias_ih', 'bias_hh'];
    // PyTorch's nn.LSTM names them weight_ih_l0...; both spellings are accepted.
    loadTorchStateDict(layer, Object.fromEntries(names.map((n) => [`${n}_l0`, fixtureTensor(c.inputs[n]!)])));
    const { output, dx, dWeights } = forwardBackward(layer, xs, fixtureTensor(c.grad_output));
    assertClose(output, c.output.data, PARITY_ATOL, PARITY_RTOL, 'output');
    assertClose(dx, c.grads['x']!.data, PARITY_ATOL, PARITY_RTOL, 'dx');
    for (const n of names) assertClose(toTorchLayout(layer, n, dWeights[n]), c.grads[n]!.data, PARITY_ATOL, PARITY_RTOL, `d${n}`);
  });
}

test('returnState gives [output, h, c]; the last output is h', () => {
  const lstm = layers.lstm({ units: 4, returnSequences: true, returnState: true });
  const [seq, h, c] = lstm.apply(x) as unknown as Tensor[];
  assert.deepEqual([seq!.shape, h!.shape, c!.shape], [[2, 4, 4], [2, 4], [2, 4]]);
  assertClose(slice(seq!, [0, 3, 0], [-1, 1, -1]), h!);
  const gru = layers.gru({ units: 3, returnState: true });
  const [last, hg] = gru.apply(x) as unknown as Tensor[];
  assertClose(last!, hg!);
  assert.deepEqual((lstm.apply(input({ shape: [null, 3] })) as unknown as SymbolicTensor[]).map((s) => s.shape), [[null, null, 4], [null, 4], [null, 4]]);
});

test('initial states passed as [x, h0, c0] continue a sequence exactly', () => {
  const lstm = layers.lstm({ units: 4, returnSequences: true, returnState: true, biasInitializer: 'randomNormal' });
  const [full] = lstm.apply(x) as unknown as Tensor[];
  const [, h, c] = lstm.apply(slice(x, [0, 0, 0], [-1, 2, -1])) as unknown as Tensor[];
  const [secondHalf] = lstm.apply([slice(x, [0, 2, 0], [-1, 2, -1]), h!, c!]) as unknown as Tensor[];
  assertClose(secondHalf!, slice(full!, [0, 2, 0], [-1, 2, -1]), 1e-6);
  assert.throws(() => lstm.apply([x, h!]), /expects \[x\] or \[x, h0, c0\] as inputs, got 2 inputs/);
  assert.throws(() => lstm.apply([x, zeros([2, 3]), c!]), (e: unknown) => e instanceof ShapeError && /initial state \[null,3\] must be \[batch, 4\]/.test(e.message));
});

test('stateful layers carry states across calls, detached, until resetStates', () => {
  const gru = layers.gru({ units: 3, stateful: true, returnSequences: true });
  const whole = layers.gru({ units: 3, returnSequences: true });
  whole.apply(x);
  gru.apply(slice(x, [0, 0, 0], [-1, 1, -1]));
  for (const [ours, theirs] of [[gru.weightIh, whole.weightIh], [gru.weightHh, whole.weightHh], [gru.biasIh, whole.biasIh], [gru.biasHh, whole.biasHh]]) ours!.assign(theirs!);
  gru.resetStates();
  assert.equal(gru.states, null);
  const steps = [0, 1, 2, 3].map((t) => gru.apply(slice(x, [0, t, 0], [-1, 1, -1])));
  const expected = whole.apply(x);
  steps.forEach((step, t) => assertClose(step, slice(expected, [0, t, 0], [-1, 1, -1]), 1e-6, 1e-4, `step ${t}`));
  assert.equal(gru.states![0]!.gradNode, null, 'carried states are cut from the graph');
  assert.throws(() => gru.apply(slice(x, [0, 0, 0], [1, 1, -1])), /stateful layer holds states for a batch of 2, got input \[1,1,3\]; call resetStates\(\) first/);
  gru.resetStates([zeros([1, 3])]);
  assert.deepEqual((gru.apply(slice(x, [0, 0, 0], [1, 1, -1]))).shape, [1, 1, 3]);
  assert.throws(() => gru.resetStates([zeros([1, 2])]), /resetStates expects 1 state\(s\) of shape \[batch, 3\]/);
});

test('goBackwards processes the reversed sequence', () => {
  const back = layers.simpleRNN({ units: 3, goBackwards: true, returnSequences: true });
  const forward = layers.simpleRNN({ units: 3, returnSequences: true });
  forward.apply(x);
  back.apply(x);
  back.weightIh!.assign(forward.weightIh!);
  back.weightHh!.assign(forward.weightHh!);
  assertClose(back.apply(x), forward.apply(reverse(x, 1)), 1e-6);
});

test('LSTM initial weights: forget-gate bias 1 (unit forget bias), orthogonal recurrent kernel', () => {
  const lstm = layers.lstm({ units: 3 });
  lstm.apply(x);
  assertClose(lstm.biasIh!, [0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0]);
  assertClose(lstm.biasHh!, new Array(12).fill(0));
  const w = toMatrix(lstm.weightHh!); // [3, 12], rows orthonormal
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) assert.ok(Math.abs(w[i]!.reduce((a, v, k) => a + v * w[j]![k]!, 0) - (i === j ? 1 : 0)) < 1e-5);
  const plain = layers.lstm({ units: 3, unitForgetBias: false });
  plain.apply(x);
  assertClose(plain.biasIh!, new Array(12).fill(0));
  assert.deepEqual(lstm.layerWeights.map((l) => [l.name, l.variable.shape]), [['weight_ih', [3, 12]], ['weight_hh', [3, 12]], ['bias_ih', [12]], ['bias_hh', [12]]]);
});

test('gradients through time match finite differences for every recurrent layer', () => {
  const small = new Random(4).normal([2, 3, 2]);
  assertLayerGradients(layers.lstm({ units: 2, biasInitializer: 'randomNormal' }), [small]);
  assertLayerGradients(layers.gru({ units: 2, returnSequences: true, biasInitializer: 'randomNormal' }), [small]);
  assertLayerGradients(layers.simpleRNN({ units: 2, goBackwards: true }), [small]);
});

test('recurrent shape errors name the layer; configs round trip', () => {
  assert.throws(() => layers.lstm({ units: 2, name: 'rnn' }).apply(tensor([[1, 2]])), /rnn \(LSTM\): input \[null,2\] has rank 2, expected \[batch, time, features\]/);
  const gru = layers.gru({ units: 2, name: 'g' });
  gru.apply(x);
  assert.throws(() => gru.apply(zeros([2, 4, 5])), /g \(GRU\): input \[null,4,5\] has 5 features, but the layer was built for 3/);
  assert.throws(() => layers.lstm({ units: 0 }), /LSTM: units must be a positive integer/);
  for (const layer of [
    layers.lstm({ units: 4, returnSequences: true, returnState: true, goBackwards: true, stateful: true, recurrentActivation: 'tanh', unitForgetBias: false, recurrentRegularizer: 'l2' }),
    layers.gru({ units: 3, activation: 'relu', recurrentInitializer: 'glorotUniform' }),
    layers.simpleRNN({ units: 2, useBias: false }),
  ]) {
    const copy = deserializeLayer(JSON.parse(JSON.stringify(layer.toConfig())));
    assert.equal(copy.className, layer.className);
    assert.deepEqual(copy.getConfig(), layer.getConfig());
  }
});

test('fused LSTM and GRU sequences (forwards and backwards) match the cells stepped one at a time', () => {
  const rng = new Random(17);
  const seq = rng.normal([3, 5, 4]);
  const steps = (s: Tensor, backwards: boolean): Tensor[] => {
    const list = Array.from({ length: s.shape[1]! }, (_, t) => reshape(slice(s, [0, t, 0], [-1, 1, -1]), [s.shape[0]!, s.shape[2]!]));
    return backwards ? list.reverse() : list;
  };
  for (const goBackwards of [false, true]) {
    const lstmWeights = { weightIh: rng.normal([4, 24]), weightHh: rng.normal([6, 24], 0, 0.4), biasIh: rng.normal([24]), biasHh: rng.normal([24]) };
    const fusedLstm = runLstm(seq, lstmWeights, {}, { goBackwards });
    let state = { h: zeros([3, 6]), c: zeros([3, 6]) };
    steps(seq, goBackwards).forEach((x, t) => {
      state = lstmCell(x, state, lstmWeights);
      assertClose(reshape(slice(fusedLstm.outputs, [0, t, 0], [-1, 1, -1]), [3, 6]), state.h, 1e-5, 1e-4, `lstm step ${t} (goBackwards ${goBackwards})`);
    });
    assertClose(fusedLstm.states[1]!, state.c, 1e-5, 1e-4, 'lstm final c');

    const gruWeights = { weightIh: rng.normal([4, 18]), weightHh: rng.normal([6, 18], 0, 0.4), biasIh: rng.normal([18]), biasHh: rng.normal([18]) };
    const fusedGru = runGru(seq, gruWeights, undefined, { goBackwards });
    let h = zeros([3, 6]);
    steps(seq, goBackwards).forEach((x, t) => {
      h = gruCell(x, h, gruWeights);
      assertClose(reshape(slice(fusedGru.outputs, [0, t, 0], [-1, 1, -1]), [3, 6]), h, 1e-5, 1e-4, `gru step ${t} (goBackwards ${goBackwards})`);
    });
  }
});
