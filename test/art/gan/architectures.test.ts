/** DCGAN builders: shapes, ranges, initialisation, batch-norm placement, the projection layer's gradient. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ArgumentError, Random, checkGradients, layers, mul, sum, tensor, valueAndGrad, type Tensor } from '../../../src/index.js';
import { ClassProjection, SUPPORTED_SIZES, buildDiscriminator, buildGenerator, resolveArchitecture, standingStatistics } from '../../../src/art/gan/index.js';

for (const size of SUPPORTED_SIZES) {
  for (const numClasses of [0, 3]) {
    test(`size ${size}, ${numClasses ? 'conditional' : 'unconditional'}: G maps noise to [-1, 1] images, D maps images to one logit`, () => {
      const arch = resolveArchitecture('test', { size, numClasses, width: 4, latentDim: 8 });
      assert.equal(arch.channels, size === 28 ? 1 : 3);
      const g = buildGenerator(arch, 0);
      const d = buildDiscriminator(arch, 1);
      const rng = new Random(0);
      const z = rng.normal([2, 8]);
      const labels = tensor(new Int32Array([0, 2]), [2, 1], 'int32');
      const images = g.apply(numClasses ? [z, labels] : z, { training: true }) as Tensor;
      assert.deepEqual(images.shape, [2, size, size, arch.channels]);
      for (const v of images.values) assert.ok(v >= -1 && v <= 1, 'tanh output');
      const logits = d.apply(numClasses ? [images, labels] : images, { training: true }) as Tensor;
      assert.deepEqual(logits.shape, [2, 1]);
    });
  }
}

test('batch norm everywhere except the generator output and the discriminator input; N(0, 0.02) weights; LeakyReLU 0.2', () => {
  const arch = resolveArchitecture('test', { size: 32 });
  const g = buildGenerator(arch, 0);
  const d = buildDiscriminator(arch, 0);
  const gLayers = g.layers.map((l) => l.className);
  assert.equal(gLayers.filter((c) => c === 'BatchNormalization').length, 3, 'after the projection and each hidden up-sampling');
  assert.equal(gLayers.at(-1), 'Conv2DTranspose', 'the output layer has no batch norm after it');
  const dLayers = d.layers.map((l) => l.className);
  assert.deepEqual(dLayers.slice(0, 2), ['Conv2D', 'LeakyReLU'], 'no batch norm after the first convolution');
  assert.equal(dLayers.filter((c) => c === 'BatchNormalization').length, 2);
  for (const l of d.layers) if (l instanceof layers.LeakyReLU) assert.equal(l.negativeSlope, 0.2);
  const kernel = Array.from(d.getLayer("d_conv2").weights[0]!.values as Float32Array);
  const mean = kernel.reduce((a, b) => a + b, 0) / kernel.length;
  const std = Math.sqrt(kernel.reduce((a, b) => a + (b - mean) ** 2, 0) / kernel.length);
  assert.ok(Math.abs(std - 0.02) < 0.002, `std ${std}`);
  assert.ok(Math.abs(mean) < 0.002, `mean ${mean}`);
});

test('the 28×28 pair is the PyTorch reference DCGAN (7×7×128 → 14×14×64 → 28×28×1; 64 → 128 filters)', () => {
  const arch = resolveArchitecture('test', { size: 28 });
  const g = buildGenerator(arch, 0);
  assert.deepEqual(g.getLayer('g_up1').weights[0]!.shape, [4, 4, 64, 128]);
  assert.deepEqual(g.getLayer('to_pixels').weights[0]!.shape, [4, 4, 1, 64]);
  const d = buildDiscriminator(arch, 0);
  assert.deepEqual(d.getLayer('d_conv2').weights[0]!.shape, [4, 4, 64, 128]);
  assert.deepEqual(d.getLayer('logit').weights[0]!.shape, [7 * 7 * 128, 1]);
});

test('unsupported sizes are refused, naming the supported ones', () => {
  assert.throws(() => resolveArchitecture('gan train', { size: 48 }), (e: Error) => e instanceof ArgumentError && /48 is not supported.*28, 32, 64/.test(e.message));
  assert.throws(() => resolveArchitecture('gan train', { size: 28, numClasses: 1 }), /at least 2 classes/);
});

test('ClassProjection computes ⟨embed(y), φ⟩ and passes gradient checks for features and embedding', () => {
  const layer = new ClassProjection({ numClasses: 3, stddev: 0.5 });
  const rng = new Random(1);
  const features = rng.normal([4, 5]);
  const labels = tensor(new Int32Array([2, 0, 1, 2]), [4, 1], 'int32');
  const out = layer.apply([features, labels]) as Tensor;
  assert.deepEqual(out.shape, [4, 1]);
  const w = layer.weight!.values;
  for (let b = 0; b < 4; b++) {
    let expected = 0;
    for (let f = 0; f < 5; f++) expected += features.values[b * 5 + f]! * w[labels.values[b]! * 5 + f]!;
    assert.ok(Math.abs(out.values[b]! - expected) < 1e-5);
  }
  const coef = tensor(new Float32Array([1, -2, 0.5, 3]), [4, 1]);
  const objective = (x: Tensor) => sum(mul(layer.apply([x, labels]) as Tensor, coef));
  const result = checkGradients(objective, [features]);
  assert.ok(result.ok, `features: ${result.maxAbsError}`);
  const { grads: [dw] } = valueAndGrad((..._w: Tensor[]) => objective(features))(layer.weight!);
  for (let c = 0; c < 3; c++) for (let f = 0; f < 5; f++) {
    let expected = 0;
    for (let b = 0; b < 4; b++) if (labels.values[b] === c) expected += coef.values[b]! * features.values[b * 5 + f]!;
    assert.ok(Math.abs(dw!.values[c * 5 + f]! - expected) < 1e-5, `dW[${c},${f}]`);
  }
  assert.throws(() => layer.apply([features, tensor(new Int32Array([3, 0, 0, 0]), [4, 1], 'int32')]), /label 3 .* outside the classes \[0, 3\)/);
});

test('standing statistics: after them, inference-mode outputs match training-mode (batch-statistics) outputs, whatever the running statistics were', () => {
  const arch = resolveArchitecture('test', { size: 28, width: 8, latentDim: 16 });
  const g = buildGenerator(arch, 3);
  for (const l of g.layers) if (l instanceof layers.BatchNormalization) {
    l.runningMean!.assign(tensor(new Float32Array(l.runningMean!.size).fill(0.5), l.runningMean!.shape));
    l.runningVar!.assign(tensor(new Float32Array(l.runningVar!.size).fill(9), l.runningVar!.shape));
  }
  const z = new Random(11).normal([512, 16]);
  const gap = () => {
    const a = (g.apply(z, { training: false })).values;
    const momenta = g.layers.filter((l): l is layers.BatchNormalization => l instanceof layers.BatchNormalization);
    const saved = momenta.map((l) => [l.runningMean!.data(), l.runningVar!.data()] as const);
    const b = (g.apply(z, { training: true })).values;
    momenta.forEach((l, i) => { l.runningMean!.assign(tensor(saved[i]![0], l.runningMean!.shape)); l.runningVar!.assign(tensor(saved[i]![1], l.runningVar!.shape)); });
    let s = 0;
    for (let i = 0; i < a.length; i++) s += Math.abs(a[i]! - b[i]!);
    return s / a.length;
  };
  const before = gap();
  standingStatistics(g, 16, 0, new Random(5), 16, 256);
  const after = gap();
  assert.ok(before > 0.05, `stale statistics change the outputs (${before})`);
  assert.ok(after < before / 5 && after < 0.02, `standing statistics: ${after} (before ${before})`);
  assert.equal((g.getLayer('g_bn0') as layers.BatchNormalization).momentum, 0.9, 'momentum restored');
});
