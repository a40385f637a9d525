/**
 * NaN propagation at the op layer, forward values and gradients, on both backends. The expected
 * values are PyTorch 1.13's (checked by running it: see scripts/parity/nan_cases.py and
 * test/fixtures/parity/nan.json for the fixture form): relu keeps NaN and its gradient passes dy
 * there; clamp keeps NaN with gradient 0; maximum/minimum propagate NaN and give both sides the
 * whole gradient; max/min reductions give NaN with the gradient on the NaNs; argmax/argmin pick the
 * first NaN; max pooling the last NaN of a window.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as ops from '../../src/index.js';
import { getBackend, tensor, valueAndGrad, type Tensor } from '../../src/index.js';
import { assertClose } from '../helpers/assert-close.js';
import { onEachBackend } from '../helpers/on-each-backend.js';

/** `f(x)` and the vjp of `dy` (ones by default) with respect to every input. */
function forwardAndGrads(f: (...xs: Tensor[]) => Tensor, inputs: Tensor[], dy?: Tensor): { y: number[]; grads: number[][] } {
  let y: Tensor | undefined;
  const { grads } = valueAndGrad((...xs: Tensor[]) => {
    y = f(...xs);
    return ops.sum(ops.mul(y, dy ?? ops.onesLike(y)));
  })(...inputs);
  return { y: Array.from(y!.data()), grads: grads.map((g) => Array.from(g.data())) };
}

const N = NaN;

describe('NaN through activations', () => {
  const x = tensor([N, -1, 2, 0]);
  const dy = tensor([2, 3, 4, 5]);
  const cases: [string, (x: Tensor) => Tensor, number[], number[]][] = [
    // [name, op, forward, gradient of dy]
    ['relu', ops.relu, [N, 0, 2, 0], [2, 0, 4, 0]],
    ['leakyRelu', (t) => ops.leakyRelu(t, 0.2), [N, -0.2, 2, 0], [0.4, 0.6, 4, 1]],
    ['elu', ops.elu, [N, Math.expm1(-1), 2, 0], [N, 3 * Math.exp(-1), 4, 5]],
    ['relu6', ops.relu6, [N, 0, 2, 0], [0, 0, 4, 0]],
    ['clip', (t) => ops.clip(t, -0.5, 0.5), [N, -0.5, 0.5, 0], [0, 0, 0, 5]],
  ];
  for (const [name, f, forward, gradient] of cases) {
    test(`${name}: NaN forward, PyTorch's gradient at NaN`, () => onEachBackend(() => {
      const { y, grads } = forwardAndGrads(f, [x], dy);
      assertClose(y, forward, 1e-6, 1e-5, `${getBackend().name} ${name}`);
      assertClose(grads[0]!, gradient, 1e-6, 1e-5, `${getBackend().name} ${name} gradient`);
    }));
  }
  for (const [name, f] of [['gelu', ops.gelu], ['sigmoid', ops.sigmoid], ['tanh', ops.tanh], ['softplus', ops.softplus]] as const) {
    test(`${name}: NaN forward and NaN gradient at NaN only`, () => onEachBackend(() => {
      const { y, grads } = forwardAndGrads(f, [x], dy);
      assert.deepEqual(y.map(Number.isNaN), [true, false, false, false]);
      assert.deepEqual(grads[0]!.map(Number.isNaN), [true, false, false, false]);
    }));
  }
  test('relu6 on the long vector path: bounds and NaN', () => onEachBackend(() => {
    const long = tensor(Array.from({ length: 37 }, (_, i) => (i % 9 === 4 ? N : i % 9 === 0 ? 6 : i - 18)));
    const { y, grads } = forwardAndGrads(ops.relu6, [long]);
    const v = long.data();
    assertClose(y, Array.from(v, (t) => (Number.isNaN(t) ? N : Math.min(Math.max(t, 0), 6))));
    assertClose(grads[0]!, Array.from(v, (t) => (t > 0 && t < 6 ? 1 : 0)));
  }));
});

