/** The dataset and classify commands: their action functions end to end, and user errors as one line with exit code 1. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { runDatasetPatches } from '../../src/cli/commands/dataset.js';
import { runClassifyTrain } from '../../src/cli/commands/classify/train.js';
import { runClassifyPredict } from '../../src/cli/commands/classify/predict.js';
import { runClassifyEvaluate } from '../../src/cli/commands/classify/evaluate.js';
import { runClassifyExplain } from '../../src/cli/commands/classify/explain.js';
import { shippedPaintingsDir } from '../../src/art/assets.js';
import { readImage } from '../../src/io/index.js';
import { Random, resolveModelFolder } from '../../src/index.js';
import { stripes, writeStripesFolder } from '../art/helpers/synthetic.js';
import { tempDir } from '../helpers/temp-dir.js';
import { Capture } from './helpers/capture.js';
import { atelier } from './helpers/run-cli.js';

const root = tempDir('cli-classify');
const stripesDir = await writeStripesFolder(join(root, 'stripes'), 12, 16, 0);
const run = join(root, 'run');
const image = join(stripesDir, 'vertical', 'vertical_01.png');

test('classify train: progress, summary, best epoch and the run folder', async () => {
  const out = new Capture();
  const result = await runClassifyTrain(stripesDir, { out: run, epochs: 2, batchSize: 8, imageSize: 16, seed: 0, patience: 5 }, out);
  assert.match(out.text, /^Data: .*stripes \(stratified split, 20% held out, seed 0\), 2 classes, 20 training and 4 validation images at 16×16\n/);
  assert.match(out.text, /conv1 \(Conv2D\)\s+\[null,16,16,32\]/);
  assert.match(out.text, /Epoch 2\/2 - 3\/3 - .* - val_loss: \d\.\d{4} - val_accuracy: \d\.\d{4}\n/);
  assert.match(out.text, /Best epoch [12] \(val_loss \d\.\d{4}\), validation accuracy \d+\.\d%; epochs took \d+\.\ds, \d+\.\ds\n/);
  assert.equal(result.history.epochSeconds.length, 2);
  assert.ok(existsSync(join(resolveModelFolder(run), 'model.json')));
  const json = new Capture();
  await runClassifyTrain(stripesDir, { out: join(root, 'run-json'), epochs: 1, batchSize: 8, imageSize: 16, json: true }, json);
  const parsed = JSON.parse(json.text) as { classNames: string[]; epochSeconds: number[] };
  assert.deepEqual(parsed.classNames, ['horizontal', 'vertical']);
  assert.equal(parsed.epochSeconds.length, 1);
});

test('classify predict: top-k per image, as text or JSON', async () => {
  const out = new Capture();
  await runClassifyPredict(run, [image, join(stripesDir, 'horizontal', 'horizontal_00.png')], { topK: 2 }, out);
  const lines = out.text.trimEnd().split('\n');
  assert.equal(lines.length, 6);
  assert.equal(lines[0], image);
  assert.match(lines[1]!, /^ {2}1\. (horizontal|vertical) +\d+\.\d%$/);
  const json = new Capture();
  await runClassifyPredict(run, [image], { topK: 1, json: true }, json);
  const [p] = JSON.parse(json.text) as { file: string; top: { className: string; probability: number }[] }[];
  assert.equal(p!.top.length, 1);
  assert.equal(p!.top[0]!.className, lines[1]!.trim().split(/\s+/)[1]);
});

test('classify evaluate: accuracy, per-class table, confusion matrix; pictures written', async () => {
  const out = new Capture();
  const e = await runClassifyEvaluate(run, stripesDir, {}, out);
  assert.ok(out.text.startsWith(`Accuracy ${(e.accuracy * 100).toFixed(2)}% on 4 images`));
  assert.match(out.text, /^Accuracy \d+\.\d\d% on 4 images \(validation split of the training folder of .*stripes\)\n/);
  assert.match(out.text, /class +precision +recall +f1 +support\nhorizontal +\d+\.\d% +\d+\.\d% +\d+\.\d% +2\n/);
  assert.match(out.text, /true \\ predicted {2}horizontal {2}vertical {2}recall\n/);
  assert.match(out.text, /accuracy \d\/4 = /);
  assert.ok(existsSync(join(run, 'evaluation', 'confusion-matrix.png')));
  const all = new Capture();
  const every = await runClassifyEvaluate(run, stripesDir, { all: true, json: true, out: join(root, 'eval-all') }, all);
  assert.equal(every.count, 24);
  assert.equal((JSON.parse(all.text) as { count: number }).count, 24);
});

test('classify explain: every method writes an overlay at display size and the raw map as JSON', async () => {
  for (const method of ['gradcam', 'saliency', 'smoothgrad', 'integrated-gradients', 'occlusion'] as const) {
    const out = new Capture();
    const png = join(root, `heat-${method}.png`);
    const r = await runClassifyExplain(run, image, { method, out: png, class: 'vertical', alpha: 0.4, colormap: 'inferno', steps: 8, samples: 3 }, out);
    assert.equal(r.className, 'vertical');
    assert.equal(r.classIndex, 1);
    assert.match(out.text, new RegExp(`^${method} for class 'vertical' \\(probability \\d\\.\\d{4}\\)`));
    assert.deepEqual((await readImage(png)).shape, [256, 256, 3], 'the 16×16 input is shown at 256×256');
    const saved = JSON.parse(readFileSync(join(root, `heat-${method}.json`), 'utf8')) as { method: string; shape: number[]; map: number[][] };
    assert.equal(saved.method, method);
    assert.deepEqual(saved.shape, method === 'gradcam' ? [2, 2] : [16, 16], 'gradcam at pool3 of 16×16 is 2×2');
  }
  const json = new Capture();
  const r = await runClassifyExplain(run, image, { method: 'saliency', out: join(root, 'h.png'), logits: true, json: true }, json);
  assert.equal((JSON.parse(json.text) as { scoreKind: string }).scoreKind, 'logit');
  assert.equal(r.scoreKind, 'logit');
});

test('dataset patches: cuts a leakage-free split from a paintings folder and prints a per-class summary', async () => {
  const paintings = join(root, 'paintings');
  mkdirSync(paintings);
  const rng = new Random(1);
  for (const name of ['ada_lovelace_one.png', 'ada_lovelace_two.png', 'bob_ross_only.png']) {
    await sharp(stripes(160, name.startsWith('ada') ? 'horizontal' : 'vertical', rng), { raw: { width: 160, height: 160, channels: 3 } }).png().toFile(join(paintings, name));
  }
  const out = new Capture();
  const patches = join(root, 'patches');
  const manifest = await runDatasetPatches(paintings, patches, { size: 32, perImage: 5, valPerImage: 3, seed: 0 }, out);
  assert.deepEqual(manifest.classes, ['ada_lovelace', 'bob_ross']);
  assert.match(out.text, /ada_lovelace +5 +3 +last of 2 paintings held out\n/);
  assert.match(out.text, /bob_ross +5 +3 +one painting: left 75% train, right 25% val\n/);
  assert.deepEqual(readdirSync(join(patches, 'val')).sort(), ['ada_lovelace', 'bob_ross']);
  assert.ok(readdirSync(shippedPaintingsDir()).includes('vincent_van_gogh_the_starry_night.jpg'), 'the default images folder is the shipped one');
  const again = await atelier('dataset', 'patches', paintings, patches);
  assert.equal(again.code, 1);
  assert.match(again.stderr, /^atelier: cutPatches: '.*patches' already has train, val, manifest\.json; pass overwrite: true to replace them\n$/);
});

test('user errors print one line "atelier: <message>" naming the path, exit code 1, no stack trace', async () => {
  const cases: [string[], RegExp][] = [
    [['classify', 'predict', join(root, 'no-run'), image], /^atelier: classify predict: run folder .*no-run does not exist\n$/],
    [['classify', 'predict', stripesDir, image], new RegExp(`^atelier: classify predict: ${stripesDir} holds no model yet — train one with 'atelier classify train'\\n$`)],
    [['classify', 'predict', run, join(root, 'nope.png')], /^atelier: classify predict: .*nope\.png: does not exist\n$/],
    [['classify', 'train', join(root, 'nowhere'), '-o', join(root, 'r1')], /^atelier: classify train: data folder .*nowhere does not exist\n$/],
    [['classify', 'evaluate', run, join(root, 'nowhere')], /^atelier: classify evaluate: data folder .*nowhere does not exist\n$/],
    [['classify', 'explain', run, image, '-o', join(root, 'x.png'), '--class', 'cubism'], /^atelier: classify explain: unknown class 'cubism'; the classes of .* are horizontal, vertical\n$/],
    [['dataset', 'patches', join(root, 'no-paintings'), join(root, 'p2')], /^atelier: dataset patches: images folder .*no-paintings does not exist\n$/],
  ];
  for (const [args, expected] of cases) {
    const { stderr, code } = await atelier(...args);
    assert.equal(code, 1, args.join(' '));
    assert.match(stderr, expected);
  }
  const empty = join(root, 'empty');
  mkdirSync(empty);
  const r = await atelier('classify', 'train', empty, '-o', join(root, 'r2'));
  assert.match(r.stderr, /^atelier: ImageFolderDataset\.create: '.*empty' has no class sub-folders; expected .*<class name>.*\n$/);
  const single = join(root, 'single');
  await writeStripesFolder(single, 1, 16, 3);
  const s = await atelier('classify', 'train', single, '-o', join(root, 'r3'));
  assert.match(s.stderr, /^atelier: classify train: class folder .*single\/horizontal, .*single\/vertical holds a single readable image; each class needs at least 2/);
});
