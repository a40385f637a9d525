/**
 * `npm run bench [-- --quick] [--only NAME] [--threads N] [--peers tfjs,pytorch|none] [--rounds N] [--out FILE]`:
 * runs every workload in bench/workloads/, prints atelier's figures beside TensorFlow.js (cpu
 * backend) and PyTorch (when installed) with atelier/peer ratios, and writes the results as
 * `{environment: {node, threads, kernels, rounds, date}, results: [{bench, unit, atelier, peers}]}` (`kernels`:
 * which build of the wasm kernels ran, `relaxed` or `baseline`; ATELIER_WASM_SIMD chooses). `--rounds N`
 * runs each workload N times in a row and keeps each side's best figure (atelier and every peer
 * separately): the host's speed drifts between runs, and one round's ratio moves with it. `--peers` limits which peers run (default both). A full run
 * writes bench/results/latest.json (the tracked record of the last full run); a partial one
 * (`--only`, `--quick`) writes bench/results/partial.json (not tracked), so it never replaces the
 * full record by accident; `--out` chooses the file.
 */
import { readdirSync, renameSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { JsBackend } from '../src/backend/js/js-backend.js';
import { createWasmBackend } from '../src/backend/wasm/index.js';
import { bestOfRounds, higherIsBetter, round, type BenchContext, type BenchResult, type Workload } from './harness.js';
import { loadTfjs } from './peers/tfjs.js';
import { torchRunner, torchVersion } from './peers/torch.js';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function loadWorkloads(only: string | undefined): Promise<Workload[]> {
  const dir = new URL('./workloads/', import.meta.url);
  const files = readdirSync(dir).filter((f) => f.endsWith('.js')).sort();
  const workloads: Workload[] = [];
  for (const file of files) {
    const module = (await import(new URL(file, dir).href)) as { workload?: Workload };
    if (module.workload && (!only || module.workload.name.includes(only))) workloads.push(module.workload);
  }
  return workloads;
}

/** "1.23x" where > 1 means atelier is faster than the peer. */
function ratio(result: BenchResult, peer: number): string {
  const r = higherIsBetter(result.unit) ? result.atelier / peer : peer / result.atelier;
  return `${round(r)}x`;
}

function print(result: BenchResult): void {
  const peers = Object.entries(result.peers).map(([name, value]) => `${name} ${round(value)} (atelier ${ratio(result, value)})`);
  console.log(`${result.bench.padEnd(28)} ${String(round(result.atelier)).padStart(8)} ${result.unit.padEnd(9)} ${peers.join('  ')}`);
}

const quick = process.argv.includes('--quick');
const peerNames = new Set((option('--peers') ?? 'tfjs,pytorch').split(',').map((p) => p.trim()));
for (const name of peerNames) {
  if (!['tfjs', 'pytorch', 'none'].includes(name)) {
    console.error(`bench: --peers takes a comma-separated list of tfjs, pytorch or none, got '${name}'`);
    process.exit(2);
  }
}
const threads = Number(option('--threads') ?? process.env.ATELIER_THREADS ?? availableParallelism());
const rounds = Number(option('--rounds') ?? 1);
if (!(Number.isInteger(rounds) && rounds >= 1)) {
  console.error(`bench: --rounds takes a positive integer, got '${option('--rounds')}'`);
  process.exit(2);
}
const context: BenchContext = {
  quick,
  threads,
  wasm: createWasmBackend({ threads }),
  js: new JsBackend(),
  torch: peerNames.has('pytorch') ? torchRunner(threads) : null,
  tfjs: peerNames.has('tfjs') ? await loadTfjs() : null,
};
const environment = { node: process.version, threads, kernels: context.wasm.kernelBuild, rounds, date: new Date().toISOString() };
console.log(
  `atelier bench: ${threads} thread(s), Node ${environment.node}, ${environment.kernels} wasm kernels${rounds > 1 ? `, best of ${rounds} rounds` : ''}${quick ? ', quick' : ''}; peers: ` +
    `${context.tfjs ? `tfjs ${context.tfjs.version.tfjs} cpu` : 'tfjs not run'}, ` +
    `${context.torch ? `pytorch ${torchVersion()}` : 'pytorch not run'}. ratios: >1x means atelier is faster`,
);
const results: BenchResult[] = [];
for (const workload of await loadWorkloads(option('--only'))) {
  const perRound: BenchResult[][] = [];
  for (let i = 0; i < rounds; i++) perRound.push(await workload.run(context));
  for (const result of bestOfRounds(perRound)) {
    print(result);
    results.push(result);
  }
}
const resultsDir = fileURLToPath(new URL('../../bench/results/', import.meta.url));
const partial = quick || option('--only') !== undefined;
const chosenOut = option('--out');
const outFile = resolve(chosenOut ?? `${resultsDir}${partial ? 'partial.json' : 'latest.json'}`);
mkdirSync(dirname(outFile), { recursive: true });
// Write then rename, so a reader never sees half a file.
writeFileSync(`${outFile}.tmp`, `${JSON.stringify({ environment, results }, null, 2)}\n`);
renameSync(`${outFile}.tmp`, outFile);
console.log(`wrote ${relative(process.cwd(), outFile) || outFile} (${results.length} results${partial && chosenOut === undefined ? '; a partial run leaves latest.json, the full run\'s record, alone' : ''})`);
context.wasm.dispose();
