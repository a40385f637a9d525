/** Explanation methods on a toy problem whose evidence is known (a bright square whose position is the class). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ArgumentError, Random, ShapeError, memory, reshape, slice, tensor, type Model, type Tensor } from '../../src/index.js';
import { explain, gradCam, integratedGradients, occlusion, saliency, smoothGrad, spearman, writeExplanation, type ExplanationMethod } from '../../src/art/explain/index.js';
import { readImage } from '../../src/io/index.js';
import { SIDE, SQUARE, filledOrHollowData, squareData, squareImage, toyFunctional, toyModel, trainedGapModel, trainedToyModel } from './helpers/toy.js';
import { tempDir } from '../helpers/temp-dir.js';

const model = await trainedToyModel();
const { x, corners } = squareData(8, 7);
const images = Array.from({ length: 8 }, (_, i) => reshape(slice(x, [i, 0, 0, 0], [1, SIDE, SIDE, 1]), [SIDE, SIDE, 1]));
const methods: ExplanationMethod[] = ['saliency', 'smoothgrad', 'integrated-gradients', 'gradcam', 'occlusion'];

/** Mean of `map` over the square's pixels at `corner` minus the mean over the other pixels (coarse maps upsampled by nearest neighbour). */
function insideMinusOutside(map: Tensor, [top, left]: [number, number]): number {
  const [h, w] = map.shape as [number, number];
  const values = map.data();
  let inside = 0;
  let outside = 0;
  for (let y = 0; y < SIDE; y++) {
    for (let x = 0; x < SIDE; x++) {
      const v = values[Math.floor((y * h) / SIDE) * w + Math.floor((x * w) / SIDE)]!;
      if (y >= top && y < top + SQUARE && x >= left && x < left + SQUARE) inside += v;
      else outside += v;
    }
  }
  return inside / (SQUARE * SQUARE) - outside / (SIDE * SIDE - SQUARE * SQUARE);
}

test('the toy model is trained: it predicts the half holding the square', () => {
  images.forEach((image, i) => {
    const e = saliency(model, image);
    assert.equal(e.classIndex, corners[i]![1] < SIDE / 2 ? 0 : 1, `image ${i}`);
    assert.ok(e.score > 0.9, `confident on image ${i}: ${e.score}`);
    assert.equal(e.scoreKind, 'probability');
  });
});

test('every method returns a map of the documented shape, focused on the square', () => {
  for (const method of methods) {
    const e = explain(model, images[0]!, { method, useLogits: true });
    assert.equal(e.method, method);
    assert.deepEqual(e.map.shape, method === 'gradcam' ? [SIDE / 2, SIDE / 2] : [SIDE, SIDE], method);
    assert.equal(e.scoreKind, 'logit');
    // Grad-CAM averages each channel's gradient over space, which discards where the evidence is;
    // on a problem decided by position (a flatten head) it has no reason to follow the square. It is
    // checked on the content toy below.
    if (method === 'gradcam') continue;
    const focus = images.slice(0, 4).map((image, i) => insideMinusOutside(explain(model, image, { method, useLogits: true }).map, corners[i]!));
    assert.ok(focus.every((d) => d > 0), `${method}: more relevance inside the square than outside (${focus.map((d) => d.toFixed(3)).join(', ')})`);
  }
});

test('Grad-CAM follows the object on a content problem (filled vs hollow square, global pooling)', async () => {
  const gap = await trainedGapModel();
  const data = filledOrHollowData(12, 9);
  const filled = data.corners.flatMap((corner, i) => (i % 2 === 0 ? [{ corner, image: reshape(slice(data.x, [i, 0, 0, 0], [1, SIDE, SIDE, 1]), [SIDE, SIDE, 1]) }] : []));
  for (const { corner, image } of filled) {
    const e = gradCam(gap, image, { useLogits: true });
    assert.equal(e.classIndex, 0, 'a filled square is recognised');
    assert.deepEqual(e.map.shape, [6, 6]);
    assert.ok(insideMinusOutside(e.map, corner) > 0, `map over the square at (${corner.join(', ')})`);
  }
});

