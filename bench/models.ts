/**
 * Shared pieces of the model-level workloads (seed-train, seed-infer, cifar-train, lstm-train): the
 * models of /work/shared/bench/torch_anchors.py built with atelier's Keras-style API, random data,
 * and the equivalent TensorFlow.js models (its anchors script, tfjs_anchors.mjs).
 */
import { layers, losses, Sequential, slice, tensor, registerBackend, setBackend, type Tensor } from '../src/index.js';
import { Random } from '../src/tensor/random.js';
import type { BenchContext } from './harness.js';
import type { Tfjs } from './peers/tfjs.js';

/** Runs atelier's model API on the context's wasm backend (same thread count as the peers). */
export function useBenchBackend(ctx: BenchContext): void {
  registerBackend('bench-wasm', () => ctx.wasm);
  setBackend('bench-wasm');
}

/** A float32 tensor of uniform [0, 1) values. */
export function uniform(shape: number[], seed: number): Tensor {
  const rng = new Random(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  const values = new Float32Array(n);
  for (let i = 0; i < n; i++) values[i] = rng.next();
  return tensor(values, shape);
}

/** An int32 tensor of class indices in [0, classes). */
export function labels(shape: number[], classes: number, seed: number): Tensor {
  const rng = new Random(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  const values = new Int32Array(n);
  for (let i = 0; i < n; i++) values[i] = Math.floor(rng.next() * classes);
  return tensor(values, shape, 'int32');
}

/** Conv2D(32, 3x3, relu) -> Flatten -> Dense(10) logits on 28x28x1. */
export function seedModel(): Sequential {
  const model = new Sequential();
  model.add(layers.conv2d({ filters: 32, kernelSize: 3, activation: 'relu', inputShape: [28, 28, 1] }));
  model.add(layers.flatten());
  model.add(layers.dense({ units: 10 }));
  return model;
}

/** The same classic model in TensorFlow.js, for the peer columns of seed-train and seed-infer. */
export function tfjsSeedModel(tf: Tfjs): import('@tensorflow/tfjs').Sequential {
  const m = tf.sequential();
  m.add(tf.layers.conv2d({ filters: 32, kernelSize: 3, activation: 'relu', inputShape: [28, 28, 1] }));
  m.add(tf.layers.flatten());
  m.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
  return m;
}

/** Conv(32)-pool-Conv(64)-pool-Conv(128)-pool-Dense(128)-Dense(10) logits on 32x32x3, 'same' convs. */
export function cifarModel(): Sequential {
  const model = new Sequential();
  model.add(layers.conv2d({ filters: 32, kernelSize: 3, padding: 'same', activation: 'relu', inputShape: [32, 32, 3] }));
  model.add(layers.maxPooling2d({ poolSize: 2 }));
  model.add(layers.conv2d({ filters: 64, kernelSize: 3, padding: 'same', activation: 'relu' }));
  model.add(layers.maxPooling2d({ poolSize: 2 }));
  model.add(layers.conv2d({ filters: 128, kernelSize: 3, padding: 'same', activation: 'relu' }));
  model.add(layers.maxPooling2d({ poolSize: 2 }));
  model.add(layers.flatten());
  model.add(layers.dense({ units: 128, activation: 'relu' }));
  model.add(layers.dense({ units: 10 }));
  return model;
}

/** Compiles for training from logits with integer labels, as torch's Adam + CrossEntropyLoss. */
export function compileForLogits(model: Sequential): void {
  model.compile({ optimizer: 'adam', loss: new losses.SparseCategoricalCrossentropy({ fromLogits: true }) });
}

/** Samples per second of one epoch of `model.fit` (after a one-batch warm-up), best of `reps` epochs. */
export async function fitRate(model: Sequential, x: Tensor, y: Tensor, batchSize: number, reps: number): Promise<number> {
  await model.fit(slice(x, [0], [batchSize]), slice(y, [0], [batchSize]), { epochs: 1, batchSize, verbose: 0, shuffle: false });
  let best = Infinity;
  for (let r = 0; r < reps; r++) {
    const start = performance.now();
    await model.fit(x, y, { epochs: 1, batchSize, verbose: 0, shuffle: false });
    best = Math.min(best, performance.now() - start);
  }
  return (x.shape[0]! * 1000) / best;
}

/** Samples per second of TensorFlow.js `fit` (tfjs_anchors.mjs: softmax + sparse CE, float labels). */
export async function tfjsFitRate(tf: Tfjs, model: import('@tensorflow/tfjs').Sequential, n: number, inputShape: number[], batchSize: number): Promise<number> {
  const x = tf.randomUniform([n, ...inputShape]);
  const y = tf.floor(tf.randomUniform([n], 0, 10));
  model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy' });
  await model.fit(x.slice(0, batchSize), y.slice(0, batchSize), { epochs: 1, batchSize, verbose: 0 });
  const start = performance.now();
  await model.fit(x, y, { epochs: 1, batchSize, verbose: 0 });
  const rate = (n * 1000) / (performance.now() - start);
  tf.dispose([x, y]);
  model.dispose();
  return rate;
}
