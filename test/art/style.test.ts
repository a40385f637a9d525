/** Texture synthesis and style transfer on tiny images: the losses fall by large factors, layout and colours are kept where asked. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import sharp from 'sharp';
import {
  createRandomExtractor, synthesizeTexture, stylizeImages, gramMatrix, gramLoss, gramTargets, totalVariationLoss, checkStyleMemory,
  StyleMemoryError, readStyleInput, luminanceImage, rangePenalty,
} from '../../src/art/style/index.js';
import { Random, tensor, avgPool2d, resizeBilinear, ArgumentError, type Tensor } from '../../src/index.js';
import { tempDir } from '../helpers/temp-dir.js';

const dir = tempDir('style');
const small = createRandomExtractor({ filterSizes: [3, 5, 7], maps: 16, seed: 0, inputMean: [0.5, 0.4, 0.4] });

/** A painting stand-in: diagonal colour stripes with noise. */
function stripes(size: number, seed = 0): Tensor {
  const rng = new Random(seed);
  const v = new Float32Array(size * size * 3);
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) {
    const on = (x + y) % 6 < 3;
    const c = on ? [0.9, 0.7, 0.1] : [0.1, 0.2, 0.6];
    for (let k = 0; k < 3; k++) v[(y * size + x) * 3 + k] = c[k]! + (rng.next() - 0.5) * 0.1;
  }
  return tensor(v, [1, size, size, 3]);
}

/** A colourful painting stand-in without strong edges of its own: bilinearly upsampled noise. */
function blobs(size: number, seed = 0): Tensor {
  return resizeBilinear(new Random(seed).uniform([1, size / 4, size / 4, 3]), [size, size]);
}

/** A content stand-in: a bright disc on a dark left half and a mid-grey right half. */
function scene(size: number): Tensor {
  const v = new Float32Array(size * size * 3);
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) {
    const disc = (x - size * 0.35) ** 2 + (y - size * 0.5) ** 2 < (size * 0.22) ** 2;
    const base = disc ? [0.95, 0.9, 0.8] : x < size / 2 ? [0.1, 0.12, 0.1] : [0.5, 0.5, 0.55];
    for (let k = 0; k < 3; k++) v[(y * size + x) * 3 + k] = base[k]!;
  }
  return tensor(v, [1, size, size, 3]);
}

/** Blurred edge map: luminance gradient magnitude averaged over 4x4 blocks. */
function blurredEdges(image: Tensor): Float32Array {
  const [, h, w] = image.shape as [number, number, number];
  const x = image.data();
  const lum = (i: number, j: number): number => 0.299 * x[(i * w + j) * 3]! + 0.587 * x[(i * w + j) * 3 + 1]! + 0.114 * x[(i * w + j) * 3 + 2]!;
  const e = new Float32Array(h * w);
  for (let i = 0; i < h - 1; i++) for (let j = 0; j < w - 1; j++) e[i * w + j] = Math.hypot(lum(i + 1, j) - lum(i, j), lum(i, j + 1) - lum(i, j));
  return avgPool2d(tensor(e, [1, h, w, 1]), { poolSize: 4, strides: 4 }).data() as Float32Array;
}

function correlation(a: Float32Array, b: Float32Array): number {
  const mean = (v: Float32Array): number => v.reduce((s, x) => s + x, 0) / v.length;
  const [ma, mb] = [mean(a), mean(b)];
  let [ab, aa, bb] = [0, 0, 0];
  for (let i = 0; i < a.length; i++) {
    ab += (a[i]! - ma) * (b[i]! - mb);
    aa += (a[i]! - ma) ** 2;
    bb += (b[i]! - mb) ** 2;
  }
  return ab / Math.sqrt(aa * bb);
}

test('Gram matrix, Gram loss and total variation on known values', () => {
  const f = tensor([1, 2, 3, 4], [1, 2, 1, 2]); // two pixels, two channels
  assert.deepEqual([...gramMatrix(f).data()], [5, 7, 7, 10]); // [[1+9, 2+12], [.., 4+16]] / 2
  assert.deepEqual([...gramMatrix(f, tensor([1, 0], [1, 2, 1, 1])).data()], [1, 2, 2, 4]);
  assert.equal(gramLoss(tensor([1, 2], [1, 2]), tensor([0, 0], [1, 2])).item(), 5);
  assert.ok(Math.abs(totalVariationLoss(tensor([0, 1, 0, 1], [1, 2, 2, 1])).item() - 1) < 1e-6); // rows equal, columns differ by 1
  assert.ok(Math.abs(rangePenalty(tensor([-0.5, 0.5, 1.5, 1], [1, 2, 2, 1])).item() - 0.125) < 1e-6); // (0.25 + 0.25) / 4
});

test('texture synthesis from noise cuts the Gram loss by a large factor', async () => {
  const r = await synthesizeTexture(stripes(24), { size: 24, steps: 25, extractor: small });
  assert.deepEqual(r.image.shape, [1, 24, 24, 3]);
  assert.ok(r.gramLossRatio > 30, `Gram loss ${r.gramLossStart} -> ${r.gramLossEnd} (x${r.gramLossRatio.toFixed(1)})`);
  const v = r.image.data();
  assert.ok(v.every((x) => x >= 0 && x <= 1));
});

