/** Losses against the PyTorch fixtures in test/fixtures/parity (values and gradients). */
import { test } from 'node:test';
import { tensor, valueAndGrad, type Tensor } from '../../../src/index.js';
import { binaryCrossentropy, meanSquaredError, sparseCategoricalCrossentropy } from '../../../src/nn/losses/index.js';
import { assertClose } from '../../helpers/assert-close.js';
import { fromFixture, parityCases } from '../../helpers/fixtures.js';

const ATOL = 1e-4;
const RTOL = 1e-3;

const runners: Record<string, (c: ReturnType<typeof parityCases>[number]) => void> = {
  sparse_categorical_crossentropy: (c) => {
    const labels = tensor(c.labels!.data, c.labels!.shape, 'int32');
    const { value, grads } = valueAndGrad((x: Tensor) => sparseCategoricalCrossentropy(labels, x, { fromLogits: true }))(fromFixture(c.inputs.logits!));
    assertClose(value, c.output!.data, ATOL, RTOL, `${c.name} value`);
    assertClose(grads[0]!, c.grads!.logits!.data, ATOL, RTOL, `${c.name} d/dlogits`);
  },
  mse: (c) => {
    const { value, grads } = valueAndGrad((p: Tensor, t: Tensor) => meanSquaredError(t, p))(fromFixture(c.inputs.pred!), fromFixture(c.inputs.target!));
    assertClose(value, c.output!.data, ATOL, RTOL, `${c.name} value`);
    assertClose(grads[0]!, c.grads!.pred!.data, ATOL, RTOL, `${c.name} d/dpred`);
    assertClose(grads[1]!, c.grads!.target!.data, ATOL, RTOL, `${c.name} d/dtarget`);
  },
  binary_crossentropy: (c) => {
    const f = (x: Tensor, t: Tensor) => binaryCrossentropy(t, x, { fromLogits: true });
    const { value, grads } = valueAndGrad(f)(fromFixture(c.inputs.logits!), fromFixture(c.inputs.target!));
    assertClose(value, c.output!.data, ATOL, RTOL, `${c.name} value`);
    assertClose(grads[0]!, c.grads!.logits!.data, ATOL, RTOL, `${c.name} d/dlogits`);
    assertClose(grads[1]!, c.grads!.target!.data, ATOL, RTOL, `${c.name} d/dtarget`);
  },
};

const lossCases = parityCases().filter((c) => c.op in runners);

test('the parity file holds the three loss cases', () => {
  assertClose([lossCases.length], [3]);
});

for (const c of lossCases) {
  test(`parity: ${c.name} (${c.op}) matches PyTorch`, () => runners[c.op]!(c));
}