test('integrated gradients satisfy completeness: attributions sum to f(x) − f(baseline) within 1%', () => {
  for (const useLogits of [false, true]) {
    for (const image of images.slice(0, 3)) {
      const e = integratedGradients(model, image, { steps: 128, useLogits });
      const total = Array.from(e.attributions!.data()).reduce((a, b) => a + b, 0);
      const difference = e.score - e.baselineScore!;
      assert.ok(Math.abs(difference) > 0.1, `the score moves along the path (${difference})`);
      assert.ok(Math.abs(total - difference) <= 0.01 * Math.abs(difference), `sum ${total} vs f(x) − f(x') ${difference} (logits ${useLogits})`);
      assert.ok(Math.abs(e.completenessGap! - (total - difference)) < 1e-4);
      assert.deepEqual(e.attributions!.shape, [SIDE, SIDE, 1]);
      const map = e.map.data();
      assert.ok(Math.abs(Array.from(map).reduce((a, b) => a + b, 0) - total) < 1e-4, 'the map is the attributions summed over channels');
    }
  }
  // A random (untrained) functional model with an RGB input and a non-black baseline.
  const rng = new Random(3);
  const random = toyFunctional();
  random.reinitialize(5);
  const image = tensor(squareImage(2, 6, rng), [SIDE, SIDE, 1]);
  const e = integratedGradients(random, image, { steps: 200, baseline: 0.5, useLogits: true, classIndex: 1 });
  const difference = e.score - e.baselineScore!;
  assert.ok(Math.abs(e.completenessGap!) <= 0.01 * Math.abs(difference), `random model: gap ${e.completenessGap} for difference ${difference}`);
  const riemann = integratedGradients(random, image, { steps: 200, baseline: 0.5, useLogits: true, classIndex: 1, rule: 'riemann' });
  assert.ok(Math.abs(riemann.completenessGap!) <= 0.01 * Math.abs(difference), `midpoint rule: gap ${riemann.completenessGap}`);
});

test('model randomisation (Adebayo et al. 2018): maps of the trained and a re-initialised model differ', () => {
  const randomised = toyModel(1234);
  for (const method of ['saliency', 'gradcam'] as const) {
    const rhos = images.map((image) => {
      const trained = explain(model, image, { method });
      const other = explain(randomised, image, { method, classIndex: trained.classIndex });
      assert.equal(spearman(trained.map.data(), explain(model, image, { method }).map.data()), 1, 'the same model gives the same map');
      return spearman(trained.map.data(), other.map.data());
    });
    const mean = rhos.reduce((a, b) => a + b, 0) / rhos.length;
    assert.ok(mean < 0.5, `${method}: mean Spearman ρ ${mean.toFixed(3)} (${rhos.map((r) => r.toFixed(2)).join(', ')})`);
  }
});

test('occluding the square lowers the score; the occlusion map peaks on it', () => {
  images.slice(0, 4).forEach((image, i) => {
    const [top, left] = corners[i]!;
    const e = occlusion(model, image, { patchSize: SQUARE, stride: 1, useLogits: true });
    const values = e.map.data();
    let best = 0;
    values.forEach((v, k) => {
      if (v > values[best]!) best = k;
    });
    const [by, bx] = [Math.floor(best / SIDE), best % SIDE];
    assert.ok(by >= top - 1 && by <= top + SQUARE && bx >= left - 1 && bx <= left + SQUARE, `peak (${by}, ${bx}) next to the square at (${top}, ${left})`);
    const hidden = Float32Array.from(image.data());
    for (let y = top; y < top + SQUARE; y++) hidden.fill(0, y * SIDE + left, y * SIDE + left + SQUARE);
    const after = saliency(model, tensor(hidden, [SIDE, SIDE, 1]), { classIndex: e.classIndex, useLogits: true }).score;
    assert.ok(after < e.score - 1, `hiding the square drops the logit from ${e.score.toFixed(2)} to ${after.toFixed(2)}`);
  });
});

test('Grad-CAM: default layer, layerName, shapes, and errors naming the layer', () => {
  const last = gradCam(model, images[1]!);
  assert.equal(last.layerName, 'conv2');
  assert.deepEqual(last.map.shape, [6, 6]);
  assert.ok(last.map.data().every((v) => v >= 0), 'relu of the weighted sum');
  const first = gradCam(model, images[1]!, { layerName: 'conv1' });
  assert.deepEqual(first.map.shape, [SIDE, SIDE]);
  assert.throws(() => gradCam(model, images[1]!, { layerName: 'flatten' }), /layer 'flatten' outputs rank 2; Grad-CAM needs a 4-D/);
  assert.throws(() => gradCam(model, images[1]!, { layerName: 'nope' }), (e: Error) => e instanceof ArgumentError && /no layer 'nope'; layers: conv1, pool, conv2, flatten, out/.test(e.message));
});

test('a functional model with the same weights gives the same explanations as the Sequential one', () => {
  const functional = toyFunctional();
  functional.setWeights(model.getWeights());
  for (const method of methods) {
    const a = explain(model, images[2]!, { method, useLogits: true, steps: 16, samples: 4 });
    const b = explain(functional, images[2]!, { method, useLogits: true, steps: 16, samples: 4 });
    assert.equal(a.classIndex, b.classIndex);
    assert.ok(Math.abs(a.score - b.score) < 1e-5, method);
    const av = a.map.data();
    const bv = b.map.data();
    assert.ok(av.every((v, i) => Math.abs(v - bv[i]!) <= 1e-5 * (1 + Math.abs(v))), `${method}: maps agree`);
  }
});