test('stylize keeps the content layout (blurred edge maps) while the style loss falls at least 20x', () => {
  const content = scene(32);
  const style = blobs(32, 1);
  const r = stylizeImages(content, [style], { steps: 30, extractor: small, scales: [1] });
  assert.ok(r.styleLossRatio >= 20, `style loss ${r.styleLossStart} -> ${r.styleLossEnd} (x${r.styleLossRatio.toFixed(1)})`);
  const withContent = correlation(blurredEdges(r.image), blurredEdges(content));
  const withStyle = correlation(blurredEdges(r.image), blurredEdges(style));
  assert.ok(withContent > 0.7 && withContent > withStyle + 0.3, `edge correlation with content ${withContent.toFixed(2)}, with style ${withStyle.toFixed(2)}`);
});

test('preserve-colors keeps the content chroma; a mask leaves the unmasked half untouched', () => {
  const content = scene(24);
  const style = stripes(24, 2);
  const kept = stylizeImages(content, [style], { steps: 5, extractor: small, scales: [1], preserveColors: true });
  const chroma = (v: Float32Array, i: number): [number, number] => [
    0.596 * v[i]! - 0.274 * v[i + 1]! - 0.322 * v[i + 2]!, 0.211 * v[i]! - 0.523 * v[i + 1]! + 0.312 * v[i + 2]!,
  ];
  const [got, want] = [kept.image.data() as Float32Array, content.data() as Float32Array];
  let moved = 0;
  for (let i = 0; i < got.length; i += 3) {
    const [a, b] = [chroma(got, i), chroma(want, i)];
    moved += (Math.abs(a[0] - b[0]) + Math.abs(a[1] - b[1])) / (got.length / 3);
  }
  assert.ok(moved < 0.01, `mean chroma change ${moved}`);
  const plain = stylizeImages(content, [style], { steps: 5, extractor: small, scales: [1] });
  assert.ok(plain.image.data().some((v, i) => Math.abs(v - got[i]!) > 0.05), 'without preserveColors the colours change');
  const maskValues = new Float32Array(24 * 24).map((_, i) => ((i % 24) < 12 ? 1 : 0));
  const masked = stylizeImages(content, [style], { steps: 5, extractor: small, scales: [1], mask: tensor(maskValues, [1, 24, 24, 1]) });
  const out = masked.image.data();
  const c = content.data();
  for (let i = 0; i < out.length; i++) if (Math.floor(i / 3) % 24 >= 13) assert.ok(Math.abs(out[i]! - c[i]!) < 1e-6);
  assert.ok(out.some((v, i) => Math.floor(i / 3) % 24 < 12 && Math.abs(v - c[i]!) > 0.01), 'the masked half changed');
  assert.ok(luminanceImage(content).data().every((v, i, a) => i % 3 === 0 || v === a[i - (i % 3)]));
});

test('several styles blend their Gram targets with the given weights', () => {
  const a = stripes(16, 3);
  const b = scene(16);
  const only = gramTargets(small, [a], ['conv3x3']).get('conv3x3')!.data();
  const blended = gramTargets(small, [a, b], ['conv3x3'], [1, 0]).get('conv3x3')!.data();
  for (let i = 0; i < only.length; i++) assert.ok(Math.abs(only[i]! - blended[i]!) < 1e-6);
});

test('errors: steps, blend weights, memory (with the largest size that fits)', () => {
  const content = scene(16);
  assert.throws(() => stylizeImages(content, [content], { steps: 0 }), (e: Error) => e instanceof ArgumentError && /steps must be an integer >= 1, got 0/.test(e.message));
  assert.throws(() => stylizeImages(content, [content], { styleBlend: [1, 2] }), /one non-negative weight per style image \(1\)/);
  const big = createRandomExtractor();
  assert.throws(() => checkStyleMemory('stylize', big, big.defaultStyleLayers, 4000, 6000), (e: Error) => {
    assert.ok(e instanceof StyleMemoryError);
    assert.match(e.message, /a 6000x4000 image needs about \d+\.\d GiB .* more than the 3\.5 GiB budget; the largest that fits is about (\d+) px/);
    const fits = Number(/about (\d+) px/.exec(e.message)![1]);
    assert.doesNotThrow(() => checkStyleMemory('stylize', big, big.defaultStyleLayers, Math.floor((fits * 4000) / 6000), fits));
    return true;
  });
});

test('inputs: grey, transparent and much smaller style images are adapted with notices', async () => {
  const path = join(dir, 'grey-alpha.png');
  const px = Buffer.alloc(20 * 20 * 2);
  for (let i = 0; i < 400; i++) [px[i * 2], px[i * 2 + 1]] = [i % 200, i < 200 ? 255 : 128];
  await sharp(px, { raw: { width: 20, height: 20, channels: 2 } }).png().toFile(path);
  const notices: string[] = [];
  const image = await readStyleInput(path, [64, 64], 'style', (m) => notices.push(m), [100, 150]);
  assert.deepEqual(image.shape, [1, 64, 64, 3]);
  assert.equal(notices.length, 3, notices.join('\n'));
  assert.match(notices[0]!, /style .*grey-alpha\.png is 20x20, 7\.5x smaller than the content \(150x100\); both are resized to 64x64/);
  assert.match(notices[1]!, /transparent pixels; flattened onto white/);
  assert.match(notices[2]!, /greyscale; used as RGB/);
});
