/** Dense: values vs a hand matmul, shapes, errors, weights, gradients, config, PyTorch import. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Random, ShapeError, tensor, valueAndGrad, sum, mul } from '../../../../src/index.js';
import { layers } from '../../../../src/index.js';
import { input } from '../../../../src/nn/symbolic.js';
import { fromTorchLayout, loadTorchStateDict, toTorchLayout } from '../../../../src/nn/torch-import.js';
import { assertClose } from '../../../helpers/assert-close.js';
import { assertLayerGradients, fixtureTensor, parityCase, PARITY_ATOL, PARITY_RTOL } from '../helpers.js';

test('dense computes x @ weight + bias, checked by hand', () => {
  const layer = layers.dense({ units: 2, kernelInitializer: 'ones', biasInitializer: constantInit(0.5) });
  const y = layer.apply(tensor([[1, 2, 3], [-1, 0, 1]]));
  assert.deepEqual(y.shape, [2, 2]);
  assertClose(y, [6.5, 6.5, 0.5, 0.5]);
  assert.deepEqual(layer.layerWeights.map((w) => [w.name, w.variable.shape]), [['weight', [3, 2]], ['bias', [2]]]);
  assert.equal(layer.countParams(), 8);
});

function constantInit(v: number) {
  return { className: 'Constant', config: { value: v } };
}

test('dense with random weights matches a naive triple loop, with relu', () => {
  const rng = new Random(3);
  const x = rng.normal([4, 5]);
  const layer = layers.dense({ units: 3, activation: 'relu', biasInitializer: 'randomNormal' });
  const y = layer.apply(x).data();
  const xv = x.data();
  const w = layer.weight!.data();
  const b = layer.bias!.data();
  const expected: number[] = [];
  for (let i = 0; i < 4; i++) {
    for (let j = 0; j < 3; j++) {
      let acc = b[j]!;
      for (let k = 0; k < 5; k++) acc += xv[i * 5 + k]! * w[k * 3 + j]!;
      expected.push(Math.max(0, acc));
    }
  }
  assertClose(y, expected);
});

test('dense applies to the last axis of rank-3 input and of symbolic input', () => {
  const layer = layers.dense({ units: 7, useBias: false });
  assert.deepEqual(layer.apply(new Random(1).normal([2, 3, 4])).shape, [2, 3, 7]);
  assert.equal(layer.bias, null);
  assert.deepEqual(layers.dense({ units: 5 }).apply(input({ shape: [10, 4] })).shape, [null, 10, 5]);
});

test('dense shape errors name the layer and the shapes', () => {
  const layer = layers.dense({ units: 3, name: 'head' });
  layer.apply(tensor([[1, 2]]));
  assert.throws(() => layer.apply(tensor([[1, 2, 3]])), (e: unknown) => e instanceof ShapeError && /^head \(Dense\): input \[null,3\] has 3 features, but the layer was built for 2$/.test(e.message));
  assert.throws(() => layers.dense({ units: 3, name: 'flat' }).apply(tensor([1, 2])), /flat \(Dense\): input \[null\] has rank 1, expected at least 2/);
  assert.throws(() => layers.dense({ units: 0 }), /Dense: units must be a positive integer, got 0/);
  assert.throws(() => layers.dense({ units: 2, activation: 'relux' }), /unknown activation 'relux'/);
});

test('dense gradients with respect to input, weight and bias match finite differences', () => {
  const layer = layers.dense({ units: 3, activation: 'tanh', biasInitializer: 'randomNormal' });
  assertLayerGradients(layer, [new Random(2).normal([2, 4])]);
});

test('dense kernel regularizer and constraint are attached to the weight', () => {
  const layer = layers.dense({ units: 2, kernelInitializer: 'ones', kernelRegularizer: { className: 'L2', config: { l2: 0.1 } }, kernelConstraint: 'nonNeg' });
  layer.apply(tensor([[1, 1, 1]]));
  const [kernel, bias] = layer.layerWeights;
  assertClose(kernel!.regularizer!(kernel!.variable), [0.1 * 6]);
  assertClose(kernel!.constraint!(tensor([[-1, 2], [3, -4], [0, 1]])), [0, 2, 3, 0, 0, 1]);
  assert.equal(bias!.regularizer, null);
});

test('activity regularizer: a penalty on the output is recorded while training only', () => {
  const layer = layers.dense({ units: 2, kernelInitializer: 'ones', activityRegularizer: 'l1' });
  layer.apply(tensor([[1, -1, 2]]));
  assert.equal(layer.activityLosses.length, 0);
  layer.apply(tensor([[1, -1, 2]]), { training: true });
  assertClose(layer.activityLosses[0]!, [0.01 * 4]);
  assert.deepEqual(layer.getConfig()['activityRegularizer'], { className: 'L1', config: { l1: 0.01 } });
});

test('dense matches the PyTorch linear fixture after importing its weight', () => {
  const c = parityCase('linear');
  const layer = layers.dense({ units: c.inputs['weight']!.shape[0]! });
  const x = fixtureTensor(c.inputs['x']!);
  layer.apply(x);
  loadTorchStateDict(layer, { weight: fixtureTensor(c.inputs['weight']!), bias: fixtureTensor(c.inputs['bias']!) });
  const { value, grads } = valueAndGrad((xx: typeof x) => sum(mul(layer.apply(xx), fixtureTensor(c.grad_output))))(x);
  assert.ok(value.size === 1);
  assertClose(layer.apply(x), c.output.data, PARITY_ATOL, PARITY_RTOL, 'output');
  assertClose(grads[0]!, c.grads['x']!.data, PARITY_ATOL, PARITY_RTOL, 'dx');
  // The weight gradient, converted back to PyTorch's layout, matches too.
  layer.weight!.grad = null;
  sum(mul(layer.apply(x), fixtureTensor(c.grad_output))).backward();
  assertClose(toTorchLayout(layer, 'weight', layer.weight!.grad!), c.grads['weight']!.data, PARITY_ATOL, PARITY_RTOL, 'dweight');
  assertClose(layer.bias!.grad!, c.grads['bias']!.data, PARITY_ATOL, PARITY_RTOL, 'dbias');
  assert.throws(() => fromTorchLayout(layer, 'weight', tensor([[1, 2]])), /PyTorch tensor 'weight' is \[1,2\], expected \[5,7\] \(ours \[7,5\]\)/);
});
