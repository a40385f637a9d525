import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Random, tensor, ArgumentError, type Tensor } from '../../src/index.js';
import {
  colorJitter, compose, flipHorizontal, randomCrop, randomErasing, randomFlipHorizontal, randomRotation, rotate,
} from '../../src/data/augment.js';
import { assertClose } from '../helpers/assert-close.js';

/** A [h, w, c] image whose every value is distinct: v = (y * w + x) * c + k, scaled to [0, 1). */
function ramp(h: number, w: number, c = 3): Tensor {
  const n = h * w * c;
  return tensor(Float32Array.from({ length: n }, (_, i) => i / n), [h, w, c]);
}

function at(t: Tensor, y: number, x: number, k = 0): number {
  const [, w, c] = t.shape.slice(-3) as [number, number, number];
  return t.data()[(y * w + x) * c + k]!;
}

test('flipHorizontal mirrors columns and is its own inverse, for images and batches', () => {
  const img = ramp(3, 4);
  const flipped = flipHorizontal(img);
  assert.equal(at(flipped, 1, 0, 2), at(img, 1, 3, 2));
  assert.equal(at(flipped, 2, 3, 0), at(img, 2, 0, 0));
  assert.deepEqual(flipHorizontal(flipped).data(), img.data());
  const batch = tensor(new Float32Array([...img.data(), ...flipped.data()]), [2, 3, 4, 3]);
  const twice = flipHorizontal(flipHorizontal(batch));
  assert.deepEqual(twice.shape, [2, 3, 4, 3]);
  assert.deepEqual(twice.data(), batch.data());
});

test('randomFlipHorizontal flips about half the images, with probability 0 and 1 as limits', () => {
  const img = ramp(2, 5, 1);
  const flipped = flipHorizontal(img).data();
  const rng = new Random(3);
  let flips = 0;
  for (let i = 0; i < 400; i++) if (randomFlipHorizontal()(img, rng).data()[0] === flipped[0]) flips++;
  assert.ok(flips > 160 && flips < 240, `flipped ${flips} of 400`);
  assert.deepEqual(randomFlipHorizontal(0)(img, rng).data(), img.data());
  assert.deepEqual(randomFlipHorizontal(1)(img, rng).data(), flipped);
});

test('randomCrop returns the crop size and a window of the (padded) input', () => {
  const img = ramp(10, 12);
  const rng = new Random(7);
  for (let trial = 0; trial < 20; trial++) {
    const crop = randomCrop([6, 5])(img, rng);
    assert.deepEqual(crop.shape, [6, 5, 3]);
    // The first value identifies the window's origin because ramp values are distinct.
    const index = Math.round(crop.data()[0]! * 10 * 12 * 3) / 3;
    const y0 = Math.floor(index / 12);
    const x0 = index % 12;
    assert.ok(y0 + 6 <= 10 && x0 + 5 <= 12, `window at (${y0}, ${x0}) fits`);
    assert.equal(at(crop, 5, 4, 1), at(img, y0 + 5, x0 + 4, 1));
  }
  const padded = randomCrop([10, 12], { padding: 2, fill: -1 })(img, new Random(1));
  assert.deepEqual(padded.shape, [10, 12, 3]);
  const full = randomCrop([14, 16], { padding: 2, fill: -1 })(img, new Random(1));
  assert.equal(at(full, 0, 0), -1, 'corner is padding');
  assert.equal(at(full, 2, 2), at(img, 0, 0));
  const reflected = randomCrop([14, 16], { padding: 2, padMode: 'reflect' })(img, new Random(1));
  assert.equal(at(reflected, 2, 0), at(img, 0, 2), 'reflect mirrors without repeating the edge');
  assert.equal(at(reflected, 0, 2), at(img, 2, 0));
  assert.throws(() => randomCrop([11, 4])(img, rng), (e: unknown) => e instanceof ArgumentError && /crop \[11,4\] is larger than the image \[10,12\]/.test(e.message));
});

test('rotate: 0° is identity, 90° is an exact quarter turn counter-clockwise, four turns come back', () => {
  const img = ramp(5, 5, 2);
  assertClose(rotate(img, 0), img, 0);
  const quarter = rotate(img, 90);
  // Counter-clockwise: the right column becomes the top row.
  for (let i = 0; i < 5; i++) assert.equal(at(quarter, 0, i, 1), at(img, i, 4, 1));
  let back = img;
  for (let i = 0; i < 4; i++) back = rotate(back, 90);
  assertClose(back, img, 1e-6);
  // A non-square image keeps its shape; corners fall outside and take the fill value.
  const wide = rotate(ramp(4, 8), 45, 0.5);
  assert.deepEqual(wide.shape, [4, 8, 3]);
  assert.equal(at(wide, 0, 0), 0.5);
});

