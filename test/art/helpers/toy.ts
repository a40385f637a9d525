/**
 * Test helper: a toy problem whose evidence is known. A 12×12 grey image holds a bright 4×4 square;
 * its class is the half it lies in (0 left, 1 right). A small convnet learns it in a second.
 */
import { Model, Random, Sequential, input, layers, tensor, type Tensor } from '../../../src/index.js';

export const SIDE = 12;
export const SQUARE = 4;

/** One image `[SIDE, SIDE, 1]` with the square's top-left corner at (top, left), background noise from `rng`. */
export function squareImage(top: number, left: number, rng: Random): Float32Array {
  const px = Float32Array.from({ length: SIDE * SIDE }, () => 0.1 * rng.next());
  for (let y = top; y < top + SQUARE; y++) for (let x = left; x < left + SQUARE; x++) px[y * SIDE + x] = 0.9 + 0.1 * rng.next();
  return px;
}

/** A labelled toy set: `x` `[n, 12, 12, 1]`, labels `[n]`, and where each square is. */
interface ToySet { x: Tensor; y: Tensor; corners: [number, number][] }

/** `n` samples with labels alternating 0, 1, …; `draw` places sample `label`'s square and paints its image. */
function toySet(n: number, seed: number, draw: (label: number, rng: Random) => { corner: [number, number]; px: Float32Array }): ToySet {
  const rng = new Random(seed);
  const data = new Float32Array(n * SIDE * SIDE);
  const labels = new Int32Array(n);
  const corners: [number, number][] = [];
  for (let i = 0; i < n; i++) {
    const label = i % 2;
    const { corner, px } = draw(label, rng);
    data.set(px, i * SIDE * SIDE);
    labels[i] = label;
    corners.push(corner);
  }
  return { x: tensor(data, [n, SIDE, SIDE, 1]), y: tensor(labels, [n], 'int32'), corners };
}

/** `n` samples, balanced: `x` `[n, 12, 12, 1]`, labels `[n]`, and where each square is. */
export function squareData(n: number, seed: number): ToySet {
  return toySet(n, seed, (label, rng) => {
    const top = rng.nextInt(0, SIDE - SQUARE + 1);
    const left = label === 0 ? rng.nextInt(0, SIDE / 2 - SQUARE + 1) : rng.nextInt(SIDE / 2, SIDE - SQUARE + 1);
    return { corner: [top, left], px: squareImage(top, left, rng) };
  });
}

/** conv(4) relu → max-pool → conv(8) relu → flatten → dense softmax: position-aware, so it can learn the halves. */
export function toyModel(seed: number): Sequential {
  return new Sequential({ seed, layers: [
    layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', inputShape: [SIDE, SIDE, 1], name: 'conv1' }),
    layers.maxPooling2d({ poolSize: 2, name: 'pool' }),
    layers.conv2d({ filters: 8, kernelSize: 3, padding: 'same', activation: 'relu', name: 'conv2' }),
    layers.flatten({ name: 'flatten' }),
    layers.dense({ units: 2, activation: 'softmax', name: 'out' }),
  ] });
}

/** The same architecture as a functional model (same layer order, so weights transfer with setWeights). */
export function toyFunctional(): Model {
  const x = input({ shape: [SIDE, SIDE, 1] });
  let h = layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', name: 'conv1' }).apply(x);
  h = layers.maxPooling2d({ poolSize: 2, name: 'pool' }).apply(h);
  h = layers.conv2d({ filters: 8, kernelSize: 3, padding: 'same', activation: 'relu', name: 'conv2' }).apply(h);
  h = layers.flatten({ name: 'flatten' }).apply(h);
  return new Model({ inputs: x, outputs: layers.dense({ units: 2, activation: 'softmax', name: 'out' }).apply(h) });
}

/** The toy model trained to high accuracy (deterministic). */
export async function trainedToyModel(): Promise<Sequential> {
  const model = toyModel(0);
  model.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
  const { x, y } = squareData(256, 1);
  await model.fit(x, y, { epochs: 12, batchSize: 16, verbose: 0, seed: 0 });
  return model;
}

/**
 * A second toy, decided by content rather than position: class 0 is a filled 4×4 square, class 1 a
 * hollow one, anywhere in the image. Grad-CAM suits it (its model pools globally).
 */
export function filledOrHollowData(n: number, seed: number): ToySet {
  return toySet(n, seed, (label, rng) => {
    const top = rng.nextInt(0, SIDE - SQUARE + 1);
    const left = rng.nextInt(0, SIDE - SQUARE + 1);
    const px = squareImage(top, left, rng);
    if (label === 1) for (let y = top + 1; y < top + SQUARE - 1; y++) for (let x = left + 1; x < left + SQUARE - 1; x++) px[y * SIDE + x] = 0.1 * rng.next();
    return { corner: [top, left], px };
  });
}

/** conv(8) relu → max-pool → conv(8) relu → global average pooling → dense softmax, trained on {@link filledOrHollowData}. */
export async function trainedGapModel(): Promise<Sequential> {
  const model = new Sequential({ seed: 0, layers: [
    layers.conv2d({ filters: 8, kernelSize: 3, padding: 'same', activation: 'relu', inputShape: [SIDE, SIDE, 1], name: 'conv1' }),
    layers.maxPooling2d({ poolSize: 2, name: 'pool' }),
    layers.conv2d({ filters: 8, kernelSize: 3, padding: 'same', activation: 'relu', name: 'conv2' }),
    layers.globalAveragePooling2d({ name: 'gap' }),
    layers.dense({ units: 2, activation: 'softmax', name: 'out' }),
  ] });
  model.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
  const { x, y } = filledOrHollowData(256, 1);
  await model.fit(x, y, { epochs: 15, batchSize: 16, verbose: 0, seed: 0 });
  return model;
}
