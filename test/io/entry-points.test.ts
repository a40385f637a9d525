import { test } from 'node:test';
import assert from 'node:assert/strict';

test('atelier/io, atelier/data and atelier/viz resolve through the package exports', async () => {
  const io = await import('atelier/io');
  const data = await import('atelier/data');
  const viz = await import('atelier/viz');
  for (const name of ['readImage', 'writeImage', 'imageToTensorBatch', 'setImageCodec', 'ImageDecodeError']) assert.equal(typeof (io as Record<string, unknown>)[name], 'function', name);
  for (const name of ['ImageFolderDataset', 'compose', 'cutPatches', 'exportMnistPngs', 'balancedClassWeights']) assert.equal(typeof (data as Record<string, unknown>)[name], 'function', name);
  for (const name of ['heatmapOverlay', 'lineChartSvg', 'svgToPng', 'contactSheet', 'confusionMatrixPng', 'confusionMatrixText']) assert.equal(typeof (viz as Record<string, unknown>)[name], 'function', name);
});