describe('NaN through maximum, minimum and abs', () => {
  test('maximum/minimum propagate NaN; both sides get the whole gradient at NaN, half at ties', () => onEachBackend(() => {
    const a = tensor([N, 1, N, 2, 3]);
    const b = tensor([1, N, N, 2, 1]);
    for (const f of [ops.maximum, ops.minimum]) {
      const { y, grads } = forwardAndGrads(f, [a, b]);
      assertClose(y, [N, N, N, 2, f === ops.maximum ? 3 : 1]);
      assertClose(grads[0]!, [1, 1, 1, 0.5, f === ops.maximum ? 1 : 0]);
      assertClose(grads[1]!, [1, 1, 1, 0.5, f === ops.maximum ? 0 : 1]);
    }
  }));
  test('maximum with a broadcast NaN', () => onEachBackend(() => {
    const { y, grads } = forwardAndGrads(ops.maximum, [tensor([[1, 2], [3, 4]]), tensor([N, 0])]);
    assertClose(y, [N, 2, N, 4]);
    assertClose(grads[1]!, [2, 0]);
  }));
  test('abs: NaN forward, gradient 0 at NaN (sgn(NaN) = 0)', () => onEachBackend(() => {
    const { y, grads } = forwardAndGrads(ops.abs, [tensor([N, -2, 3])]);
    assertClose(y, [N, 2, 3]);
    assertClose(grads[0]!, [0, -1, 1]);
  }));
});

describe('NaN through reductions', () => {
  test('max/min over everything: NaN, the gradient split among the NaNs', () => onEachBackend(() => {
    for (const f of [ops.max, ops.min]) {
      const { y, grads } = forwardAndGrads((t) => f(t), [tensor([1, N, 3, N])]);
      assertClose(y, [N]);
      assertClose(grads[0]!, [0, 0.5, 0, 0.5]);
    }
  }));
  test('max/min along an axis: NaN rows, the gradient to the NaN; other rows as before', () => onEachBackend(() => {
    const { y, grads } = forwardAndGrads((t) => ops.max(t, 1), [tensor([[1, N, 3], [1, 2, 0]])]);
    assertClose(y, [N, 2]);
    assertClose(grads[0]!, [0, 1, 0, 0, 1, 0]);
    const m = forwardAndGrads((t) => ops.min(t, 0), [tensor([[1, N, 3], [0, 2, N]])]);
    assertClose(m.y, [0, N, N]);
    assertClose(m.grads[0]!, [0, 1, 0, 1, 0, 1]);
  }));
  test('argmax/argmin: NaN counts as the extremum, the first NaN wins', () => onEachBackend(() => {
    const x = tensor([[1, N, 3, N], [0, 1, 5, 2]]);
    assert.deepEqual(ops.argmax(x, 1).toArray(), [1, 2]);
    assert.deepEqual(ops.argmin(x, 1).toArray(), [1, 0]);
    assert.equal(ops.argmax(x).item(), 1);
    assert.equal(ops.argmin(tensor([-5, 2, N])).item(), 2);
  }));
  test('sum, mean, logSumExp, variance and norms give NaN; gradients as PyTorch', () => onEachBackend(() => {
    const x = tensor([N, -1, 2]);
    const expectations: [string, (t: Tensor) => Tensor, number[]][] = [
      ['sum', (t) => ops.sum(t), [1, 1, 1]],
      ['mean', (t) => ops.mean(t), [1 / 3, 1 / 3, 1 / 3]],
      ['logSumExp', (t) => ops.logSumExp(t), [N, N, N]],
      ['variance', (t) => ops.variance(t), [N, N, N]],
      ['norm 2', (t) => ops.norm(t, 2), [N, N, N]],
      ['norm 1', (t) => ops.norm(t, 1), [0, -1, 1]],
      ['norm Infinity', (t) => ops.norm(t, Infinity), [0, 0, 0]],
    ];
    for (const [name, f, gradient] of expectations) {
      const { y, grads } = forwardAndGrads(f, [x]);
      assertClose(y, [N], 0, 0, name);
      assertClose(grads[0]!, gradient, 1e-6, 1e-5, `${name} gradient`);
    }
  }));
  test('softmax and logSoftmax: a row with a NaN is all NaN, other rows untouched', () => onEachBackend(() => {
    for (const f of [ops.softmax, ops.logSoftmax]) {
      const { y, grads } = forwardAndGrads((t) => f(t), [tensor([[N, 1, 2], [0, 1, 2]])], tensor([[1, 2, 3], [1, 2, 3]]));
      assert.deepEqual(y.map(Number.isNaN), [true, true, true, false, false, false]);
      assert.deepEqual(grads[0]!.map(Number.isNaN), [true, true, true, false, false, false]);
    }
  }));
});

