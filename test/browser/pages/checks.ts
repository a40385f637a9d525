/**
 * What the Chromium end-to-end test (../chromium.e2e.test.ts) runs inside the browser, on a page's
 * main thread or in a module Web Worker: the engine loaded as plain ES modules from dist/, made
 * ready with `ready()`, a small convolutional model trained a few epochs, and its forward pass
 * compared with the reference backend. Results go back as plain data; the Node side asserts.
 */
import {
  Random,
  Sequential,
  createWasmBackendAsync,
  getBackend,
  layers,
  losses,
  matmul,
  optimizers,
  ready,
  registerBackend,
  setBackend,
  setBackendAsync,
  tensor,
  writeSafetensors,
  type Tensor,
} from '../../../src/index.js';

/** What training reports. */
export interface TrainReport {
  /** Backend that trained (getBackend().name). */
  trainedOn: string;
  /** Mean loss of each epoch. */
  losses: number[];
  /** Largest |difference| between the trained model's logits on this backend and on `js`. */
  maxDiffVsJs: number;
  /** The model's output size, to check the comparison covered something. */
  outputs: number;
}

/** What a wasm check reports. */
export interface WasmReport extends TrainReport {
  crossOriginIsolated: boolean;
  /** Backend `ready()` selected by default. */
  readyBackend: string;
  threads: number;
  workersStarted: number;
  /** Which build of the kernels the backend loaded (`relaxed` where the browser has relaxed SIMD). */
  kernelBuild: string;
}

/** What the fallback check reports. */
export interface FallbackReport extends TrainReport {
  crossOriginIsolated: boolean;
  readyBackend: string;
  afterAskingAgain: string;
  sharedArrayBuffer: string;
  matmul: number[];
  /** The error a file API throws in a browser. */
  nodeOnly: string;
}

/** 24 images 32x32x3 of three classes: class c has its channel c brightened. */
function problem(): { x: Tensor; y: Tensor } {
  const rng = new Random(5);
  const n = 24;
  const pixels = new Float32Array(n * 32 * 32 * 3);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = i % 3;
    for (let p = 0; p < 32 * 32; p++) {
      for (let c = 0; c < 3; c++) pixels[(i * 1024 + p) * 3 + c] = 0.5 * rng.nextNormal() + (c === labels[i] ? 0.6 : 0);
    }
  }
  return { x: tensor(pixels, [n, 32, 32, 3]), y: tensor(labels, [n], 'int32') };
}

/** Trains on backend `name`, then runs the trained model's forward pass there and on `js`. */
async function trainAndCompare(name: string): Promise<TrainReport> {
  setBackend(name);
  const { x, y } = problem();
  const model = new Sequential({
    seed: 1,
    layers: [
      layers.conv2d({ filters: 8, kernelSize: 3, activation: 'relu', inputShape: [32, 32, 3] }),
      layers.maxPooling2d({ poolSize: 2 }),
      layers.flatten(),
      layers.dense({ units: 3 }),
    ],
  });
  model.compile({ optimizer: new optimizers.Adam({ learningRate: 0.01 }), loss: new losses.SparseCategoricalCrossentropy({ fromLogits: true }) });
  const trainedOn = getBackend().name;
  // verbose 2 prints one line per epoch through the console, as fit does in browsers.
  const history = await model.fit(x, y, { epochs: 4, batchSize: 8, verbose: 2, shuffle: false });
  const here = (model.predictOnBatch(x) as Tensor).data();
  setBackend('js');
  const reference = (model.predictOnBatch(x) as Tensor).data();
  setBackend(name);
  let maxDiffVsJs = 0;
  for (let i = 0; i < here.length; i++) maxDiffVsJs = Math.max(maxDiffVsJs, Math.abs(here[i]! - reference[i]!));
  return { trainedOn, losses: history.history.loss!, maxDiffVsJs, outputs: here.length };
}

async function until(condition: () => boolean, ms: number): Promise<void> {
  const end = performance.now() + ms;
  while (!condition() && performance.now() < end) await new Promise((resolve) => setTimeout(resolve, 20));
}

/** On a cross-origin isolated page: `ready()` picks wasm; a 2-thread wasm backend trains and matches js. */
export async function wasmCheck(): Promise<WasmReport> {
  const readyBackend = (await ready()).name;
  const wasm = await createWasmBackendAsync({ threads: 2 });
  registerBackend('wasm-2', () => wasm);
  // Workers start asynchronously; waiting makes sure the kernels below are shared with one.
  await until(() => wasm.workersStarted === 1, 20000);
  const report = await trainAndCompare('wasm-2');
  return { ...report, crossOriginIsolated, readyBackend, threads: wasm.threads, workersStarted: wasm.workersStarted, kernelBuild: wasm.kernelBuild };
}

/** On a page without COOP/COEP: `ready()` falls back to js (one warning), asking again changes nothing, ops still compute. */
export async function fallbackCheck(): Promise<FallbackReport> {
  const readyBackend = (await ready()).name;
  setBackend('wasm');
  const afterAskingAgain = (await setBackendAsync('wasm')).name;
  const product = matmul(tensor([[1, 2], [3, 4]]), tensor([[5, 6], [7, 8]])).data();
  const report = await trainAndCompare('wasm');
  let nodeOnly = 'no error';
  try {
    writeSafetensors('weights.safetensors', { product: tensor([1]) });
  } catch (error) {
    nodeOnly = `${(error as Error).name}: ${(error as Error).message}`;
  }
  return { ...report, crossOriginIsolated, readyBackend, afterAskingAgain, sharedArrayBuffer: typeof SharedArrayBuffer, matmul: [...product], nodeOnly };
}
