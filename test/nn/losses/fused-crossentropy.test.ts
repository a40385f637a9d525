/**
 * The cross-entropy losses from logits run the fused softmax cross-entropy ops: their values and
 * gradients must equal the composite path they replaced (log-softmax, one-hot mask or target
 * product, sum), with sample weights, every reduction, label smoothing and sequence predictions.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Random, add, logSoftmax, mean, mul, neg, select, sum, tensor, valueAndGrad, type Tensor } from '../../../src/index.js';
import { CategoricalCrossentropy, SparseCategoricalCrossentropy, reduceLoss, type LossReduction } from '../../../src/nn/losses/index.js';
import { oneHotMask } from '../../../src/nn/losses/labels.js';
import { assertClose } from '../../helpers/assert-close.js';

const rng = new Random(21);
const reductions: LossReduction[] = ['weighted_mean', 'sum_over_batch_size', 'sum'];

/** The pre-fusion per-sample formulas (the class axis is last; other non-batch axes are averaged). */
function perSampleMean(values: Tensor): Tensor {
  return values.rank <= 1 ? values : mean(values, [...Array(values.rank - 1).keys()].map((a) => a + 1));
}
const compositeSparse = (labels: Tensor, x: Tensor): Tensor =>
  perSampleMean(neg(sum(select(oneHotMask(labels, x.shape[x.rank - 1]!), logSoftmax(x, -1), 0), -1)));
function compositeDense(targets: Tensor, x: Tensor, smoothing = 0): Tensor {
  const classes = x.shape[x.rank - 1]!;
  const t = smoothing > 0 ? add(mul(targets, 1 - smoothing), smoothing / classes) : targets;
  return perSampleMean(neg(sum(mul(t, logSoftmax(x, -1)), -1)));
}

function compare(name: string, fused: (x: Tensor) => Tensor, composite: (x: Tensor) => Tensor, x: Tensor): void {
  const a = valueAndGrad(fused)(x);
  const b = valueAndGrad(composite)(x);
  assertClose(a.value, b.value, 1e-5, 1e-5, `${name}: value`);
  assertClose(a.grads[0]!, b.grads[0]!, 1e-6, 1e-5, `${name}: gradient`);
}

test('SparseCategoricalCrossentropy from logits: values and gradients equal the composite path', () => {
  for (const shape of [[6, 7], [4, 3, 5]]) {
    const x = mul(rng.normal(shape), 2);
    const classes = shape[shape.length - 1]!;
    const labelShape = shape.slice(0, -1);
    const labels = tensor(Int32Array.from({ length: labelShape.reduce((p, d) => p * d, 1) }, (_, i) => (i * 5 + 2) % classes), labelShape, 'int32');
    const weights = rng.uniform([shape[0]!]);
    const loss = new SparseCategoricalCrossentropy({ fromLogits: true });
    compare(`sparse ${shape} unweighted`, (p) => reduceLoss(loss.perSample(labels, p)), (p) => reduceLoss(compositeSparse(labels, p)), x);
    for (const reduction of reductions) {
      compare(`sparse ${shape} ${reduction}`, (p) => reduceLoss(loss.perSample(labels, p), weights, reduction), (p) => reduceLoss(compositeSparse(labels, p), weights, reduction), x);
    }
    // float labels of shape [..., 1] take the same path
    const floatLabels = tensor(Float32Array.from(labels.data()), [...labelShape, 1]);
    compare(`sparse ${shape} float [..., 1] labels`, (p) => reduceLoss(loss.perSample(floatLabels, p)), (p) => reduceLoss(compositeSparse(labels, p)), x);
  }
});

test('CategoricalCrossentropy from logits: values and gradients equal the composite path, label smoothing included', () => {
  for (const shape of [[5, 9], [3, 2, 4]]) {
    const x = mul(rng.normal(shape), 2);
    const targets = rng.uniform(shape);
    const weights = rng.uniform([shape[0]!]);
    for (const smoothing of [0, 0.2]) {
      const loss = new CategoricalCrossentropy({ fromLogits: true, labelSmoothing: smoothing });
      for (const reduction of reductions) {
        compare(`dense ${shape} smoothing ${smoothing} ${reduction}`, (p) => reduceLoss(loss.perSample(targets, p), weights, reduction),
          (p) => reduceLoss(compositeDense(targets, p, smoothing), weights, reduction), x);
      }
    }
    // The targets' gradient too (targets produced by another model, e.g. distillation).
    const loss = new CategoricalCrossentropy({ fromLogits: true });
    const a = valueAndGrad((t: Tensor, p: Tensor) => reduceLoss(loss.perSample(t, p)))(targets, x);
    const b = valueAndGrad((t: Tensor, p: Tensor) => reduceLoss(compositeDense(t, p)))(targets, x);
    assertClose(a.grads[0]!, b.grads[0]!, 1e-6, 1e-5, `dense ${shape}: targets gradient`);
  }
});

test('an out-of-range label still throws the loss\'s own error before any kernel runs', () => {
  const x = tensor(new Float32Array(12), [4, 3]);
  assert.throws(() => new SparseCategoricalCrossentropy({ fromLogits: true }).perSample(tensor([0, 1, 3, 2], [4], 'int32'), x),
    { message: 'sparse_categorical_crossentropy: label 3 at index 2 is out of range for 3 classes' });
});