describe('NaN through pooling', () => {
  // One 2x2 window per channel: channel 0 holds two NaNs (PyTorch takes the last), channel 1 none.
  const x = tensor([N, 1, 5, 2, N, 3, 1, 4], [1, 2, 2, 2]);
  test('maxPool2d: NaN wins, the last NaN of the window takes the gradient', () => onEachBackend(() => {
    const { y, grads } = forwardAndGrads((t) => ops.maxPool2d(t, { poolSize: 2 }), [x], tensor([7, 8], [1, 1, 1, 2]));
    assertClose(y, [N, 4]);
    assertClose(grads[0]!, [0, 0, 0, 0, 7, 0, 0, 8]);
  }));
  test('avgPool2d and globalAvgPool2d: NaN windows average to NaN; gradients stay finite', () => onEachBackend(() => {
    for (const f of [(t: Tensor) => ops.avgPool2d(t, { poolSize: 2 }), (t: Tensor) => ops.globalAvgPool2d(t)]) {
      const { y, grads } = forwardAndGrads(f, [x]);
      assertClose(y, [N, 2.5]);
      assertClose(grads[0]!, Array(8).fill(0.25));
    }
  }));
  test('globalMaxPool2d: NaN, the gradient split among the NaNs', () => onEachBackend(() => {
    const { y, grads } = forwardAndGrads((t) => ops.globalMaxPool2d(t), [x]);
    assertClose(y, [N, 4]);
    assertClose(grads[0]!, [0.5, 0, 0, 0, 0.5, 0, 0, 1]);
  }));
});

describe('NaN through the fused layer ops', () => {
  test('biasActivation relu: NaN kept, dy passes at NaN into dx and the bias gradient', () => onEachBackend(() => {
    const { y, grads } = forwardAndGrads((a, b) => ops.biasActivation(a, b, 'relu'), [tensor([[N, -3], [1, 2]]), tensor([0.5, 1])], tensor([[2, 3], [4, 5]]));
    assertClose(y, [N, 0, 1.5, 3]);
    assertClose(grads[0]!, [2, 0, 4, 5]);
    assertClose(grads[1]!, [6, 5]);
  }));
  test('conv2dBiasActivation relu: the NaN reaches every output whose window reads it', () => onEachBackend(() => {
    const image = ops.add(ops.zeros([1, 4, 4, 2]), 0.5);
    const values = image.data().slice();
    values[(1 * 4 + 2) * 2 + 1] = N; // row 1, column 2, channel 1
    const xv = tensor(values, [1, 4, 4, 2]);
    const filter = ops.add(ops.zeros([3, 3, 2, 4]), 0.1);
    const { y, grads } = forwardAndGrads((t, f, b) => ops.conv2dBiasActivation(t, f, b, 'relu', { padding: 'same' }), [xv, filter, tensor([0, -5, 0, 0])]);
    for (let p = 0; p < 16; p++) {
      const near = Math.abs(Math.floor(p / 4) - 1) <= 1 && Math.abs((p % 4) - 2) <= 1;
      assert.deepEqual(y.slice(p * 4, p * 4 + 4).map(Number.isNaN), [near, near, near, near], `pixel ${p}`);
    }
    // relu passes dy at the NaN outputs, so the bias gradient counts them (as PyTorch's).
    assert.ok(grads[2]!.every((g) => Number.isFinite(g)), `bias gradient ${grads[2]}`);
  }));
  test('batchNormTraining: a NaN poisons its channel only', () => onEachBackend(() => {
    const x = tensor([1, 2, N, 4, 5, 6], [3, 2]);
    const { output } = ops.batchNormTraining(x, null, null, -1, 1e-5);
    assert.deepEqual(Array.from(output.data(), Number.isNaN), [true, false, true, false, true, false]);
  }));
  test('lstmSequence and gruSequence: a NaN spreads through its own sequence only', () => onEachBackend(() => {
    const units = 3;
    for (const gates of [4, 3]) {
      const values = Array.from({ length: 3 * 2 * gates * units }, (_, i) => Math.sin(i));
      values[(0 * 2 + 1) * gates * units] = N; // time 0, batch entry 1
      const xp = tensor(values, [3, 2, gates * units]);
      const w = tensor(Array.from({ length: units * gates * units }, (_, i) => 0.3 * Math.cos(i)), [units, gates * units]);
      const { outputs } = gates === 4 ? ops.lstmSequence(xp, w) : ops.gruSequence(xp, w);
      const h = outputs.data();
      for (let t = 0; t < 3; t++)
        for (let n = 0; n < 2; n++) {
          const row = Array.from(h.slice((t * 2 + n) * units, (t * 2 + n + 1) * units), Number.isNaN);
          if (n === 0) assert.deepEqual(row, [false, false, false], `t ${t} batch 0`);
          else if (t > 0) assert.deepEqual(row, [true, true, true], `t ${t} batch 1`);
        }
    }
  }));
});
