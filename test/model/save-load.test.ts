/** model.save / loadModel: bit-identical predictions, exact resumption, and failures that touch nothing. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SymbolicShape } from '../../src/nn/symbolic.js';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, truncateSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { layers, Layer, mul, sub, sum, square, Model, Sequential, input, loadModel, optimizers, tensor, encodeSafetensors, readSafetensors, FileFormatError, type Tensor } from '../../src/index.js';
import { blobs, linearProblem } from './helpers/data.js';

/** A layer outside the built-in registry: multiplies by a learned per-feature scale. */
class Scale extends Layer {
  factor: Tensor | null = null;
  override build(shape: SymbolicShape | SymbolicShape[]): void {
    const s = shape as SymbolicShape;
    this.factor = this.addWeight('factor', [s[s.length - 1] as number], { initializer: (sh) => tensor(new Float32Array(sh[0]!).fill(2), sh) });
  }
  override call(x: Tensor | Tensor[]): Tensor {
    return mul(x as Tensor, this.factor!);
  }
  override computeOutputShape(shape: SymbolicShape | SymbolicShape[]): SymbolicShape {
    return shape as SymbolicShape;
  }
}

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'atelier-save-'));
}

function classifier() {
  const model = new Sequential({ seed: 4, layers: [layers.dense({ units: 8, inputShape: [2], activation: 'relu', name: 'h' }), layers.dense({ units: 3, activation: 'softmax', name: 'p' })] });
  model.compile({ optimizer: new optimizers.Adam({ learningRate: 0.01 }), loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
  return model;
}

/** Every file under `dir` (recursively) with its contents, to compare before and after. */
function snapshot(dir: string): Map<string, string> {
  return new Map(readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => statSync(join(dir, f)).isFile()).map((f) => [f, readFileSync(join(dir, f)).toString('base64')]));
}

test('save writes model.json, weights and optimizer state; loadModel restores bit-identical predictions', async () => {
  const { x, y } = blobs(60);
  const model = classifier();
  await model.fit(x, y, { epochs: 2, verbose: 0 });
  const dir = tempDir();
  const saved = model.save(dir);
  assert.deepEqual(readdirSync(dir), ['model-000001'], 'one snapshot folder');
  assert.equal(saved.path, join(dir, 'model-000001'));
  assert.deepEqual(readdirSync(saved.path).sort(), ['model.json', 'optimizer.safetensors', 'weights.safetensors']);
  const json = JSON.parse(readFileSync(join(saved.path, 'model.json'), 'utf8'));
  assert.equal(json.format, 'atelier-model');
  assert.equal(json.formatVersion, 1);
  assert.equal(json.className, 'Sequential');
  assert.deepEqual(json.weights.tensors.map((t: { name: string }) => t.name), ['h.weight', 'h.bias', 'p.weight', 'p.bias']);
  assert.deepEqual(json.compile.metrics, [['accuracy']]);
  assert.deepEqual([...readSafetensors(join(saved.path, 'weights.safetensors')).tensors.keys()], ['h.weight', 'h.bias', 'p.weight', 'p.bias']);

  const loaded = loadModel(dir);
  assert.deepEqual(loadModel(saved.path).weights.map((w) => [...w.data()]), loaded.weights.map((w) => [...w.data()]), 'a snapshot folder loads by itself');
  assert.deepEqual(loaded.layers.map((l) => l.name), ['h', 'p']);
  const a = ((await model.predict(x)) as Tensor).data();
  const b = ((await loaded.predict(x)) as Tensor).data();
  assert.deepEqual(Buffer.from(b.buffer), Buffer.from(a.buffer));
  assert.deepEqual(await loaded.evaluate(x, y), await model.evaluate(x, y));
  assert.equal(loaded.compiled!.optimizer.iterations, model.compiled!.optimizer.iterations);
});

test('training resumed from a checkpoint matches uninterrupted training exactly', async () => {
  const { x, y } = blobs(50);
  const straight = classifier();
  await straight.fit(x, y, { epochs: 4, batchSize: 8, verbose: 0 });

  const first = classifier();
  await first.fit(x, y, { epochs: 2, batchSize: 8, verbose: 0 });
  const dir = tempDir();
  first.save(dir);
  const resumed = loadModel(dir);
  await resumed.fit(x, y, { epochs: 4, initialEpoch: 2, batchSize: 8, verbose: 0 });
  resumed.weights.forEach((w, i) => assert.deepEqual([...w.data()], [...straight.weights[i]!.data()], w.name));

  // Without the optimizer state Adam restarts its moments, and the runs diverge.
  const noOpt = tempDir();
  const noOptSnapshot = first.save(noOpt, { includeOptimizer: false });
  assert.deepEqual(readdirSync(noOptSnapshot.path).sort(), ['model.json', 'weights.safetensors']);
  const restarted = loadModel(noOpt);
  await restarted.fit(x, y, { epochs: 4, initialEpoch: 2, batchSize: 8, verbose: 0 });
  assert.notDeepEqual([...restarted.weights[0]!.data()], [...straight.weights[0]!.data()]);
});

test('functional models with several inputs, outputs and a shared layer round-trip', async () => {
  const a = input({ shape: [3], name: 'a' });
  const b = input({ shape: [3], name: 'b' });
  const shared = layers.dense({ units: 4, activation: 'relu', name: 'shared' });
  const sum = layers.add({ name: 'sum' }).apply([shared.apply(a), shared.apply(b)]);
  const model = new Model({ inputs: [a, b], outputs: [layers.dense({ units: 2, name: 'o1' }).apply(sum), layers.dense({ units: 1, name: 'o2' }).apply(sum)], seed: 9 });
  model.compile({ optimizer: 'sgd', loss: ['mse', 'mae'], lossWeights: { o2: 0.5 } });
  const dir = tempDir();
  model.save(dir);
  const loaded = loadModel(dir);
  assert.deepEqual(loaded.layers.map((l) => l.name), ['shared', 'sum', 'o1', 'o2']);
  assert.equal(loaded.weights.length, 6);
  const xa = linearProblem(5).x;
  const xb = linearProblem(5, 3, 7).x;
  const [p1, p2] = (await model.predict([xa, xb])) as Tensor[];
  const [q1, q2] = (await loaded.predict([xa, xb])) as Tensor[];
  assert.deepEqual([...q1!.data()], [...p1!.data()]);
  assert.deepEqual([...q2!.data()], [...p2!.data()]);
  assert.deepEqual(loaded.compiled!.outputs.map((o) => o.weight), [1, 0.5]);
});

test('nested models round-trip', async () => {
  const inner = new Sequential({ name: 'block', layers: [layers.flatten({ inputShape: [2, 2], name: 'flat' }), layers.dense({ units: 3, name: 'inner_dense' })] });
  const outer = new Sequential({ name: 'outer', layers: [inner, layers.dense({ units: 1, name: 'top' })] });
  const dir = tempDir();
  outer.save(dir);
  const loaded = loadModel(dir);
  const x = tensor([[[1, 2], [3, 4]]]);
  assert.deepEqual([...((loaded.apply(x)).data())], [...((outer.apply(x)).data())]);
});

test('loading a folder with a wrong-shape tensor fails, naming file and tensor, and leaves the files untouched', () => {
  const model = classifier();
  const dir = tempDir();
  const weightsPath = join(model.save(dir).path, 'weights.safetensors');
  const { tensors } = readSafetensors(weightsPath);
  tensors.set('p.weight', tensor(new Float32Array(8 * 4), [8, 4]));
  writeFileSync(weightsPath, encodeSafetensors(tensors));
  const before = snapshot(dir);
  assert.throws(() => loadModel(dir), (e: Error) => {
    assert.ok(e instanceof FileFormatError);
    assert.equal(e.message, `${weightsPath}: tensor 'p.weight' is float32 [8,4], the model expects float32 [8,3]`);
    return true;
  });
  assert.deepEqual(snapshot(dir), before);
  tensors.delete('p.weight');
  writeFileSync(weightsPath, encodeSafetensors(tensors));
  assert.throws(() => loadModel(dir), new RegExp(`${weightsPath}: tensor 'p.weight' is missing`));
});

test('missing folders, missing or truncated weights, unknown layers and corrupt JSON give clear errors', () => {
  assert.throws(() => loadModel('/nonexistent/atelier-model'), /loadModel: folder \/nonexistent\/atelier-model does not exist/);
  const custom = new Sequential({ layers: [layers.dense({ units: 2, inputShape: [3] }), new Scale({ name: 'scale' })] });
  const customDir = tempDir();
  custom.save(customDir);
  assert.throws(() => loadModel(customDir), /config\.layers\[1\]: unknown layer class 'Scale'; pass it in customLayers: loadModel\(dir, \{ customLayers: \{ Scale \} \}\)/);
  const restored = loadModel(customDir, { customLayers: { Scale } });
  assert.deepEqual([...restored.getLayer('scale').weights[0]!.data()], [2, 2]);
  const model = classifier();
  const dir = tempDir();
  const saved = model.save(dir);
  const weightsPath = join(saved.path, 'weights.safetensors');
  truncateSync(weightsPath, statSync(weightsPath).size - 10);
  const before = snapshot(dir);
  assert.throws(() => loadModel(dir), (e: Error) => e instanceof FileFormatError && e.message.startsWith(weightsPath) && /truncated/.test(e.message));
  assert.deepEqual(snapshot(dir), before);
  writeFileSync(join(saved.path, 'model.json'), '{"format": "atelier-model", ');
  assert.throws(() => loadModel(dir), /model\.json: not valid JSON/);
  const empty = tempDir();
  assert.throws(() => loadModel(empty), /model\.json is missing/);
});

test('save refuses what cannot be saved before writing anything', () => {
  const unbuilt = new Sequential({ layers: [layers.dense({ units: 1 })] });
  const dir = join(tempDir(), 'out');
  assert.throws(() => unbuilt.save(dir), /is not built yet/);
  assert.throws(() => readdirSync(dir), /ENOENT/, 'no folder was created');
});

test('a save over an existing checkpoint replaces every file and drops a stale optimizer file', async () => {
  const dir = tempDir();
  const model = classifier();
  model.save(dir);
  const { x, y } = blobs(20);
  await model.fit(x, y, { epochs: 1, verbose: 0 });
  const second = model.save(dir, { includeOptimizer: false });
  assert.deepEqual(readdirSync(dir), ['model-000002'], 'the first snapshot was pruned');
  assert.deepEqual(readdirSync(second.path).sort(), ['model.json', 'weights.safetensors']);
  const loaded = loadModel(dir);
  assert.deepEqual([...loaded.weights[0]!.data()], [...model.weights[0]!.data()]);
});

test('a compile configuration that cannot be restored names the way out; compile: false skips it', async () => {
  const model = new Sequential({ layers: [layers.dense({ units: 1, inputShape: [2] })] });
  const customLoss = { name: 'my_loss', perSample: (t: Tensor, p: Tensor) => sum(square(sub(t, p)), -1), getConfig: () => ({}) };
  model.compile({ optimizer: 'sgd', loss: customLoss });
  const dir = tempDir();
  model.save(dir);
  assert.throws(() => loadModel(dir), /model\.json: cannot restore the compile configuration \(getLoss: unknown loss 'my_loss'.*\); load with \{ compile: false \}/);
  const loaded = loadModel(dir, { compile: false });
  assert.equal(loaded.compiled, null);
  assert.deepEqual([...loaded.weights[0]!.data()], [...model.weights[0]!.data()]);
});

test('a damaged optimizer file blocks only what needs it; folders saved by atelier 0.1 still load and are upgraded by the next save', async () => {
  const model = classifier();
  const { x, y } = blobs(20);
  await model.fit(x, y, { epochs: 1, verbose: 0 });
  const dir = tempDir();
  const saved = model.save(dir);
  const optimizerPath = join(saved.path, 'optimizer.safetensors');
  truncateSync(optimizerPath, statSync(optimizerPath).size - 8);
  assert.throws(() => loadModel(dir), (e: Error) => e.message.startsWith(optimizerPath) && /truncated/.test(e.message));
  const inference = loadModel(dir, { includeOptimizer: false });
  assert.deepEqual([...inference.weights[0]!.data()], [...model.weights[0]!.data()]);

  // The 0.1 layout: the three files directly in the folder.
  const legacy = tempDir();
  const fresh = model.save(tempDir());
  for (const f of readdirSync(fresh.path)) writeFileSync(join(legacy, f), readFileSync(join(fresh.path, f)));
  assert.deepEqual([...loadModel(legacy).weights[0]!.data()], [...model.weights[0]!.data()]);
  model.save(legacy);
  assert.deepEqual(readdirSync(legacy), ['model-000001'], 'the stale top-level files are gone once a snapshot exists');
});
