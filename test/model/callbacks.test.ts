/** Callbacks: hook order, EarlyStopping, ReduceLROnPlateau, LearningRateScheduler, ModelCheckpoint, loggers. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { layers, Sequential, Callback, callbacks, optimizers, tensor, type Logs } from '../../src/index.js';
import { linearProblem } from './helpers/data.js';

function regressor(lr = 0.1) {
  const model = new Sequential({ seed: 0, layers: [layers.dense({ units: 1, inputShape: [3] })] });
  model.compile({ optimizer: new optimizers.SGD({ learningRate: lr }), loss: 'mse' });
  return model;
}

/** Replays a scripted sequence of values as `val_loss`, so monitors see exactly what the test wants. */
class ScriptedValLoss extends Callback {
  constructor(private readonly values: number[]) {
    super();
  }
  override onEpochEnd(epoch: number, logs: Logs): void {
    logs.val_loss = this.values[epoch]!;
  }
}

test('hooks run in order, async hooks are awaited, and stopTraining ends fit', async () => {
  const events: string[] = [];
  class Recorder extends Callback {
    override onTrainBegin() { events.push(`train-begin ${this.params.epochs} ${this.params.steps}`); }
    override onEpochBegin(e: number) { events.push(`epoch-begin ${e}`); }
    override async onBatchEnd(b: number, logs: Logs) {
      await new Promise((r) => setTimeout(r, 1));
      events.push(`batch-end ${b} ${typeof logs.loss}`);
      if (b === 1) this.model!.stopTraining = true;
    }
    override onEpochEnd(e: number, logs: Logs) { events.push(`epoch-end ${e} ${Object.keys(logs).join(',')}`); }
    override onTrainEnd() { events.push('train-end'); }
  }
  const { x, y } = linearProblem(40);
  const history = await regressor().fit(x, y, { epochs: 3, batchSize: 10, verbose: 0, callbacks: [new Recorder()] });
  assert.deepEqual(events, ['train-begin 3 4', 'epoch-begin 0', 'batch-end 0 number', 'batch-end 1 number', 'epoch-end 0 loss', 'train-end']);
  assert.deepEqual(history.epoch, [0]);
});

test('EarlyStopping stops after patience epochs without improvement and restores the best weights', async () => {
  const { x, y } = linearProblem(20);
  const model = regressor();
  const snapshots: number[][] = [];
  class Snapshot extends Callback {
    override onEpochEnd() { snapshots.push([...this.model!.weights[0]!.data()]); }
  }
  const stopper = new callbacks.EarlyStopping({ monitor: 'val_loss', patience: 2, restoreBestWeights: true });
  const history = await model.fit(x, y, { epochs: 10, verbose: 0, callbacks: [new ScriptedValLoss([5, 3, 4, 3.5, 1, 0]), new Snapshot(), stopper] });
  assert.deepEqual(history.epoch, [0, 1, 2, 3]);
  assert.equal(stopper.stoppedEpoch, 3);
  assert.equal(stopper.bestEpoch, 1);
  assert.deepEqual([...model.weights[0]!.data()], snapshots[1], 'weights are those at the end of epoch 1');
});

test('EarlyStopping honours minDelta, mode and baseline', async () => {
  const { x, y } = linearProblem(10);
  const run = async (values: number[], options: ConstructorParameters<typeof callbacks.EarlyStopping>[0]) => {
    const stopper = new callbacks.EarlyStopping(options);
    const h = await regressor().fit(x, y, { epochs: values.length, verbose: 0, callbacks: [new ScriptedValLoss(values), stopper] });
    return h.epoch.length;
  };
  // Improvements smaller than minDelta do not count.
  assert.equal(await run([1, 0.99, 0.98, 0.97], { patience: 1, minDelta: 0.05 }), 2);
  // In max mode rising values are improvements.
  assert.equal(await run([1, 2, 3, 4], { patience: 1, mode: 'max' }), 4);
  // Until the baseline is beaten, improvements do not reset patience.
  assert.equal(await run([5, 6, 7, 8], { patience: 2 }), 3);
  assert.equal(await run([5, 6, 7, 8], { patience: 2, baseline: 0.5 }), 2);
  await assert.rejects(regressor().fit(x, y, { epochs: 1, verbose: 0, callbacks: [new callbacks.EarlyStopping({ monitor: 'val_accuracy' })] }), /monitored 'val_accuracy' is not in the logs \(validation values need validationData or validationSplit in fit\); available: loss/);
});

test('ReduceLROnPlateau multiplies the learning rate by factor after patience epochs, down to minLr', async () => {
  const { x, y } = linearProblem(10);
  const model = regressor(0.1);
  const reduce = new callbacks.ReduceLROnPlateau({ factor: 0.5, patience: 2, minLr: 0.02 });
  const history = await model.fit(x, y, { epochs: 8, verbose: 0, callbacks: [new ScriptedValLoss([1, 1, 1, 1, 1, 1, 1, 1]), reduce] });
  const lrs = history.history.learning_rate!;
  assert.deepEqual(lrs.map((v) => Number(v.toFixed(6))), [0.1, 0.1, 0.05, 0.05, 0.025, 0.025, 0.02, 0.02]);
  assert.equal(model.compiled!.optimizer.learningRate, 0.02);
});

