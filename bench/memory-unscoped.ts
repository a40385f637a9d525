/**
 * `npm run bench:memory-unscoped [-- --ops N] [--backend wasm|js] [--only TEXT]`: what a loop of small
 * ops costs when nobody calls `dispose()` or `scope()` (issue 9). Each case runs in a fresh Node
 * process (no `--expose-gc`, as a user runs it) and reports, at the end of the loop, the resident set,
 * its peak, the wasm memory, the live tensors and the time:
 *
 * - `small`: `x = add(mul(x, 0.5), 1)` on a `[4]` tensor; `kib`: the same on `[1024]` (4 KiB per tensor);
 * - `unscoped`: nothing released by hand; `scoped`: each step in `scope()`, the previous `x` disposed;
 * - `sync`: one synchronous loop; `micro`: `await null` every 100 steps (microtasks only);
 *   `task`: `await` a `setImmediate` every 100 steps (the event loop turns, finalizers may run).
 *
 * Prints a table and writes bench/results/memory-unscoped.json.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { add, getBackend, memory, mul, scope, setBackend, zeros, type Tensor } from '../src/index.js';
import { collectionInfo } from '../src/tensor/storage.js';

const MIB = 1024 * 1024;

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1]! : fallback;
}

/** One row of the report. */
interface CaseResult {
  name: string;
  baseRssMiB: number;
  rssMiB: number;
  peakRssMiB: number;
  wasmMiB: number;
  liveTensors: number;
  /** Collection passes that ran (0 where the host cannot collect synchronously). */
  passes: number;
  ms: number;
}

const step = (x: Tensor): Tensor => add(mul(x, 0.5), 1);

/** Runs one case in this process and prints its result as JSON. */
async function runCase(name: string, ops: number): Promise<void> {
  const [size, mode, loop] = name.split('/') as ['small' | 'kib', 'scoped' | 'unscoped', 'sync' | 'micro' | 'task'];
  let x = zeros([size === 'small' ? 4 : 1024]);
  step(x); // loads the backend and compiles the code paths
  const baseRss = process.memoryUsage().rss;
  const start = performance.now();
  for (let i = 0; i < ops; i++) {
    if (mode === 'scoped') {
      const next = scope(() => step(x));
      x.dispose();
      x = next;
    } else {
      x = step(x);
    }
    if (i % 100 === 99) {
      if (loop === 'micro') await Promise.resolve();
      else if (loop === 'task') await new Promise((resolve) => setImmediate(resolve));
    }
  }
  const ms = performance.now() - start;
  const heap = (getBackend() as { heapStats?: () => { memoryBytes: number } }).heapStats?.();
  const result: CaseResult = {
    name,
    baseRssMiB: baseRss / MIB,
    rssMiB: process.memoryUsage().rss / MIB,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
    wasmMiB: heap ? heap.memoryBytes / MIB : 0,
    liveTensors: memory().numTensors,
    passes: collectionInfo().passes,
    ms,
  };
  if (!(x.values[0]! > 0)) throw new Error(`${name}: wrong result ${x.values[0]}`);
  console.log(JSON.stringify(result));
}

const backendName = option('--backend', process.env.ATELIER_BACKEND ?? 'wasm');
const ops = Number(option('--ops', '20000'));
const child = option('--case', '');
if (child) {
  setBackend(backendName);
  await runCase(child, ops);
  process.exit(0);
}

const only = option('--only', '');
const cases: string[] = [];
for (const size of ['small', 'kib']) for (const mode of ['scoped', 'unscoped']) for (const loop of ['sync', 'micro', 'task']) cases.push(`${size}/${mode}/${loop}`);
console.log(`atelier bench:memory-unscoped: ${ops} steps of x = add(mul(x, 0.5), 1), ${backendName} backend, Node ${process.version}, one process per case`);
console.log('case                     rss MiB  (+loop)  peak MiB  wasm MiB  live tensors  passes     ms');
const results: CaseResult[] = [];
for (const name of cases.filter((c) => c.includes(only))) {
  const run = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--case', name, '--ops', String(ops), '--backend', backendName], {
    encoding: 'utf8',
    env: { ...process.env, ATELIER_BACKEND: backendName },
  });
  const line = run.stdout.trim().split('\n').pop() ?? '';
  if (run.status !== 0 || !line.startsWith('{')) {
    console.log(`${name.padEnd(24)} failed: ${(run.stderr.trim().split('\n').pop() ?? '').slice(0, 160)}`);
    continue;
  }
  const r = JSON.parse(line) as CaseResult;
  results.push(r);
  console.log(
    `${r.name.padEnd(24)} ${r.rssMiB.toFixed(0).padStart(7)}  ${('+' + (r.rssMiB - r.baseRssMiB).toFixed(0)).padStart(7)}  ` +
      `${r.peakRssMiB.toFixed(0).padStart(8)}  ${r.wasmMiB.toFixed(0).padStart(8)}  ${String(r.liveTensors).padStart(12)}  ${String(r.passes).padStart(6)}  ${r.ms.toFixed(0).padStart(5)}`,
  );
}
const outDir = fileURLToPath(new URL('../../bench/results/', import.meta.url));
mkdirSync(outDir, { recursive: true });
writeFileSync(`${outDir}memory-unscoped.json.tmp`, `${JSON.stringify({ backend: backendName, ops, results }, null, 2)}\n`);
renameSync(`${outDir}memory-unscoped.json.tmp`, `${outDir}memory-unscoped.json`);
