/** The CLI: the command registry, option parsing, and the MNIST example end to end on a few digits. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommanderError } from 'commander';
import { buildProgram } from '../../src/cli/program.js';
import { commands } from '../../src/cli/commands/index.js';
import { runMnistExample, runTimestamp } from '../../src/cli/examples/mnist.js';
import { loadMnist, loadModel } from '../../src/index.js';
import { Capture } from './helpers/capture.js';

test('the registry lists example, demo, parity, dataset, classify, gan, text, texture, stylize, style, serve and studio, and options are validated with the option named', () => {
  assert.deepEqual(commands.map((c) => c.name), ['example', 'demo', 'parity', 'dataset', 'classify', 'gan', 'text', 'texture', 'stylize', 'style', 'serve', 'studio']);
  const program = buildProgram().exitOverride().configureOutput({ writeErr: () => {}, writeOut: () => {} });
  program.commands.find((c) => c.name() === 'example')!.commands.forEach((c) => c.exitOverride().configureOutput({ writeErr: () => {}, writeOut: () => {} }));
  assert.throws(() => program.parse(['node', 'atelier', 'example', 'mnist', '--epochs', '0']), (e: Error) => e instanceof CommanderError && /--epochs <n>.*expected an integer >= 1, got '0'/.test(e.message));
  assert.throws(() => program.parse(['node', 'atelier', 'example', 'mnist', '--batch-size', 'x']), /expected an integer >= 1, got 'x'/);
});

test('runTimestamp gives folder-safe names', () => {
  assert.equal(runTimestamp(new Date('2026-11-26T21:05:33.123Z')), '2026-11-26T21-05-33');
});

test('the MNIST example trains, reports test accuracy, and saves a model that reloads with the same accuracy', async () => {
  const out = join(mkdtempSync(join(tmpdir(), 'atelier-cli-')), 'run');
  const stream = new Capture();
  const result = await runMnistExample({ epochs: 1, trainSize: 200, testSize: 100, seed: 0, out }, stream);
  assert.match(stream.text, /^Loading MNIST from the mnist package: 200 training and 100 test digits \(seed 0\)\n/);
  assert.match(stream.text, /conv2d(_\d+)? \(Conv2D\)\s+\[null,26,26,32\]\s+320\n/);
  assert.match(stream.text, /dense(_\d+)? \(Dense\)\s+\[null,10\]\s+216,330\n/);
  assert.match(stream.text, /Epoch 1\/1 - 7\/7 - \d+s \d+m?s\/step - loss: \d\.\d{4} - accuracy: \d\.\d{4}\n/);
  assert.match(stream.text, new RegExp(`Test accuracy: ${(result.testAccuracy * 100).toFixed(2)}% \\(loss \\d\\.\\d{4}\\) on 100 held-out digits`));
  assert.deepEqual(readdirSync(out).sort(), ['checkpoint-000001', 'history.csv', 'model-000001']);
  assert.equal(readFileSync(join(out, 'history.csv'), 'utf8').split('\n')[0], 'epoch,accuracy,loss');
  const { xTest, yTest } = await loadMnist({ trainSize: 200, testSize: 100, seed: 0 });
  const reloaded = loadModel(out);
  const { accuracy } = await reloaded.evaluate(xTest, yTest, { batchSize: 256 });
  assert.equal(accuracy, result.testAccuracy);
  const json = new Capture();
  await runMnistExample({ epochs: 1, trainSize: 64, testSize: 32, out: `${out}-json`, json: true }, json);
  const parsed = JSON.parse(json.text) as { testAccuracy: number; history: { loss: number[] } };
  assert.equal(typeof parsed.testAccuracy, 'number');
  assert.equal(parsed.history.loss.length, 1);
});

test('the MNIST example resumes a run from its checkpoint: the history continues and the weights match an uninterrupted run', async () => {
  const base = mkdtempSync(join(tmpdir(), 'atelier-cli-resume-'));
  const quiet = new Capture();
  const straight = await runMnistExample({ epochs: 2, trainSize: 96, testSize: 32, seed: 1, out: join(base, 'straight'), json: true }, quiet);
  await runMnistExample({ epochs: 1, trainSize: 96, testSize: 32, seed: 1, out: join(base, 'resumed'), json: true }, quiet);
  const text = new Capture();
  const resumed = await runMnistExample({ epochs: 2, out: join(base, 'resumed'), resume: true }, text);
  assert.match(text.text, /Resuming .*resumed at epoch 2\/2 from checkpoint-000001/);
  assert.deepEqual(resumed.history.loss, straight.history.loss);
  assert.equal(resumed.testAccuracy, straight.testAccuracy);
  assert.equal(readFileSync(join(base, 'resumed', 'history.csv'), 'utf8').trim().split('\n').length, 3, 'header and two epochs');
  await assert.rejects(runMnistExample({ resume: true }), /--resume needs --out <dir>/);
  await assert.rejects(runMnistExample({ resume: true, out: join(base, 'none') }), /holds no training checkpoint to resume from/);
});
