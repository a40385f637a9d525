/** Style feature extractors: the random multi-scale network and the VGG safetensors loader (on a tiny file of torchvision's layout). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { createRandomExtractor, loadVggExtractor, mirroredConv2d, stylizeImages, VggWeightsError, StyleLayerError, checkLayers } from '../../src/art/style/index.js';
import { Random, conv2d, pad, sum, mul, valueAndGrad, writeSafetensors, type Tensor } from '../../src/index.js';
import { tempDir } from '../helpers/temp-dir.js';

const dir = tempDir('style-extractors');
const VGG16 = [2, 2, 'M', 3, 3, 'M', 4, 4, 4, 'M', 4, 4, 4, 'M', 4, 4, 4, 'M'] as const;

/** Writes a VGG-16 'features' state dict with torchvision's names and tiny widths. */
function writeTinyVgg(path: string, edit?: (tensors: Record<string, Tensor>) => void): Record<string, Tensor> {
  const rng = new Random(3);
  const tensors: Record<string, Tensor> = {};
  let index = 0;
  let inChannels = 3;
  for (const entry of VGG16) {
    if (entry === 'M') {
      index++;
      continue;
    }
    tensors[`features.${index}.weight`] = rng.normal([entry, inChannels, 3, 3], 0, 0.3);
    tensors[`features.${index}.bias`] = rng.normal([entry], 0, 0.1);
    inChannels = entry;
    index += 2;
  }
  edit?.(tensors);
  writeSafetensors(path, tensors);
  return tensors;
}

test('random extractor: named multi-scale layers, deterministic given the seed', () => {
  const image = new Random(0).uniform([1, 16, 16, 3]);
  const a = createRandomExtractor({ seed: 7, maps: 8 });
  assert.deepEqual(a.defaultStyleLayers, ['conv3x3', 'conv5x5', 'conv7x7', 'conv11x11', 'conv15x15', 'conv23x23']);
  const fa = a.extract(image, ['conv5x5', 'deep2', 'lowpass']);
  assert.deepEqual(fa.get('conv5x5')!.shape, [1, 16, 16, 8]);
  assert.deepEqual(fa.get('deep2')!.shape, [1, 8, 8, 32]);
  assert.deepEqual(fa.get('lowpass')!.shape, [1, 2, 2, 3]);
  const again = createRandomExtractor({ seed: 7, maps: 8 }).extract(image, ['conv5x5']).get('conv5x5')!.data();
  assert.deepEqual(again, fa.get('conv5x5')!.data());
  const other = createRandomExtractor({ seed: 8, maps: 8 }).extract(image, ['conv5x5']).get('conv5x5')!.data();
  assert.notDeepEqual(other, again);
  assert.throws(() => createRandomExtractor({ filterSizes: [4] }), /odd positive integers, got 4/);
  assert.throws(() => checkLayers('t', a, ['conv9x9'], 'style'), (e: Error) => e instanceof StyleLayerError && /'conv9x9' not in the random extractor; its layers: conv3x3, /.test(e.message));
});

test('mirrored convolution: reflect padding, the same values and gradients in bands as in one piece', () => {
  const rng = new Random(4);
  const x = rng.uniform([1, 11, 9, 3]);
  const w = rng.normal([5, 5, 3, 4]);
  const dy = rng.normal([1, 11, 9, 4]);
  const whole = valueAndGrad((t: Tensor) => sum(mul(mirroredConv2d(t, w), dy)))(x);
  const bands = valueAndGrad((t: Tensor) => sum(mul(mirroredConv2d(t, w, 5 * 5 * 3 * 4 * 9 * 3), dy)))(x); // 3 rows per band
  const byHand = conv2d(pad(x, [[0, 0], [2, 2], [2, 2], [0, 0]], 'reflect'), w);
  assert.ok(Math.abs(whole.value.item() - sum(mul(byHand, dy)).item()) < 1e-3);
  assert.ok(Math.abs(whole.value.item() - bands.value.item()) < 1e-3);
  const [a, b] = [whole.grads[0]!.data(), bands.grads[0]!.data()];
  for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i]! - b[i]!) < 1e-4, `gradient ${i}: ${a[i]} vs ${b[i]}`);
});