test('rotate interpolates bilinearly', () => {
  // A horizontal gradient v = x rotated by 180° becomes v = (w - 1) - x; rotating 30° keeps the centre value.
  const grad = tensor(Float32Array.from({ length: 5 * 5 }, (_, i) => i % 5), [5, 5, 1]);
  assertClose(rotate(grad, 180), Float32Array.from({ length: 25 }, (_, i) => 4 - (i % 5)), 1e-6);
  assert.ok(Math.abs(at(rotate(grad, 30), 2, 2) - 2) < 1e-6);
  // One pixel right of centre at 30°: source x = 2 + cos 30°, y = 2 + sin 30° → value 2 + cos 30° on a gradient in x.
  assert.ok(Math.abs(at(rotate(grad, 30), 2, 3) - (2 + Math.cos(Math.PI / 6))) < 1e-6);
});

test('colorJitter: zero strength is identity; factors scale brightness and blend towards grey', () => {
  const img = tensor([0.2, 0.4, 0.6, 0.8, 0.1, 0.3], [1, 2, 3]);
  assertClose(colorJitter({})(img, new Random(1)), img, 0);
  // The same seed draws the same brightness factor: check against the formula with that factor.
  const b = new Random(5);
  const low = 0.5;
  const expectedFactor = low + (1.5 - low) * b.next();
  const bright = colorJitter({ brightness: 0.5 })(img, new Random(5));
  assertClose(bright, Array.from(img.data(), (v) => Math.min(1, v * expectedFactor)), 1e-6);
  // Saturation s (strength 1 draws s from [0, 2]): each pixel becomes s·x + (1 - s)·grey, clipped.
  const s = 2 * new Random(9).next();
  const grey = (r: number, g: number, bl: number): number => 0.299 * r + 0.587 * g + 0.114 * bl;
  const expected: number[] = [];
  const v = Array.from(img.data());
  for (let p = 0; p < 2; p++) {
    const gr = grey(v[p * 3]!, v[p * 3 + 1]!, v[p * 3 + 2]!);
    for (let k = 0; k < 3; k++) expected.push(Math.min(1, Math.max(0, s * v[p * 3 + k]! + (1 - s) * gr)));
  }
  assertClose(colorJitter({ saturation: 1 })(img, new Random(9)), expected, 1e-6);
  // Contrast c blends with the image's mean grey level.
  const c = 0.7 + 0.6 * new Random(4).next();
  const mean = (grey(v[0]!, v[1]!, v[2]!) + grey(v[3]!, v[4]!, v[5]!)) / 2;
  assertClose(colorJitter({ contrast: 0.3 })(img, new Random(4)), v.map((x) => Math.min(1, Math.max(0, c * x + (1 - c) * mean))), 1e-6);
  const all = colorJitter({ saturation: 1, contrast: 0.9, brightness: 0.9 })(img, new Random(9));
  assert.ok(all.data().every((x) => x >= 0 && x <= 1));
});

test('randomErasing erases one rectangle within the scale range, or nothing', () => {
  const img = tensor(new Float32Array(20 * 20 * 3).fill(1), [20, 20, 3]);
  const rng = new Random(11);
  let erasedImages = 0;
  for (let i = 0; i < 50; i++) {
    const out = randomErasing({ probability: 0.5, value: 0 })(img, rng).data();
    const zeros = out.filter((v) => v === 0).length / 3;
    if (zeros > 0) {
      erasedImages++;
      assert.ok(zeros >= 0.02 * 400 * 0.5 && zeros <= 0.33 * 400 * 1.5, `erased ${zeros} pixels`);
    }
  }
  assert.ok(erasedImages > 10 && erasedImages < 40, `erased ${erasedImages} of 50`);
  assert.deepEqual(randomErasing({ probability: 0 })(img, rng).data(), img.data());
});

test('compose is deterministic for a seed, differs across seeds, and augments each image of a batch separately', () => {
  const pipeline = compose([
    randomCrop([16, 16], { padding: 2 }), randomFlipHorizontal(), randomRotation(15),
    colorJitter({ brightness: 0.2, contrast: 0.2, saturation: 0.2 }), randomErasing({ probability: 0.5 }),
  ]);
  const img = ramp(16, 16);
  const a = pipeline(img, new Random(42)).data();
  const b = pipeline(img, new Random(42)).data();
  const c = pipeline(img, new Random(43)).data();
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
  const batch = tensor(new Float32Array([...img.data(), ...img.data()]), [2, 16, 16, 3]);
  const out = pipeline(batch, new Random(42));
  assert.deepEqual(out.shape, [2, 16, 16, 3]);
  const d = out.data();
  assert.deepEqual(d.subarray(0, 768), a, 'first image draws first');
  assert.notDeepEqual(d.subarray(0, 768), d.subarray(768), 'second image draws its own parameters');
});
