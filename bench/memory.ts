/**
 * `npm run bench:memory [-- --threads N] [--samples N] [--steps N]`: memory figures of the classic
 * seed model (Conv2D(32, 3x3, relu) -> Flatten -> Dense(10), Adam) on the wasm backend:
 *
 * 1. peak resident set (`process.resourceUsage().maxRSS`) after `model.fit` for one epoch on 60,000
 *    synthetic MNIST-shaped samples (batch 32), measured first, so the figure is this run's high-water
 *    mark: the data set (188 MB of float32 in wasm memory), the wasm heap and the JavaScript heap;
 * 2. JavaScript heap allocation per training step at batch 32 and batch 128, from V8's sampling heap
 *    profiler (`node:inspector`, `HeapProfiler.startSampling` counting objects that the collector
 *    already freed), with the call sites that allocate most. Tensor storage lives in wasm memory and
 *    is not counted; what is counted is the garbage a step leaves to the collector, which should be
 *    a small constant independent of the batch size.
 *
 * Prints a table and writes bench/results/memory.json.
 */
import { Session } from 'node:inspector';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { createWasmBackend } from '../src/backend/wasm/index.js';
import { registerBackend, setBackend, zeros, type Tensor } from '../src/index.js';
import { Random } from '../src/tensor/random.js';
import { compileForLogits, seedModel } from './models.js';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const threads = option('--threads', Number(process.env.ATELIER_THREADS ?? availableParallelism()));
const epochSamples = option('--samples', 60000);
const profiledSteps = option('--steps', 64);
const MIB = 1024 * 1024;

/** Uniform [0, 1) images and labels written straight into backend storage (no JavaScript staging copy). */
function syntheticMnist(n: number, seed: number): { x: Tensor; y: Tensor } {
  const rng = new Random(seed);
  const x = zeros([n, 28, 28, 1]);
  const xv = x.values;
  for (let i = 0; i < xv.length; i++) xv[i] = rng.next();
  const y = zeros([n], 'int32');
  const yv = y.values;
  for (let i = 0; i < n; i++) yv[i] = Math.floor(rng.next() * 10);
  return { x, y };
}

// A minimal typing of the sampling heap profile (see the Chrome DevTools protocol, HeapProfiler).
interface SamplingNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: SamplingNode[];
}
interface SamplingProfile {
  head: SamplingNode;
}

function post<T>(session: Session, method: string, params?: object): Promise<T> {
  return new Promise((resolve, reject) => {
    session.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result as T)));
  });
}

/**
 * Bytes per call site (function and source line) of a sampling profile, and their total. Builtins
 * (`map`, `next`, typed-array constructors: no source) are named with their nearest caller that has one.
 */
function callSites(profile: SamplingProfile): { total: number; sites: Map<string, number> } {
  const sites = new Map<string, number>();
  let total = 0;
  const walk = (node: SamplingNode, caller: string): void => {
    const { functionName, url, lineNumber } = node.callFrame;
    const name = functionName || '(anonymous)';
    const here = url ? `${name} ${url.replace(/^.*\/dist\//, '')}:${lineNumber + 1}` : `${name} (builtin) in ${caller}`;
    if (node.selfSize > 0) {
      sites.set(here, (sites.get(here) ?? 0) + node.selfSize);
      total += node.selfSize;
    }
    for (const child of node.children) walk(child, url ? here : caller);
  };
  walk(profile.head, '(root)');
  return { total, sites };
}

/** JavaScript bytes allocated per step of `fit` at `batchSize`, with the top call sites. */
async function allocationPerStep(session: Session, batchSize: number): Promise<{ batchSize: number; bytesPerStep: number; top: [string, number][] }> {
  const model = seedModel();
  compileForLogits(model);
  const { x, y } = syntheticMnist(batchSize * profiledSteps, 7);
  // Warm-up: compile the code paths and size the wasm heap.
  await model.fit(x, y, { epochs: 1, batchSize, verbose: 0, shuffle: false });
  await post(session, 'HeapProfiler.startSampling', {
    samplingInterval: 256,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  await model.fit(x, y, { epochs: 1, batchSize, verbose: 0, shuffle: false });
  const { profile } = await post<{ profile: SamplingProfile }>(session, 'HeapProfiler.stopSampling');
  x.dispose();
  y.dispose();
  const { total, sites } = callSites(profile);
  const top = [...sites.entries()].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([site, bytes]): [string, number] => [site, bytes / profiledSteps]);
  return { batchSize, bytesPerStep: total / profiledSteps, top };
}

const backend = createWasmBackend({ threads });
registerBackend('bench-memory-wasm', () => backend);
setBackend('bench-memory-wasm');

console.log(`atelier bench:memory: seed model, wasm backend, ${threads} thread(s)`);
const rssBefore = process.resourceUsage().maxRSS / 1024;
const model = seedModel();
compileForLogits(model);
const data = syntheticMnist(epochSamples, 1);
const start = performance.now();
await model.fit(data.x, data.y, { epochs: 1, batchSize: 32, verbose: 0, shuffle: true });
const epochMs = performance.now() - start;
const peakRssMiB = process.resourceUsage().maxRSS / 1024;
const heap = backend.heapStats();
data.x.dispose();
data.y.dispose();
console.log(
  `one epoch, ${epochSamples} samples, batch 32: ${(epochMs / 1000).toFixed(1)} s; peak RSS ${peakRssMiB.toFixed(0)} MiB ` +
    `(${rssBefore.toFixed(0)} MiB before the data); wasm memory ${(heap.memoryBytes / MIB).toFixed(0)} MiB ` +
    `(data set ${((epochSamples * 785 * 4) / MIB).toFixed(0)} MiB)`,
);

const session = new Session();
session.connect();
const allocations = [];
for (const batchSize of [32, 128]) {
  const result = await allocationPerStep(session, batchSize);
  allocations.push(result);
  console.log(`batch ${batchSize}: ${(result.bytesPerStep / 1024).toFixed(1)} KiB of JavaScript allocation per step (${profiledSteps} steps sampled); top call sites:`);
  for (const [site, bytes] of result.top) console.log(`  ${(bytes / 1024).toFixed(2).padStart(8)} KiB  ${site}`);
}
session.disconnect();

const outDir = fileURLToPath(new URL('../../bench/results/', import.meta.url));
mkdirSync(outDir, { recursive: true });
const report = { threads, epochSamples, epochMs, peakRssMiB, wasmMemoryMiB: heap.memoryBytes / MIB, allocations };
writeFileSync(`${outDir}memory.json.tmp`, `${JSON.stringify(report, null, 2)}\n`);
renameSync(`${outDir}memory.json.tmp`, `${outDir}memory.json`);
console.log('wrote bench/results/memory.json');
backend.dispose();