test('LearningRateScheduler sets the learning rate from the epoch before each epoch', async () => {
  const { x, y } = linearProblem(10);
  const model = regressor(1);
  const history = await model.fit(x, y, { epochs: 3, verbose: 0, callbacks: [new callbacks.LearningRateScheduler((epoch) => 0.1 / (epoch + 1))] });
  assert.deepEqual(history.history.learning_rate!.map((v) => Number(v.toFixed(6))), [0.1, 0.05, 0.033333]);
  await assert.rejects(model.fit(x, y, { verbose: 0, callbacks: [new callbacks.LearningRateScheduler(() => NaN)] }), /the schedule returned NaN for epoch 0/);
});

test('ModelCheckpoint with saveBestOnly writes only on improvement, atomically, with the epoch in the path', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'atelier-ckpt-'));
  const { x, y } = linearProblem(10);
  const checkpoint = new callbacks.ModelCheckpoint(join(dir, 'ckpt-{epoch:02d}-{val_loss:.2f}'), { saveBestOnly: true });
  await regressor().fit(x, y, { epochs: 5, verbose: 0, callbacks: [new ScriptedValLoss([3, 2, 2.5, 1, 1.5]), checkpoint] });
  assert.deepEqual(readdirSync(dir).sort(), ['ckpt-01-3.00', 'ckpt-02-2.00', 'ckpt-04-1.00']);
  for (const folder of readdirSync(dir)) {
    assert.deepEqual(readdirSync(join(dir, folder)), ['model-000001'], 'one snapshot, no staging or temporary files left');
    assert.deepEqual(readdirSync(join(dir, folder, 'model-000001')).sort(), ['model.json', 'optimizer.safetensors', 'weights.safetensors']);
  }
  // One fixed path: overwritten in place at every improvement.
  const fixed = join(dir, 'best');
  const model = regressor();
  const best = new callbacks.ModelCheckpoint(fixed, { saveBestOnly: true, monitor: 'val_loss' });
  await model.fit(x, y, { epochs: 3, verbose: 0, callbacks: [new ScriptedValLoss([2, 1, 3]), best] });
  assert.deepEqual(best.saved, [fixed, fixed]);
  assert.deepEqual(readdirSync(fixed), ['model-000002'], 'the newest snapshot only, no staging or temporary files left');
});

test('CSVLogger and JsonLinesLogger write one complete line per epoch', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'atelier-log-'));
  const { x, y } = linearProblem(10);
  const csv = join(dir, 'sub', 'log.csv');
  const jsonl = join(dir, 'log.jsonl');
  await regressor().fit(x, y, { epochs: 3, verbose: 0, validationSplit: 0.2, callbacks: [new callbacks.CSVLogger(csv), new callbacks.JsonLinesLogger(jsonl)] });
  const rows = readFileSync(csv, 'utf8').trim().split('\n');
  assert.equal(rows[0], 'epoch,loss,val_loss');
  assert.equal(rows.length, 4);
  assert.match(rows[3]!, /^2,[\d.e-]+,[\d.e-]+$/);
  const lines = readFileSync(jsonl, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, number>);
  assert.deepEqual(lines.map((l) => l.epoch), [0, 1, 2]);
  assert.equal(typeof lines[2]!.val_loss, 'number');
  // append: true keeps the header and adds rows.
  await regressor().fit(x, y, { epochs: 1, verbose: 0, validationSplit: 0.2, callbacks: [new callbacks.CSVLogger(csv, { append: true })] });
  assert.equal(readFileSync(csv, 'utf8').trim().split('\n').length, 5);
  assert.ok(existsSync(jsonl));
});

test('TerminateOnNaN stops as soon as the running loss is not finite', async () => {
  const x = tensor([[1, 1, 1], [1e30, 1e30, 1e30], [1, 1, 1]]);
  const y = tensor([[0], [0], [0]]);
  const terminate = new callbacks.TerminateOnNaN();
  const history = await regressor().fit(x, y, { epochs: 3, batchSize: 1, shuffle: false, verbose: 0, onNonFinite: 'skip-batch', callbacks: [terminate] });
  // skip-batch keeps the bad batch out of the running mean, so TerminateOnNaN sees only finite losses.
  assert.equal(terminate.terminatedAt, null);
  assert.equal(history.epoch.length, 3);
  class Poison extends Callback {
    override onBatchEnd(_b: number, logs: Logs) { logs.loss = NaN; }
  }
  const t2 = new callbacks.TerminateOnNaN();
  const h2 = await regressor().fit(tensor([[1, 2, 3]]), tensor([[1]]), { epochs: 3, verbose: 0, callbacks: [new Poison(), t2] });
  assert.deepEqual(t2.terminatedAt, { epoch: 0, batch: 0 });
  assert.deepEqual(h2.epoch, [0]);
});

test('formatCheckpointPath fills epoch and log values', () => {
  assert.equal(callbacks.formatCheckpointPath('m/{epoch}', 0, {}), 'm/1');
  assert.equal(callbacks.formatCheckpointPath('m/{epoch:03d}-{val_loss:.3f}', 9, { val_loss: 0.12345 }), 'm/010-0.123');
  assert.throws(() => callbacks.formatCheckpointPath('{acc}', 0, { loss: 1 }), /uses \{acc\}, which is not in the logs/);
});
