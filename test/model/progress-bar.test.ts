/** The progress bar: Keras' look on a terminal, one line per epoch elsewhere, nothing at verbose 0. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { layers, Sequential, callbacks, optimizers } from '../../src/index.js';
import { blobs } from './helpers/data.js';

/** A writable that records what it is given; `isTTY` decides which display the bar picks. */
class FakeStream {
  text = '';
  columns = 200;
  constructor(readonly isTTY: boolean) {}
  write(s: string): boolean {
    this.text += s;
    return true;
  }
}

/** A clock that advances 12 ms per reading. */
function fakeClock(stepMs = 12): () => number {
  let t = 0;
  return () => (t += stepMs);
}

/**
 * What a terminal would show: moving the cursor to column 1 (how the bar redraws its line) starts the
 * line over; other escape sequences (clear to the right, cursor save/restore, wrapping) draw nothing.
 */
function screen(s: string): string {
  return s
    // eslint-disable-next-line no-control-regex
    .replace(/\x1b\[1G/g, '\r')
    // eslint-disable-next-line no-control-regex
    .replace(/\x1b\[[0-9;?]*[A-Za-z]|\x1b[78]/g, '')
    .split('\n')
    .map((line) => line.slice(line.lastIndexOf('\r') + 1))
    .join('\n');
}

function classifier() {
  const model = new Sequential({ seed: 0, layers: [layers.dense({ units: 3, inputShape: [2], activation: 'softmax' })] });
  model.compile({ optimizer: new optimizers.SGD({ learningRate: 0.1 }), loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
  return model;
}

test('on a terminal: Epoch i/n, then the Keras bar line with time per step, loss and metrics', async () => {
  const { x, y } = blobs(250);
  const stream = new FakeStream(true);
  const bar = new callbacks.ProgressBar({ stream, now: fakeClock() });
  await classifier().fit(x, y, { epochs: 2, batchSize: 10, callbacks: [bar] });
  const text = screen(stream.text);
  assert.match(text, /^Epoch 1\/2\n/);
  assert.match(text, /\nEpoch 2\/2\n/);
  const finals = text.split('\n').filter((l) => /^25\/25 \[=+\] - \d+s/.test(l));
  assert.equal(finals.length, 2, text);
  assert.match(finals[0]!, /^25\/25 \[==============================\] - 0s 1\dms\/step - loss: \d\.\d{4} - accuracy: \d\.\d{4}$/);
});

test('while running, the line shows the bar, ETA and steps per second', () => {
  const stream = new FakeStream(true);
  let now = 0;
  const bar = new callbacks.ProgressBar({ stream, now: () => now });
  bar.setParams({ epochs: 3, initialEpoch: 0, steps: 250, samples: 8000, verbose: 1 });
  bar.onTrainBegin();
  bar.onEpochBegin(0);
  now = 1000;
  bar.onBatchEnd(99, { loss: 0.5, accuracy: 0.75 });
  const line = (bar as unknown as { text: string }).text;
  assert.equal(line, '100/250 [===========>..................] - ETA: 2s - 100 steps/s - loss: 0.5000 - accuracy: 0.7500');
  bar.onTrainEnd();
});

test('to a stream that is not a terminal, and at verbose 2, one line per epoch', async () => {
  const { x, y } = blobs(40);
  for (const [stream, verbose] of [[new FakeStream(false), 1], [new FakeStream(true), 2]] as const) {
    const bar = new callbacks.ProgressBar({ stream, now: fakeClock(500), verbose });
    await classifier().fit(x, y, { epochs: 3, batchSize: 20, callbacks: [bar], validationSplit: 0.5 });
    const lines = stream.text.trimEnd().split('\n');
    assert.equal(lines.length, 3, stream.text);
    assert.match(lines[0]!, /^Epoch 1\/3 - 1\/1 - \d+s \d+(ms|s)\/step - loss: \d\.\d{4} - accuracy: \d\.\d{4} - val_loss: \d\.\d{4} - val_accuracy: \d\.\d{4}$/);
    // eslint-disable-next-line no-control-regex
    assert.doesNotMatch(stream.text, /\x1b/);
  }
});

test('verbose 0 prints nothing; an unknown number of steps shows as Unknown', async () => {
  const stream = new FakeStream(true);
  const bar = new callbacks.ProgressBar({ stream, now: fakeClock() });
  bar.setParams({ epochs: 1, initialEpoch: 0, steps: null, samples: null, verbose: 0 });
  bar.onTrainBegin();
  bar.onEpochBegin(0);
  bar.onBatchEnd(0, { loss: 1 });
  bar.onEpochEnd(0, { loss: 1 });
  assert.equal(stream.text, '');
  const live = new callbacks.ProgressBar({ stream, now: fakeClock(), verbose: 1 });
  live.setParams({ epochs: 1, initialEpoch: 0, steps: null, samples: null, verbose: 1 });
  live.onTrainBegin();
  live.onEpochBegin(0);
  live.onBatchEnd(4, { loss: 1 });
  assert.match((live as unknown as { text: string }).text, /^ {6}5\/Unknown - \d+(\.\d)? steps\/s - loss: 1\.0000$/);
  live.onEpochEnd(0, { loss: 1 });
  live.onTrainEnd();
});

test('formatting helpers follow Keras', () => {
  assert.equal(callbacks.formatBar(0, 10), `[${'.'.repeat(30)}]`);
  assert.equal(callbacks.formatBar(5, 10), `[${'='.repeat(14)}>${'.'.repeat(15)}]`);
  assert.equal(callbacks.formatBar(10, 10), `[${'='.repeat(30)}]`);
  assert.equal(callbacks.formatEta(42.4), '42s');
  assert.equal(callbacks.formatEta(125), '2:05');
  assert.equal(callbacks.formatEta(3723), '1:02:03');
  assert.equal(callbacks.formatPerStep(12.3), '12ms/step');
  assert.equal(callbacks.formatPerStep(2500), '3s/step');
  assert.equal(callbacks.formatPerStep(0.45), '450us/step');
  assert.equal(callbacks.formatLogValue(0.23456), '0.2346');
  assert.equal(callbacks.formatLogValue(0.00012345), '1.2345e-4');
  assert.equal(callbacks.formatLogs({ loss: 1, acc: 0.5 }), ' - loss: 1.0000 - acc: 0.5000');
});
