/** PyTorch layout conversion for every layer with weights: round trips, known permutations, errors. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ArgumentError, Random, ShapeError, tensor, transpose, type Tensor } from '../../src/index.js';
import { layers } from '../../src/index.js';
import { fromTorchLayout, loadTorchStateDict, toTorchLayout, torchStateDict } from '../../src/nn/torch-import.js';
import type { Layer } from '../../src/nn/layer.js';
import { assertClose } from '../helpers/assert-close.js';

function built(layer: Layer, x: Tensor): Layer {
  layer.apply(x);
  return layer;
}

const rng = new Random(5);

test('dense: PyTorch [out, in] is our [in, out]', () => {
  const dense = built(layers.dense({ units: 3 }), rng.normal([1, 2]));
  const torchWeight = tensor([[1, 2], [3, 4], [5, 6]]); // [out=3, in=2]
  const ours = fromTorchLayout(dense, 'weight', torchWeight);
  assert.deepEqual(ours.shape, [2, 3]);
  assertClose(ours, [1, 3, 5, 2, 4, 6]);
  assertClose(toTorchLayout(dense, 'weight', ours), torchWeight);
});

test('conv: OIHW element [o, i, y, x] lands at HWIO [y, x, i, o]; transposed conv [in, out, kh, kw] at [kh, kw, out, in]', () => {
  const conv = built(layers.conv2d({ filters: 4, kernelSize: [2, 3] }), rng.normal([1, 5, 5, 2]));
  const oihw = rng.normal([4, 2, 2, 3]);
  const hwio = fromTorchLayout(conv, 'weight', oihw);
  assert.deepEqual(hwio.shape, [2, 3, 2, 4]);
  const o = oihw.data();
  const h = hwio.data();
  // [o=3, i=1, y=1, x=2] in OIHW → [1, 2, 1, 3] in HWIO
  assert.equal(h[((1 * 3 + 2) * 2 + 1) * 4 + 3], o[((3 * 2 + 1) * 2 + 1) * 3 + 2]);
  const deconv = built(layers.conv2dTranspose({ filters: 3, kernelSize: 2 }), rng.normal([1, 2, 2, 5]));
  const torchT = rng.normal([5, 3, 2, 2]); // [in, out, kh, kw]
  const oursT = fromTorchLayout(deconv, 'weight', torchT);
  assert.deepEqual(oursT.shape, [2, 2, 3, 5]);
  assertClose(oursT, transpose(torchT, [2, 3, 1, 0]));
});

test('recurrent weights transpose ([4H, in] → [in, 4H]); biases and normalization weights are unchanged', () => {
  const lstm = built(layers.lstm({ units: 2 }), rng.normal([1, 3, 4]));
  assertClose(fromTorchLayout(lstm, 'weight_ih_l0', tensor(Array.from({ length: 32 }, (_, i) => i), [8, 4])), transpose(tensor(Array.from({ length: 32 }, (_, i) => i), [8, 4])));
  const bias = rng.normal([8]);
  assertClose(fromTorchLayout(lstm, 'bias_hh', bias), bias);
  const bn = built(layers.batchNormalization(), rng.normal([2, 3]));
  const stats = rng.normal([3]);
  assertClose(fromTorchLayout(bn, 'running_var', stats), stats);
  assert.throws(() => fromTorchLayout(lstm, 'weight_ih_l1', rng.normal([8, 4])), /stacked or bidirectional PyTorch RNN/);
});

test('state dicts round trip for every layer type with weights', () => {
  const cases: [Layer, Tensor][] = [
    [layers.dense({ units: 3 }), rng.normal([2, 4])],
    [layers.conv2d({ filters: 2, kernelSize: 3, groups: 1 }), rng.normal([1, 4, 4, 3])],
    [layers.depthwiseConv2d({ kernelSize: 2, depthMultiplier: 2 }), rng.normal([1, 3, 3, 2])],
    [layers.conv2dTranspose({ filters: 2, kernelSize: 3 }), rng.normal([1, 2, 2, 3])],
    [layers.batchNormalization(), rng.normal([2, 2, 2, 3])],
    [layers.layerNormalization(), rng.normal([2, 5])],
    [layers.instanceNormalization(), rng.normal([1, 2, 2, 3])],
    [layers.embedding({ inputDim: 5, outputDim: 2 }), tensor([[1, 4]], undefined, 'int32')],
    [layers.lstm({ units: 2 }), rng.normal([1, 2, 3])],
    [layers.gru({ units: 2 }), rng.normal([1, 2, 3])],
    [layers.simpleRNN({ units: 2 }), rng.normal([1, 2, 3])],
  ];
  for (const [layer, x] of cases) {
    built(layer, x);
    const before = layer.weights.map((w) => w.data());
    const state = torchStateDict(layer);
    assert.deepEqual(Object.keys(state), layer.layerWeights.map((w) => w.name));
    for (const w of layer.weights) w.assign(tensor(new Float32Array(w.size), w.shape));
    loadTorchStateDict(layer, state);
    layer.weights.forEach((w, i) => assertClose(w, before[i]!, 0, 0, `${layer.className} ${w.name}`));
  }
});

test('loading checks names, shapes, completeness and that the layer is built', () => {
  const dense = built(layers.dense({ units: 3, name: 'fc' }), rng.normal([1, 2]));
  assert.throws(() => loadTorchStateDict(dense, { weight: rng.normal([3, 2]) }), (e: unknown) => e instanceof ArgumentError && /fc \(Dense\): the state dict lacks bias/.test(e.message));
  loadTorchStateDict(dense, { weight: rng.normal([3, 2]) }, { strict: false });
  assert.throws(() => loadTorchStateDict(dense, { weight: rng.normal([3, 2]), bias: rng.normal([3]), extra: rng.normal([1]) }), /fc \(Dense\): no weight 'extra'; its weights are weight, bias/);
  assert.throws(() => loadTorchStateDict(dense, { weight: rng.normal([2, 3]), bias: rng.normal([3]) }), (e: unknown) => e instanceof ShapeError && /PyTorch tensor 'weight' is \[2,3\], expected \[3,2\]/.test(e.message));
  assert.throws(() => loadTorchStateDict(layers.dense({ units: 2, name: 'lazy' }), {}), /lazy \(Dense\): build the layer/);
  // num_batches_tracked has no counterpart and is skipped.
  const bn = built(layers.batchNormalization(), rng.normal([2, 2]));
  loadTorchStateDict(bn, { ...torchStateDict(bn), num_batches_tracked: tensor([3], undefined, 'int32') });
});
