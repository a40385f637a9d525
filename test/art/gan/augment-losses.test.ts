/** DiffAugment (deterministic per generator, shifts, cutout, colour, gradients) and the GAN losses. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Random, sum, tensor, valueAndGrad, type Tensor } from '../../../src/index.js';
import { diffAugment, discriminatorLoss, generatorLoss, parseDiffAugmentPolicy } from '../../../src/art/gan/index.js';

const ramp = (b: number, h: number, w: number, c: number) => tensor(Float32Array.from({ length: b * h * w * c }, (_, i) => (i % 97) / 97 - 0.5), [b, h, w, c]);

test('an empty policy is the identity; the same generator state gives the same augmentation', () => {
  const x = ramp(2, 8, 8, 3);
  assert.equal(diffAugment(x, [], new Random(0)), x);
  const policy = parseDiffAugmentPolicy('t', 'color,translation,cutout');
  const a = diffAugment(x, policy, new Random(5)).values;
  const b = diffAugment(x, policy, new Random(5)).values;
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, diffAugment(x, policy, new Random(6)).values);
  assert.throws(() => parseDiffAugmentPolicy('gan train', 'color,flip'), /unknown DiffAugment operation 'flip'/);
  assert.deepEqual(parseDiffAugmentPolicy('t', 'none'), []);
});

test('translation moves every image by one integer shift within 1/8 of the side, filling with 0', () => {
  const h = 16;
  const x = ramp(3, h, h, 1);
  const y = diffAugment(x, ['translation'], new Random(2)).values;
  for (let n = 0; n < 3; n++) {
    let found = false;
    for (let dy = -2; dy <= 2 && !found; dy++) {
      for (let dx = -2; dx <= 2 && !found; dx++) {
        let ok = true;
        for (let i = 0; i < h && ok; i++) for (let j = 0; j < h && ok; j++) {
          const si = i + dy;
          const sj = j + dx;
          const expected = si >= 0 && si < h && sj >= 0 && sj < h ? x.values[(n * h + si) * h + sj]! : 0;
          ok = y[(n * h + i) * h + j] === expected;
        }
        found = ok;
      }
    }
    assert.ok(found, `image ${n} is a shift of the original`);
  }
});

test('cutout zeroes one square of half the side; its gradient is the keep-mask (the augmentation is differentiable)', () => {
  const x = tensor(new Float32Array(2 * 16 * 16).fill(1), [2, 16, 16, 1]);
  const y = diffAugment(x, ['cutout'], new Random(3)).values;
  for (let n = 0; n < 2; n++) {
    const zeros = y.slice(n * 256, (n + 1) * 256).filter((v) => v === 0).length;
    assert.ok(zeros > 0 && zeros <= 64, `image ${n}: ${zeros} pixels cut`);
  }
  const { grads: [g] } = valueAndGrad((t: Tensor) => sum(diffAugment(t, ['cutout'], new Random(3))))(x);
  assert.deepEqual(Array.from(g!.values), Array.from(y), 'd sum / dx is 1 where kept and 0 where cut');
});

test('colour keeps the spatial pattern of a grey image up to brightness and contrast, and passes gradient to every pixel', () => {
  const x = ramp(2, 8, 8, 1);
  const y = diffAugment(x, ['color'], new Random(4)).values;
  for (let n = 0; n < 2; n++) {
    // An affine map per image: y = a·x + b with a > 0.
    const x0 = x.values[n * 64]!;
    const x1 = x.values[n * 64 + 1]!;
    const a = (y[n * 64 + 1]! - y[n * 64]!) / (x1 - x0);
    assert.ok(a > 0.4 && a < 1.6, `contrast ${a}`);
    for (let i = 0; i < 64; i++) assert.ok(Math.abs(y[n * 64 + i]! - (a * (x.values[n * 64 + i]! - x0) + y[n * 64]!)) < 1e-4);
  }
  const rgb = ramp(1, 4, 4, 3);
  const { grads: [g] } = valueAndGrad((t: Tensor) => sum(diffAugment(t, ['color'], new Random(1))))(rgb);
  for (const v of g!.values) assert.ok(Number.isFinite(v));
});

test('the non-saturating loss with label smoothing and the hinge loss have their textbook values', () => {
  const zero = tensor(new Float32Array([0, 0]), [2, 1]);
  assert.ok(Math.abs(discriminatorLoss('nsgan', zero, zero).item() - 2 * Math.log(2)) < 1e-6, 'log 2 for each half at D = 0.5');
  assert.ok(Math.abs(generatorLoss('nsgan', zero).item() - Math.log(2)) < 1e-6);
  const real = tensor(new Float32Array([3]), [1, 1]);
  const fake = tensor(new Float32Array([-3]), [1, 1]);
  const softplus = (v: number) => Math.log1p(Math.exp(v));
  const smoothed = discriminatorLoss('nsgan', real, fake, 0.1).item();
  assert.ok(Math.abs(smoothed - (0.9 * softplus(-3) + 0.1 * softplus(3) + softplus(-3))) < 1e-5, 'real target 0.9, fake target 0');
  assert.ok(Math.abs(discriminatorLoss('hinge', real, fake).item()) < 1e-7, 'margins met: no hinge loss');
  assert.ok(Math.abs(discriminatorLoss('hinge', fake, real).item() - 8) < 1e-6, 'relu(1+3) + relu(1+3)');
  assert.ok(Math.abs(generatorLoss('hinge', fake).item() - 3) < 1e-6, '−mean D(G(z))');
});
