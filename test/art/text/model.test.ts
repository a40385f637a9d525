/** The text models' construction: the output layer starts from the corpus's unigram distribution. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTextModel, initLogitsToUnigram, textLogits } from '../../../src/art/text/index.js';
import { tensor } from '../../../src/tensor/creation.js';
import { Dense } from '../../../src/nn/layers/core/dense.js';

for (const arch of ['lstm', 'transformer'] as const) {
  test(`initLogitsToUnigram: an untrained ${arch} predicts about the corpus's unigram distribution`, () => {
    const model = buildTextModel({ arch, vocabSize: 5, layers: 1, units: 8, embeddingDim: 4, heads: 2, maxLength: 8, dropout: 0, seed: 3 });
    // Token 0 never occurs; 1 once, 2 twice, 3 three times, 4 ten times.
    const stream = Int32Array.from([1, 2, 2, 3, 3, 3, ...Array<number>(10).fill(4)]);
    initLogitsToUnigram(model, stream, 5);
    const bias = Array.from((model.getLayer('logits') as Dense).bias!.values as Float32Array);
    const total = stream.length + 0.5 * 5;
    bias.forEach((b, i) => assert.ok(Math.abs(b - Math.log(([0, 1, 2, 3, 10][i]! + 0.5) / total)) < 1e-6, `bias[${i}] = ${b}`));
    const logits = textLogits(model, tensor(Int32Array.from([4, 4, 1, 3]), [1, 4], 'int32')).values as Float32Array;
    const row = Array.from(logits.subarray(0, 5));
    const max = Math.max(...row);
    const p = row.map((v) => Math.exp(v - max));
    const sum = p.reduce((a, b) => a + b, 0);
    assert.ok(p[4]! / sum > 0.4 && p[0]! / sum < 0.1, `the most frequent token is the most likely before training: ${p.map((v) => (v / sum).toFixed(3)).join(' ')}`);
  });
}

test('initLogitsToUnigram refuses a model whose logits layer has no bias', () => {
  const model = buildTextModel({ arch: 'lstm', vocabSize: 3, layers: 1, units: 4, embeddingDim: 2, dropout: 0, seed: 0 });
  (model.getLayer('logits') as Dense).bias = null;
  assert.throws(() => initLogitsToUnigram(model, Int32Array.from([0, 1, 2]), 3), /'logits' layer is not a Dense layer with a bias/);
});
