/** PositionEmbedding: adds one learned vector per position; shape errors; gradients; config. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Random, tensor } from '../../../../src/index.js';
import { positionEmbedding, PositionEmbedding, deserializeLayer } from '../../../../src/nn/layers/index.js';
import { assertClose } from '../../../helpers/assert-close.js';
import { assertLayerGradients } from '../helpers.js';

test('positionEmbedding adds weight[t] at position t, for any length up to maxLength', () => {
  const layer = positionEmbedding({ maxLength: 4 });
  const x = new Random(1).normal([2, 3, 5]);
  const y = layer.apply(x);
  assert.deepEqual(layer.weights[0]!.shape, [4, 5]);
  const w = layer.weights[0]!.data<'float32'>();
  const xs = x.data<'float32'>();
  const expected = Float32Array.from(xs, (v, i) => v + w[i % 15]!);
  assertClose(y, expected, 1e-6, 1e-6);
  assert.deepEqual((layer.apply(tensor(new Float32Array(10), [1, 2, 5]))).data<'float32'>(), w.slice(0, 10));
  assert.throws(() => layer.apply(new Random(2).normal([1, 5, 5])), /has 5 positions, more than maxLength 4/);
  assert.throws(() => layer.apply(new Random(2).normal([1, 2, 6])), /has 6 features, but the layer was built for 5/);
  assert.throws(() => positionEmbedding({ maxLength: 0 }), /maxLength/);
});

test('positionEmbedding gradients and config', () => {
  assertLayerGradients(positionEmbedding({ maxLength: 3 }), [new Random(3).normal([2, 3, 2])]);
  const layer = positionEmbedding({ maxLength: 7, name: 'pos' });
  const copy = deserializeLayer({ className: 'PositionEmbedding', config: JSON.parse(JSON.stringify(layer.getConfig())) }) as PositionEmbedding;
  assert.deepEqual(copy.getConfig(), layer.getConfig());
  assert.equal(copy.maxLength, 7);
});