test('logits: with a softmax head, the difference of two class logits is the log-ratio of their probabilities', () => {
  const image = images[3]!;
  const p0 = saliency(model, image, { classIndex: 0 }).score;
  const p1 = saliency(model, image, { classIndex: 1 }).score;
  const z0 = saliency(model, image, { classIndex: 0, useLogits: true }).score;
  const z1 = saliency(model, image, { classIndex: 1, useLogits: true }).score;
  assert.ok(Math.abs(p0 + p1 - 1) < 1e-5);
  assert.ok(Math.abs(z0 - z1 - Math.log(p0 / p1)) < 1e-3 * Math.max(1, Math.abs(z0 - z1)), `${z0 - z1} vs ${Math.log(p0 / p1)}`);
});

test('saliency is |∂score/∂x|: it matches central finite differences', () => {
  const image = images[4]!;
  const e = saliency(model, image, { useLogits: true });
  const base = image.data();
  const at = (pixels: Float32Array) => saliency(model, tensor(pixels, [SIDE, SIDE, 1]), { classIndex: e.classIndex, useLogits: true }).score;
  const [top, left] = corners[4]!;
  for (const [y, x] of [[top, left], [top + 1, left + 2], [0, 0]] as const) {
    const h = 1e-3;
    const plus = Float32Array.from(base);
    const minus = Float32Array.from(base);
    plus[y * SIDE + x]! += h;
    minus[y * SIDE + x]! -= h;
    const numeric = Math.abs((at(plus) - at(minus)) / (2 * h));
    const analytic = e.map.data()[y * SIDE + x]!;
    assert.ok(Math.abs(numeric - analytic) <= 0.05 * Math.max(numeric, 1e-2), `pixel (${y}, ${x}): ${analytic} vs ${numeric}`);
  }
});

test('determinism: the same seed gives the same SmoothGrad map, another seed another; other methods repeat exactly', () => {
  const image = images[5]!;
  const a = smoothGrad(model, image, { seed: 1, samples: 6 }).map.data();
  const b = smoothGrad(model, image, { seed: 1, samples: 6 }).map.data();
  const c = smoothGrad(model, image, { seed: 2, samples: 6 }).map.data();
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
  for (const method of ['saliency', 'integrated-gradients', 'gradcam', 'occlusion'] as const) {
    assert.deepEqual(explain(model, image, { method, steps: 8 }).map.data(), explain(model, image, { method, steps: 8 }).map.data(), method);
  }
});

test('explanations release every tensor they make except the maps they return', () => {
  const functional = toyFunctional();
  functional.setWeights(model.getWeights());
  for (const m of [model, functional] as Model[]) {
    for (const method of methods) {
      explain(m, images[6]!, { method, steps: 4, samples: 2 }).map.dispose();
      const before = memory();
      const e = explain(m, images[6]!, { method, steps: 4, samples: 2, useLogits: true });
      e.map.dispose();
      e.attributions?.dispose();
      assert.deepEqual(memory(), before, `${m.name} ${method}`);
    }
  }
});

test('argument errors name the method and what came', () => {
  assert.throws(() => saliency(model, tensor(new Float32Array(SIDE * SIDE), [SIDE, SIDE])), (e: Error) => e instanceof ShapeError && /saliency: image \[12,12\] must be \[height, width, channels\]/.test(e.message));
  assert.throws(() => saliency(model, images[0]!, { classIndex: 2 }), /classIndex must be an integer in 0\.\.1, got 2/);
  assert.throws(() => explain(model, images[0]!, { method: 'lime' as ExplanationMethod }), /unknown method 'lime'; use one of saliency, smoothgrad, integrated-gradients, gradcam, occlusion/);
  assert.throws(() => integratedGradients(model, images[0]!, { steps: 0 }), /steps must be an integer >= 1, got 0/);
  assert.throws(() => occlusion(model, images[0]!, { patchSize: 13 }), /patchSize must be an integer in 1\.\.12, got 13/);
  assert.throws(() => smoothGrad(model, images[0]!, { noiseLevel: -1 }), /noiseLevel must be >= 0/);
});

test('writeExplanation writes the overlay PNG at the display size and the raw map as JSON', async () => {
  const dir = tempDir('explain');
  const e = gradCam(model, images[0]!);
  const display = tensor(new Float32Array(48 * 48 * 3).fill(0.5), [48, 48, 3]);
  const { png, json } = await writeExplanation(e, display, join(dir, 'heat.png'), { className: 'left', alpha: 0.4, colormap: 'viridis' });
  assert.equal(json, join(dir, 'heat.json'));
  assert.ok(existsSync(png));
  assert.deepEqual((await readImage(png)).shape, [48, 48, 3]);
  const saved = JSON.parse(readFileSync(json, 'utf8')) as { method: string; className: string; shape: number[]; map: number[][]; layerName: string };
  assert.equal(saved.method, 'gradcam');
  assert.equal(saved.className, 'left');
  assert.equal(saved.layerName, 'conv2');
  assert.deepEqual(saved.shape, [6, 6]);
  assert.deepEqual(saved.map.flat(), Array.from(e.map.data()));
});
