import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tensor, ArgumentError, ShapeError } from '../../src/index.js';
import { applyColormap, colormapColor, colormapHex, colormapTable, COLORMAPS } from '../../src/viz/colormaps.js';
import { heatmapOverlay, resizeBilinear } from '../../src/viz/heatmap.js';
import { assertClose } from '../helpers/assert-close.js';

test('colour map tables have 256 entries and match matplotlib at known points', () => {
  for (const name of COLORMAPS) assert.equal(colormapTable(name).length, 256 * 3, name);
  assert.equal(colormapHex('viridis', 0), '#440154');
  assert.equal(colormapHex('viridis', 0.5), '#21918c');
  assert.equal(colormapHex('viridis', 1), '#fde725');
  assert.equal(colormapHex('inferno', 0), '#000004');
  assert.equal(colormapHex('inferno', 1), '#fcffa4');
  // matplotlib: cm.jet(0) = (0, 0, 0.5), cm.jet(128) = (0.4902, 1, 0.4775), cm.jet(255) = (0.5, 0, 0).
  assert.deepEqual(colormapColor('jet', 0), [0, 0, 128]);
  assert.deepEqual(colormapColor('jet', 128 / 255), [125, 255, 122]);
  assert.deepEqual(colormapColor('jet', 1), [128, 0, 0]);
  assert.deepEqual(colormapColor('gray', 77 / 255), [77, 77, 77]);
  assert.deepEqual(colormapColor('gray', -3), [0, 0, 0], 'clipped');
  assert.deepEqual(colormapColor('gray', Number.NaN), [0, 0, 0]);
  // Perceptual maps get lighter from 0 to 1.
  const luma = (name: 'viridis' | 'inferno', v: number): number => {
    const [r, g, b] = colormapColor(name, v);
    return 0.299 * r + 0.587 * g + 0.114 * b;
  };
  for (const name of ['viridis', 'inferno'] as const) {
    for (let i = 1; i <= 8; i++) assert.ok(luma(name, i / 8) > luma(name, (i - 1) / 8), `${name} lightens`);
  }
  assert.throws(() => colormapTable('rainbow' as never), (e: unknown) => e instanceof ArgumentError && /unknown colour map 'rainbow'/.test(e.message));
});

test('applyColormap maps [h,w] values to [h,w,3] colours', () => {
  const out = applyColormap(tensor([[0, 1]]), 'gray');
  assert.deepEqual(out.shape, [1, 2, 3]);
  assertClose(out, [0, 0, 0, 1, 1, 1], 0);
  assert.throws(() => applyColormap(tensor([1, 2, 3])), ShapeError);
});

test('resizeBilinear uses half-pixel centres and clamps at the edges', () => {
  assertClose(resizeBilinear([0, 1], 1, 2, 1, 4), [0, 0.25, 0.75, 1], 1e-7);
  assertClose(resizeBilinear([0, 1, 2, 3], 2, 2, 1, 1), [1.5], 1e-7);
  assertClose(resizeBilinear([5], 1, 1, 2, 3), [5, 5, 5, 5, 5, 5], 0);
});

test('heatmapOverlay resizes and normalises the map, colours it and blends with alpha', () => {
  const image = tensor(new Float32Array(4 * 6 * 3).fill(0.5), [4, 6, 3]);
  const map = tensor([[10, 30], [10, 30]]); // left low, right high after normalisation
  const overlay = heatmapOverlay(image, map, { colormap: 'viridis', alpha: 0.4 });
  assert.deepEqual(overlay.shape, [4, 6, 3]);
  const d = overlay.data();
  assert.ok(d.every((v) => v >= 0 && v <= 1));
  const low = colormapColor('viridis', 0).map((v) => 0.6 * 0.5 + (0.4 * v) / 255);
  const high = colormapColor('viridis', 1).map((v) => 0.6 * 0.5 + (0.4 * v) / 255);
  assertClose(d.subarray(0, 3), low, 1e-6, 0, 'left edge is the low colour');
  assertClose(d.subarray(5 * 3, 6 * 3), high, 1e-6, 0, 'right edge is the high colour');
  assertClose(heatmapOverlay(image, map, { alpha: 0 }), image, 1e-7);
  // A constant map carries no information: every pixel gets the colour of 0.
  const flat = heatmapOverlay(image, tensor([[2, 2], [2, 2]]), { colormap: 'gray', alpha: 1 });
  assertClose(flat, new Float32Array(4 * 6 * 3), 0);
  // Without normalisation values are clipped, so 0.5 maps to mid grey.
  const raw = heatmapOverlay(image, tensor([[0.5]]), { colormap: 'gray', alpha: 1, normalize: false });
  assertClose(raw, new Float32Array(72).fill(128 / 255), 1e-7);
  assert.throws(() => heatmapOverlay(tensor([1, 2, 3]), map), ShapeError);
  assert.throws(() => heatmapOverlay(image, map, { alpha: 2 }), /alpha must be in \[0, 1\]/);
});