test('VGG loader reads torchvision names, converts OIHW filters and normalises like torchvision', () => {
  const path = join(dir, 'tiny-vgg16.safetensors');
  const tensors = writeTinyVgg(path);
  const vgg = loadVggExtractor(path);
  assert.equal(vgg.kind, 'vgg16');
  assert.equal(vgg.layerNames.length, 13);
  assert.deepEqual(vgg.layerNames.slice(0, 4), ['relu1_1', 'relu1_2', 'relu2_1', 'relu2_2']);
  const image = new Random(1).uniform([1, 16, 16, 3]);
  const f = vgg.extract(image, ['relu1_1', 'relu5_1']);
  assert.deepEqual(f.get('relu1_1')!.shape, [1, 16, 16, 2]);
  assert.deepEqual(f.get('relu5_1')!.shape, [1, 1, 1, 4]);
  // relu1_1 at pixel (5, 7), channel 1, by hand: PyTorch's conv2d with padding 1 on the normalised image.
  const w = tensors['features.0.weight']!.data();
  const b = tensors['features.0.bias']!.data();
  const x = image.data();
  const mean = [0.485, 0.456, 0.406];
  const std = [0.229, 0.224, 0.225];
  let s = b[1]!;
  for (let i = 0; i < 3; i++) for (let ky = 0; ky < 3; ky++) for (let kx = 0; kx < 3; kx++) {
    const xn = (x[((5 + ky - 1) * 16 + (7 + kx - 1)) * 3 + i]! - mean[i]!) / std[i]!;
    s += w[((1 * 3 + i) * 3 + ky) * 3 + kx]! * xn;
  }
  const got = f.get('relu1_1')!.data()[(5 * 16 + 7) * 2 + 1]!;
  assert.ok(Math.abs(got - Math.max(0, s)) < 1e-4, `${got} vs ${Math.max(0, s)}`);
});

test('stylize runs through a VGG extractor read from safetensors (the same code path as the random one)', () => {
  const path = join(dir, 'tiny-vgg16-stylize.safetensors');
  writeTinyVgg(path);
  const rng = new Random(5);
  const r = stylizeImages(rng.uniform([1, 32, 32, 3]), [rng.uniform([1, 32, 32, 3])], { extractor: path, steps: 8, scales: [1] });
  assert.match(r.extractor, /^vgg16 from .*tiny-vgg16-stylize\.safetensors$/);
  assert.ok(r.styleLossRatio > 2, `style loss ${r.styleLossStart} -> ${r.styleLossEnd}`);
});

test('VGG loader lists missing, misnamed and mis-shaped tensors', () => {
  const path = join(dir, 'bad-vgg16.safetensors');
  writeTinyVgg(path, (t) => {
    t['features.2.weights'] = t['features.2.weight']!;
    delete t['features.2.weight'];
    delete t['features.0.bias'];
    t['classifier.0.weight'] = t['features.5.bias']!;
  });
  assert.throws(() => loadVggExtractor(path), (e: Error) => {
    assert.ok(e instanceof VggWeightsError);
    assert.match(e.message, /missing features\.0\.bias/);
    assert.match(e.message, /missing features\.2\.weight \(conv1_2, \[out, 2, 3, 3\]\)/);
    assert.match(e.message, /unexpected tensors features\.2\.weights, classifier\.0\.weight/);
    return true;
  });
  const shapes = join(dir, 'shapes-vgg16.safetensors');
  writeTinyVgg(shapes, (t) => {
    t['features.5.weight'] = new Random(0).normal([3, 5, 3, 3]);
  });
  assert.throws(() => loadVggExtractor(shapes), /features\.5\.weight is \[3, 5, 3, 3\], expected \[out, 2, 3, 3\]/);
});
