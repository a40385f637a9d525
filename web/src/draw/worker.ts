/**
 * The Draw page's Web Worker: the engine itself, loaded unbundled from the studio
 * (`/engine/src/index.js`, docs/browser.md), on its wasm backend (shared memory: the studio serves
 * every file cross-origin isolated). It builds the run's model from the two files the server sends
 * (model.json and weights.safetensors) and classifies each drawing it is sent.
 * @module
 */
import { ready, modelFromFiles, scope, tensor, type Model, type Tensor } from '/engine/src/index.js';
import type { DrawReply, DrawRequest } from './protocol.js';

/** This worker's global scope, as far as it is used (the DOM lib's `self` is a window). */
const worker = self as unknown as { postMessage(message: DrawReply, transfer?: Transferable[]): void; onmessage: ((event: MessageEvent<DrawRequest>) => void) | null };

let model: Model | null = null;

async function load(base: string): Promise<DrawReply> {
  const backend = await ready();
  const [json, weights] = await Promise.all([
    fetchOk(`${base}/model.json`).then((r) => r.text()),
    fetchOk(`${base}/weights.safetensors`).then((r) => r.arrayBuffer()),
  ]);
  model = modelFromFiles(json, new Uint8Array(weights), { source: base });
  return { type: 'loaded', backend: backend.name, inputShape: model.inputShapes[0] ?? [] };
}

async function fetchOk(url: string): Promise<Response> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status} ${response.statusText}`);
  return response;
}

function predict(id: number, pixels: Float32Array, shape: readonly [number, number, number]): DrawReply {
  if (!model) throw new Error('no model loaded yet');
  const loaded = model;
  const start = performance.now();
  const probabilities = scope(() => (loaded.predictOnBatch(tensor(pixels, [1, ...shape])) as Tensor).data() as Float32Array).slice();
  return { type: 'prediction', id, probabilities, computeMs: performance.now() - start };
}

worker.onmessage = (event) => {
  const request = event.data;
  const answer = request.type === 'load' ? load(request.base) : Promise.resolve().then(() => predict(request.id, request.pixels, request.shape));
  answer.then(
    (reply) => worker.postMessage(reply),
    (error: unknown) => worker.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) }),
  );
};
