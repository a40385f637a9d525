/** The artwork classifier end to end on a tiny synthetic folder: train, run folder, predict, evaluate. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ArgumentError, callbacks, memory, resolveModelFolder, type Tensor } from '../../src/index.js';
import {
  CURVE_FILES, classifierFromConfig, classMetrics, confusionMatrix, defaultClassifier, evaluateClassifier, loadClassifierRun, predictImages,
  splitDataset, openClassifierData, trainClassifier, type TrainClassifierResult,
} from '../../src/art/classify/index.js';
import { readImage } from '../../src/io/index.js';
import { writeStripesFolder } from './helpers/synthetic.js';
import { tempDir } from '../helpers/temp-dir.js';
import { settleGc } from '../helpers/gc.js';

const root = tempDir('classify');
const stripes = await writeStripesFolder(join(root, 'stripes'), 20, 16, 0);
const quiet = { verbose: 0 as const, onWarning: () => {} };
const small = { imageSize: 16, filters: [8, 16], batchSize: 8, learningRate: 0.01, ...quiet };
let trained: TrainClassifierResult;

test('trainClassifier learns stripes orientation well above chance and writes the run folder', async () => {
  trained = await trainClassifier(stripes, { ...small, outDir: join(root, 'run'), epochs: 8, patience: 8 });
  assert.deepEqual(trained.classNames, ['horizontal', 'vertical']);
  assert.equal(trained.trainCount, 32);
  assert.equal(trained.validationCount, 8, '20% of each class held out');
  assert.ok(trained.validationAccuracy >= 0.85, `validation accuracy ${trained.validationAccuracy}`);
  const files = readdirSync(trained.runDir);
  for (const f of ['history.json', ...CURVE_FILES]) assert.ok(files.includes(f), f);
  const modelSnapshots = files.filter((f) => /^model-\d{6}$/.test(f));
  const checkpoints = files.filter((f) => /^checkpoint-\d{6}$/.test(f));
  assert.equal(modelSnapshots.length, 1, `one model snapshot in ${files.join(', ')}`);
  assert.deepEqual(checkpoints, ['checkpoint-000008'], 'one checkpoint per epoch, older ones pruned');
  const best = join(trained.runDir, modelSnapshots[0]!);
  assert.deepEqual(readdirSync(best).sort(), ['classes.json', 'classifier.json', 'model.json', 'weights.safetensors']);
  assert.deepEqual(readdirSync(join(trained.runDir, checkpoints[0]!)).sort(), ['callbacks.safetensors', 'model.json', 'optimizer.safetensors', 'training.json', 'weights.safetensors']);
  assert.deepEqual(JSON.parse(readFileSync(join(best, 'classes.json'), 'utf8')), ['horizontal', 'vertical']);
  assert.equal((JSON.parse(readFileSync(join(best, 'classifier.json'), 'utf8')) as { bestEpoch: number }).bestEpoch, trained.bestEpoch, 'the snapshot records its own epoch');
  const history = JSON.parse(readFileSync(join(trained.runDir, 'history.json'), 'utf8')) as { epoch: number[]; history: Record<string, number[]>; epochSeconds: number[]; bestEpoch: number };
  assert.deepEqual(history.epoch, [0, 1, 2, 3, 4, 5, 6, 7]);
  assert.equal(history.epochSeconds.length, 8);
  assert.deepEqual(Object.keys(history.history).sort(), ['accuracy', 'loss', 'val_accuracy', 'val_loss']);
  const valLoss = history.history.val_loss!;
  assert.equal(history.bestEpoch, valLoss.indexOf(Math.min(...valLoss)), 'the best epoch has the lowest validation loss');
  assert.equal(trained.validationAccuracy, history.history.val_accuracy![history.bestEpoch]);
  const svg = readFileSync(join(trained.runDir, 'curves-loss.svg'), 'utf8');
  assert.match(svg, /train loss/);
  assert.match(svg, /validation loss/);
  assert.deepEqual((await readImage(join(trained.runDir, 'curves-accuracy.png'))).shape, [400, 640, 3]);
});

test('the run folder holds the best checkpoint: it reloads and scores its validation split as training reported', async () => {
  const run = await loadClassifierRun(trained.runDir);
  assert.deepEqual(run.info.imageSize, [16, 16]);
  assert.equal(run.info.layout, 'split');
  const evaluation = await evaluateClassifier(run, stripes);
  assert.equal(evaluation.subset, 'validation-split');
  assert.equal(evaluation.count, 8);
  assert.equal(evaluation.accuracy, trained.validationAccuracy, 'same model, same images');
  const correct = evaluation.confusion.reduce((s, row, i) => s + row[i]!, 0);
  assert.equal(correct / evaluation.count, evaluation.accuracy);
  assert.ok(existsSync(evaluation.files.confusionMatrix));
  assert.ok(existsSync(evaluation.files.report));
  assert.equal(evaluation.misclassified.length, evaluation.count - correct);
  assert.equal(evaluation.files.misclassifiedSheet !== null, evaluation.misclassified.length > 0);
});

test('predictImages lists the top classes, most probable first; the model gets the orientation right', async () => {
  const images = ['horizontal', 'vertical'].flatMap((c) => [0, 1, 2, 3].map((i) => join(stripes, c, `${c}_${String(i).padStart(2, '0')}.png`)));
  const predictions = await predictImages(trained.runDir, images, { topK: 5 });
  assert.equal(predictions.length, 8);
  for (const p of predictions) {
    assert.equal(p.top.length, 2, 'topK is capped at the number of classes');
    assert.ok(p.top[0]!.probability >= p.top[1]!.probability);
    assert.ok(Math.abs(p.top[0]!.probability + p.top[1]!.probability - 1) < 1e-5);
  }
  const right = predictions.filter((p) => p.file.includes(`/${p.top[0]!.className}/`)).length;
  assert.ok(right >= 7, `${right}/8 right`);
  const [one] = await predictImages(trained.runDir, [images[0]!], { topK: 1 });
  assert.deepEqual(one!.top, [predictions[0]!.top[0]]);
  await assert.rejects(predictImages(trained.runDir, [join(root, 'missing.png')]), /predictImages: image .*missing\.png does not exist/);
});

test('evaluateClassifier on another folder uses all its images; swapped labels give a contact sheet of the mistakes', async () => {
  const swapped = join(root, 'swapped');
  const fresh = await writeStripesFolder(join(root, 'fresh'), 4, 16, 5);
  for (const [from, to] of [['horizontal', 'vertical'], ['vertical', 'horizontal']] as const) {
    mkdirSync(join(swapped, to), { recursive: true });
    for (const f of readdirSync(join(fresh, from))) copyFileSync(join(fresh, from, f), join(swapped, to, f));
  }
  const good = await evaluateClassifier(trained.runDir, fresh, { outDir: join(root, 'eval-fresh') });
  assert.equal(good.subset, 'all');
  assert.equal(good.count, 8);
  const bad = await evaluateClassifier(trained.runDir, swapped, { outDir: join(root, 'eval-swapped') });
  assert.equal(bad.accuracy, 1 - good.accuracy, 'swapping the labels turns every right answer wrong');
  assert.ok(bad.misclassified.length >= 6);
  assert.equal(bad.files.misclassifiedSheet, join(root, 'eval-swapped', 'misclassified.png'));
  assert.ok(existsSync(bad.files.misclassifiedSheet));
  const report = JSON.parse(readFileSync(bad.files.report, 'utf8')) as { accuracy: number; perClass: unknown[] };
  assert.equal(report.accuracy, bad.accuracy);
  assert.equal(report.perClass.length, 2);
});

test('predicting and evaluating release their tensors', async () => {
  const run = await loadClassifierRun(trained.runDir);
  const images = [join(stripes, 'vertical', 'vertical_00.png'), join(stripes, 'horizontal', 'horizontal_00.png')];
  await predictImages(run, images);
  await evaluateClassifier(run, stripes, { outDir: join(root, 'eval-memory') });
  await settleGc();
  const before = memory();
  await predictImages(run, images);
  await evaluateClassifier(run, stripes, { outDir: join(root, 'eval-memory'), subset: 'all' });
  assert.deepEqual(memory(), before);
});

test('a folder with train/ and val/ is split by its folders, and val/ may lack a class', async () => {
  const tv = join(root, 'trainval');
  await writeStripesFolder(join(tv, 'train'), 6, 16, 1);
  await writeStripesFolder(join(tv, 'val'), 2, 16, 2);
  const data = await openClassifierData(tv, { imageSize: [16, 16] });
  assert.equal(data.layout, 'train-val');
  assert.equal(data.train.split.size, 12);
  assert.equal(data.validation!.split.size, 4);
  const onlyVertical = join(root, 'trainval-partial');
  await writeStripesFolder(join(onlyVertical, 'train'), 4, 16, 1);
  await writeStripesFolder(join(onlyVertical, 'vtmp'), 2, 16, 2);
  mkdirSync(join(onlyVertical, 'val', 'vertical'), { recursive: true });
  for (const f of readdirSync(join(onlyVertical, 'vtmp', 'vertical'))) copyFileSync(join(onlyVertical, 'vtmp', 'vertical', f), join(onlyVertical, 'val', 'vertical', f));
  const partial = await openClassifierData(onlyVertical, { imageSize: [16, 16] });
  assert.deepEqual(partial.validation!.labelMap, [1], "val's only class maps to the classifier's index of 'vertical'");
  const labels: number[] = [];
  for await (const { y } of splitDataset(partial.validation!, { batchSize: 4 })) labels.push(...y.data());
  assert.deepEqual(labels, [1, 1]);
  const result = await trainClassifier(onlyVertical, { ...small, outDir: join(root, 'run-tv'), epochs: 1 });
  assert.equal(result.validationCount, 2);
  const info = JSON.parse(readFileSync(join(resolveModelFolder(result.runDir), 'classifier.json'), 'utf8')) as { layout: string; validationCounts: number[] };
  assert.equal(info.layout, 'train-val');
  assert.deepEqual(info.validationCounts, [0, 2]);
  const e = await evaluateClassifier(result.runDir, onlyVertical);
  assert.equal(e.subset, 'val-folder');
  assert.equal(e.count, 2);

  mkdirSync(join(onlyVertical, 'val', 'diagonal'));
  copyFileSync(join(onlyVertical, 'val', 'vertical', 'vertical_00.png'), join(onlyVertical, 'val', 'diagonal', 'd.png'));
  await assert.rejects(openClassifierData(onlyVertical, { imageSize: [16, 16] }), /val\/diagonal is a class the classifier does not know \(it knows horizontal, vertical\)/);
});

test('seeded: the same seed trains the same model, augmentation included', async () => {
  const a = await trainClassifier(stripes, { ...small, outDir: join(root, 'seed-a'), epochs: 2, seed: 3 });
  const b = await trainClassifier(stripes, { ...small, outDir: join(root, 'seed-b'), epochs: 2, seed: 3 });
  assert.deepEqual(a.history.history, b.history.history);
  const wa = a.model.getWeights().map((t: Tensor) => Array.from(t.data()));
  const wb = b.model.getWeights().map((t: Tensor) => Array.from(t.data()));
  assert.deepEqual(wa, wb);
});

test('a custom architecture from a layer-config list (as model.json stores them)', async () => {
  const reference = defaultClassifier({ imageSize: [16, 16], numClasses: 2, filters: [4] });
  const path = join(root, 'arch.json');
  writeFileSync(path, JSON.stringify(reference.getConfig().layers));
  const model = await classifierFromConfig(path, { imageSize: [16, 16], numClasses: 2 });
  assert.deepEqual(model.layers.map((l) => l.className), ['Conv2D', 'BatchNormalization', 'ReLU', 'MaxPooling2D', 'GlobalAveragePooling2D', 'Dropout', 'Dense']);
  const result = await trainClassifier(stripes, { ...small, outDir: join(root, 'run-custom'), epochs: 1, model: path });
  assert.equal(result.model.countParams(), reference.countParams());
  const wrongHead = JSON.stringify([...(reference.getConfig().layers as object[]).slice(0, -1), { className: 'Dense', config: { units: 3, activation: 'softmax' } }]);
  writeFileSync(path, wrongHead);
  await assert.rejects(classifierFromConfig(path, { imageSize: [16, 16], numClasses: 2 }), /arch\.json outputs \[null,3\], expected \[null,2\]/);
  writeFileSync(path, '{"layers": 3}');
  await assert.rejects(classifierFromConfig(path, { imageSize: [16, 16], numClasses: 2 }), /must be a list of \{ className, config \} layer configs/);
  await assert.rejects(classifierFromConfig(join(root, 'none.json'), { imageSize: [16, 16], numClasses: 2 }), /model config .*none\.json does not exist/);
});

test('user errors name the path: missing folders, one-image classes, empty classes, runs without a model, existing runs', async () => {
  await assert.rejects(trainClassifier(join(root, 'nowhere'), { ...small, outDir: join(root, 'x') }), (e: Error) => e instanceof ArgumentError && /trainClassifier: data folder .*nowhere does not exist/.test(e.message));
  const lonely = join(root, 'lonely');
  await writeStripesFolder(lonely, 3, 16, 0);
  mkdirSync(join(lonely, 'single'));
  copyFileSync(join(lonely, 'vertical', 'vertical_00.png'), join(lonely, 'single', 'one.png'));
  await assert.rejects(trainClassifier(lonely, { ...small, outDir: join(root, 'x') }), /class folder .*lonely\/single holds a single readable image; each class needs at least 2/);
  mkdirSync(join(lonely, 'empty'));
  await assert.rejects(trainClassifier(lonely, { ...small, outDir: join(root, 'x') }), /class 'empty' \(.*lonely\/empty\) has no files; every class needs at least one image that decodes/);
  await assert.rejects(loadClassifierRun(root), new RegExp(`${root} holds no model yet — train one with 'atelier classify train'`));
  await assert.rejects(trainClassifier(stripes, { ...small, outDir: trained.runDir }), /already holds a run; choose another run folder, continue it \(--resume\) or replace it \(--overwrite\)/);
});

test('metrics: confusion matrix, precision, recall and F1 against hand counts', () => {
  const m = confusionMatrix([0, 0, 0, 1, 1, 2], [0, 0, 1, 1, 2, 2], 3);
  assert.deepEqual(m, [[2, 1, 0], [0, 1, 1], [0, 0, 1]]);
  const [a, b, c] = classMetrics(m, ['a', 'b', 'c']);
  assert.deepEqual([a!.precision, a!.recall, a!.support], [1, 2 / 3, 3]);
  assert.ok(Math.abs(a!.f1 - 0.8) < 1e-12);
  assert.deepEqual([b!.precision, b!.recall, b!.f1], [0.5, 0.5, 0.5]);
  assert.deepEqual([c!.precision, c!.recall], [0.5, 1]);
  const none = classMetrics([[0, 1], [0, 1]], ['x', 'y'])[0]!;
  assert.deepEqual([none.precision, none.recall, none.f1], [0, 0, 0], 'zero division gives 0, as scikit-learn');
  assert.throws(() => confusionMatrix([0, 3], [0, 0], 2), /pair 1 \(3, 0\) is outside 0\.\.1/);
});

test('atelier/art/classify and atelier/art/explain resolve through the package exports', async () => {
  const classify = (await import('atelier/art/classify')) as Record<string, unknown>;
  const explainModule = (await import('atelier/art/explain')) as Record<string, unknown>;
  for (const name of ['trainClassifier', 'predictImages', 'evaluateClassifier', 'defaultClassifier', 'classifierFromConfig']) assert.equal(typeof classify[name], 'function', name);
  for (const name of ['explain', 'saliency', 'smoothGrad', 'integratedGradients', 'gradCam', 'occlusion', 'writeExplanation']) assert.equal(typeof explainModule[name], 'function', name);
});

test('a run stopped after some epochs and resumed ends with the same weights as an uninterrupted run', async () => {
  const settings = { ...small, epochs: 4, patience: 10 };
  const straight = await trainClassifier(stripes, { ...settings, outDir: join(root, 'straight') });
  const stopped = join(root, 'stopped');
  await trainClassifier(stripes, { ...settings, epochs: 2, outDir: stopped });
  const resumed = await trainClassifier(stripes, { epochs: 4, verbose: 0, outDir: stopped, resume: true });
  assert.equal(resumed.initialEpoch, 2);
  const last = (dir: string) => callbacks.readTrainingCheckpoint(dir)!;
  const [a, b] = [last(join(root, 'straight')), last(stopped)];
  assert.equal(b.state.epochsCompleted, 4);
  a.model.weights.forEach((w, i) => assert.deepEqual(Buffer.from(b.model.weights[i]!.data().buffer), Buffer.from(w.data().buffer), `${w.name} is bit-identical`));
  assert.deepEqual(b.state.history.history.val_loss, a.state.history.history.val_loss);
  assert.deepEqual(resumed.history.history.loss, straight.history.history.loss, 'history.json covers every epoch');
  assert.equal(resumed.bestEpoch, straight.bestEpoch);
  // A finished run has nothing left to resume; a mismatched setting is refused.
  const again = await trainClassifier(stripes, { epochs: 4, verbose: 0, outDir: stopped, resume: true });
  assert.equal(again.history.epoch.length, 4);
  await assert.rejects(trainClassifier(stripes, { epochs: 6, imageSize: 32, verbose: 0, outDir: stopped, resume: true }), /cannot resume .*stopped with imageSize 32x32: the run was trained with 16x16/);
  await assert.rejects(trainClassifier(stripes, { ...small, outDir: join(root, 'never'), resume: true }), /holds no training checkpoint to resume from/);
});
