/** MultiHeadAttention: shapes, causality, PyTorch weights and parity, gradients, dropout, config and saving. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Random, Sequential, loadModel, tensor, type Tensor } from '../../../../src/index.js';
import { MultiHeadAttention, deserializeLayer, multiHeadAttention } from '../../../../src/nn/layers/index.js';
import { loadTorchStateDict, torchStateDict } from '../../../../src/nn/torch-import.js';
import { readParityFile } from '../../../../src/parity/runner.js';
import type { FixtureTensor, OpCase } from '../../../../src/parity/fixture.js';
import { assertClose } from '../../../helpers/assert-close.js';
import { tempDir } from '../../../helpers/temp-dir.js';
import { assertLayerGradients } from '../helpers.js';
import { assertGradients, weightedSum } from '../../../helpers/gradients.js';

const rng = new Random(5);
const fixture = (t: FixtureTensor): Tensor => tensor(t.data, t.shape);

test('self-attention keeps [batch, time, features]; cross-attention takes the query length; outputShape sets the features', () => {
  const self = multiHeadAttention({ numHeads: 2, keyDim: 4 });
  assert.deepEqual(self.apply(rng.normal([3, 5, 8])).shape, [3, 5, 8]);
  assert.deepEqual(self.weights.map((w) => [w.name.split('.').slice(1).join('.'), w.shape]), [
    ['in_proj_weight', [8, 24]], ['out_proj.weight', [8, 8]], ['in_proj_bias', [24]], ['out_proj.bias', [8]],
  ]);
  const cross = multiHeadAttention({ numHeads: 3, keyDim: 2, outputShape: 5 });
  assert.deepEqual((cross.apply([rng.normal([2, 4, 6]), rng.normal([2, 7, 6])]) as Tensor).shape, [2, 4, 5]);
  assert.throws(() => cross.apply([rng.normal([2, 4, 6]), rng.normal([2, 7, 5])]), /must have the same number of features/);
  assert.throws(() => multiHeadAttention({ numHeads: 2, keyDim: 2 }).apply(rng.normal([2, 6])), /query \[null,6\] has rank 2, expected \[batch, time, features\]/);
  assert.throws(() => multiHeadAttention({ numHeads: 0, keyDim: 2 }), /numHeads/);
  assert.throws(() => multiHeadAttention({ numHeads: 1, keyDim: 2, dropout: 1 }), /dropout must be a number in \[0, 1\)/);
});

test('useCausalMask: changing later positions never changes earlier outputs', () => {
  const layer = multiHeadAttention({ numHeads: 2, keyDim: 3, useCausalMask: true });
  const x = rng.normal([1, 6, 6]).data<'float32'>();
  const a = layer.apply(tensor(x, [1, 6, 6])).data<'float32'>();
  const changed = Float32Array.from(x);
  for (let i = 4 * 6; i < 36; i++) changed[i] = changed[i]! + 1;
  const b = layer.apply(tensor(changed, [1, 6, 6])).data<'float32'>();
  assertClose(b.slice(0, 4 * 6), a.slice(0, 4 * 6), 1e-6, 1e-6);
  assert.ok(Math.abs(b[35]! - a[35]!) > 1e-4, 'the changed positions do change');
});

test('PyTorch nn.MultiheadAttention weights load with loadTorchStateDict and give its outputs (parity fixtures)', () => {
  for (const c of readParityFile('test/fixtures/parity/attention.json').cases.filter((k) => k.op === 'multi_head_attention')) {
    const inputs = c.inputs;
    const query = fixture(inputs.query!);
    const embed = query.shape[2]!;
    const numHeads = c.attrs.num_heads as number;
    const layer = new MultiHeadAttention({ numHeads, keyDim: embed / numHeads, useCausalMask: c.attrs.causal === true, useBias: 'in_proj_bias' in inputs });
    const key = fixture(inputs.key!);
    const value = fixture(inputs.value!);
    layer.apply([query, value, key]);
    const state: Record<string, Tensor> = { in_proj_weight: fixture(inputs.in_proj_weight!), 'out_proj.weight': fixture(inputs.out_proj_weight!) };
    if (inputs.in_proj_bias) Object.assign(state, { in_proj_bias: fixture(inputs.in_proj_bias), 'out_proj.bias': fixture(inputs.out_proj_bias!) });
    loadTorchStateDict(layer, state);
    assertClose(layer.apply([query, value, key]) as Tensor, fixture((c as OpCase).output), 1e-4, 1e-3, c.name);
    assertClose(torchStateDict(layer).in_proj_weight!, state.in_proj_weight!, 0, 0, 'round trip to PyTorch layout');
    if (c.name.startsWith('mha_self') || c.name === 'mha_no_bias') {
      assertClose(layer.apply(query), fixture((c as OpCase).output), 1e-4, 1e-3, `${c.name}, self-attention on one tensor (one projection product)`);
    }
  }
});

test('gradients through the fused path agree with finite differences (inputs and every weight)', () => {
  assertLayerGradients(multiHeadAttention({ numHeads: 2, keyDim: 2, useCausalMask: true, seed: 1 }), [rng.normal([2, 3, 4])]);
  assertLayerGradients(multiHeadAttention({ numHeads: 1, keyDim: 3, outputShape: 2 }), [rng.normal([1, 2, 4]), rng.normal([1, 3, 4])]);
});

test('dropout on the attention probabilities while training: seeded, composed path, identity at inference', () => {
  const layer = multiHeadAttention({ numHeads: 2, keyDim: 4, dropout: 0.5, useCausalMask: true });
  const x = rng.normal([2, 5, 8]);
  const inference = layer.apply(x).data<'float32'>();
  const reference = multiHeadAttention({ numHeads: 2, keyDim: 4, useCausalMask: true });
  reference.apply(x);
  reference.weights.forEach((w, i) => w.assign(layer.weights[i]!));
  assertClose(reference.apply(x), inference, 1e-6, 1e-5, 'dropout is off at inference');
  const t1 = layer.apply(x, { training: true, rng: new Random(4) }).data<'float32'>();
  const t2 = layer.apply(x, { training: true, rng: new Random(4) }).data<'float32'>();
  assert.deepEqual(t1, t2, 'the same generator drops the same probabilities');
  assert.ok(t1.some((v, i) => Math.abs(v - inference[i]!) > 1e-4), 'training drops some attention');
  // The same mask at every evaluation (a fresh generator per call), so finite differences see one function.
  assertGradients((a) => weightedSum(layer.apply(a, { training: true, rng: new Random(2) })), [rng.normal([1, 3, 8])]);
});

test('config round trip, and a model with attention saves and loads', async () => {
  const layer = multiHeadAttention({ numHeads: 4, keyDim: 2, dropout: 0.1, useCausalMask: true, outputShape: 6, name: 'attn' });
  const copy = deserializeLayer({ className: 'MultiHeadAttention', config: layer.getConfig() }) as MultiHeadAttention;
  assert.deepEqual(copy.getConfig(), layer.getConfig());
  const model = new Sequential({ seed: 3, layers: [multiHeadAttention({ numHeads: 2, keyDim: 3, useCausalMask: true, name: 'attn', inputShape: [5, 6] })] });
  const x = rng.normal([2, 5, 6]);
  const before = (await model.predict(x)) as Tensor;
  const dir = tempDir('mha-save');
  model.save(dir);
  const loaded = loadModel(dir);
  assertClose((await loaded.predict(x)) as Tensor, before, 0, 0);
});
