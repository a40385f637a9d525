import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { tensor } from '../../src/index.js';
import { lineChartSvg, niceTicks } from '../../src/viz/line-chart.js';
import { svgToPng } from '../../src/viz/svg.js';
import { contactSheet } from '../../src/viz/contact-sheet.js';
import { confusionMatrixPng, confusionMatrixSvg, confusionMatrixText } from '../../src/viz/confusion-matrix.js';
import { readImagePixels } from '../../src/io/image.js';
import { tempDir } from '../helpers/temp-dir.js';

const dir = tempDir('viz');

test('niceTicks picks 1-2-5 steps covering the range', () => {
  assert.deepEqual(niceTicks(0, 1, 5), { ticks: [0, 0.2, 0.4, 0.6, 0.8, 1], step: 0.2 });
  assert.deepEqual(niceTicks(1, 10, 8).ticks, [2, 4, 6, 8, 10]);
  assert.deepEqual(niceTicks(-3, 47, 5).step, 10);
});

test('lineChartSvg draws every series with axes, ticks, labels and a legend', async () => {
  const svg = lineChartSvg(
    [{ name: 'train loss', values: [2.3, 1.1, 0.7, 0.5] }, { name: 'val <loss>', values: [2.4, 1.3, Number.NaN, 0.9] }],
    { title: 'Loss & accuracy', xLabel: 'epoch', yLabel: 'cross-entropy' },
  );
  assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="640" height="400"/);
  assert.ok(svg.includes('>train loss</text>') && svg.includes('>val &lt;loss&gt;</text>'), 'legend names, escaped');
  assert.ok(svg.includes('Loss &amp; accuracy') && svg.includes('>epoch</text>') && svg.includes('>cross-entropy</text>'));
  assert.equal((svg.match(/<g class="series"/g) ?? []).length, 2);
  assert.equal((svg.match(/<polyline/g) ?? []).length, 1 + 1, 'the NaN breaks the second line: a 2-point run and a single point');
  assert.equal((svg.match(/<circle/g) ?? []).length, 4 + 3);
  for (const tick of ['>0.5</text>', '>1.0</text>', '>2.0</text>', '>1</text>', '>4</text>']) assert.ok(svg.includes(tick), `tick ${tick}`);
  const path = join(dir, 'chart.png');
  await svgToPng(svg, path);
  const png = await readImagePixels(path);
  assert.deepEqual([png.width, png.height], [640, 400]);
  const dark = countDark(png.data, 3);
  assert.ok(dark > 500, `lines, axes and text are drawn (${dark} dark pixels)`);
  assert.throws(() => lineChartSvg([]), /no series/);
});

test('contactSheet lays out images in a grid with captions and returns a PNG of the right size', async () => {
  const colours = [[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 0], [0, 1, 1]];
  const images = colours.map((c) => tensor(Float32Array.from({ length: 20 * 40 * 3 }, (_, i) => c[i % 3]!), [20, 40, 3]));
  const path = join(dir, 'sheet.png');
  const bytes = await contactSheet(images, ['red', 'green', 'blue', 'yellow', 'cyan'], { columns: 3, cellSize: 32, captionHeight: 16, gap: 4, path });
  const sheet = await readImagePixels(bytes);
  assert.deepEqual([sheet.width, sheet.height], [4 + 3 * 36, 4 + 2 * (32 + 16 + 4)]);
  const px = (x: number, y: number): number[] => Array.from(sheet.data.subarray((y * sheet.width + x) * 3, (y * sheet.width + x) * 3 + 3));
  // A 40×20 image fits the 32-pixel cell as 32×16, centred vertically.
  assert.deepEqual(px(4 + 16, 4 + 16), [255, 0, 0]);
  assert.deepEqual(px(4 + 36 + 16, 4 + 16), [0, 255, 0]);
  assert.deepEqual(px(4 + 16, 4 + 52 + 16), [255, 255, 0], 'fourth image starts the second row');
  assert.deepEqual(px(4 + 16, 4 + 2), [255, 255, 255], 'letterbox above the image');
  assert.deepEqual(px(4 + 72 + 16, 4 + 52 + 16), [255, 255, 255], 'no sixth image');
  const captionStrip = sheet.data.subarray(3 * sheet.width * (4 + 32), 3 * sheet.width * (4 + 32 + 16));
  assert.ok(countDark(captionStrip, 3) > 20, 'caption text is rendered under the first row');
  assert.deepEqual(await readImagePixels(path).then((p) => [p.width, p.height]), [sheet.width, sheet.height]);

  const batch = tensor(new Float32Array(2 * 8 * 8 * 1).fill(0.5), [2, 8, 8, 1]);
  const grey = await readImagePixels(await contactSheet(batch, [], { cellSize: 8, gap: 0 }));
  assert.deepEqual([grey.width, grey.height], [16, 8]);
  assert.deepEqual(Array.from(grey.data.subarray(0, 3)), [128, 128, 128]);
  await assert.rejects(contactSheet(images, ['only one']), /1 labels for 5 images/);
});

test('confusion matrix: shaded PNG with counts, and an aligned text table', async () => {
  const matrix = [[8, 2, 0], [1, 9, 0], [0, 3, 27]];
  const names = ['monet', 'turner', 'van_gogh'];
  const svg = confusionMatrixSvg(matrix, names);
  assert.ok(svg.includes('accuracy 88.0%'));
  for (const count of [8, 2, 9, 27]) assert.ok(svg.includes(`>${count}</text>`), `count ${count} written`);
  for (const name of names) assert.ok(svg.includes(`>${name}</text>`));
  const fill = (r: number, c: number): string => svg.match(new RegExp(`data-row="${r}" data-col="${c}"[^>]*fill="([^"]+)"`))![1]!;
  assert.equal(fill(0, 2), 'rgb(247,251,255)', 'empty cells are white');
  // 27/30 of the row: 0.9 of the way from (247,251,255) to (8,48,107).
  assert.equal(fill(2, 2), 'rgb(32,68,122)');

  const path = join(dir, 'cm.png');
  await confusionMatrixPng(matrix, names, path);
  const png = await readImagePixels(path);
  const width = Number(svg.match(/width="(\d+)"/)![1]);
  const height = Number(svg.match(/height="(\d+)"/)![1]);
  assert.deepEqual([png.width, png.height], [width, height]);

  assert.equal(confusionMatrixText(matrix, names), [
    'true \\ predicted  monet  turner  van_gogh  recall',
    'monet                 8       2         0   80.0%',
    'turner                1       9         0   90.0%',
    'van_gogh              0       3        27   90.0%',
    'accuracy 44/50 = 88.0%',
  ].join('\n'));
  assert.equal(confusionMatrixText(tensor([[1, 0], [0, 0]]), ['a', 'b']).split('\n')[2], 'b                 0  0       -');
  assert.throws(() => confusionMatrixText([[1, 2]], ['a', 'b']), /matrix is 1×2 but there are 2 class names; expected 2×2/);
});

function countDark(data: Uint8Array, channels: number): number {
  let n = 0;
  for (let i = 0; i < data.length; i += channels) if (data[i]! < 100 && data[i + 1]! < 100 && data[i + 2]! < 100) n++;
  return n;
}
