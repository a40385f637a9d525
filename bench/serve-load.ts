/**
 * `npm run bench:serve [-- --run <run-dir>] [--seconds 10] [--max-batch N]`: load on `atelier serve` with autocannon.
 *
 * The server runs in a child process (`atelier serve`, the CLI as users start it) so that the load
 * generator does not share its event loop. Without `--run`, the served run is the default painting
 * classifier (`defaultClassifier`, 64×64 RGB, one class per artist of assets/paintings) saved
 * untrained: its cost per prediction is that of a trained one, and the figures are about speed.
 *
 * 1. throughput: 32 concurrent clients posting 64×64 PNG crops of the shipped paintings to
 *    `/predict` for `--seconds`: predictions/s, latency p50/p97.5/p99, statuses;
 * 2. overload: 2,000 requests at 200 concurrent clients: statuses (2xx, 503, anything else), and the
 *    server's resident memory before, right after and 5 s after.
 *
 * Prints a summary and writes bench/results/serve-load.json.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import { defaultClassifier } from '../src/art/classify/model.js';
import { runInfoFiles } from '../src/art/classify/run-folder.js';
import { readImage, encodeImage } from '../src/io/image.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** The default painting classifier, untrained, as a run folder. */
function paintingClassifierRun(dir: string): string {
  const labels = JSON.parse(readFileSync(join(repo, 'assets/paintings/labels.json'), 'utf8')) as Record<string, string>;
  const classes = [...new Set(Object.values(labels))].sort();
  const model = defaultClassifier({ imageSize: [64, 64], numClasses: classes.length, seed: 0 });
  const run = join(dir, 'artists');
  mkdirSync(run, { recursive: true });
  model.save(run, {
    includeOptimizer: false,
    files: runInfoFiles(classes, {
      format: 'atelier-classifier', version: 1, imageSize: [64, 64], channels: 3, fit: 'cover', dataFolder: 'assets/paintings (untrained, for the benchmark)',
      layout: 'split', validationSplit: 0.2, seed: 0, trainCounts: classes.map(() => 0), validationCounts: classes.map(() => 0), bestEpoch: 0, monitor: 'val_loss',
    }),
  });
  return run;
}

/** 64×64 PNGs of a few shipped paintings. */
async function testImages(): Promise<Buffer[]> {
  const names = ['vincent_van_gogh_the_starry_night.jpg', 'katsushika_hokusai_the_great_wave_off_kanagawa.jpg', 'piet_mondrian_tableau_no_2_composition_no_vii.jpg', 'edvard_munch_the_scream.jpg'];
  return Promise.all(names.map(async (n) => Buffer.from(await encodeImage(await readImage(join(repo, 'assets/paintings', n), { size: [64, 64] })))));
}

/** Starts `atelier serve` and resolves with its URL once it listens. */
function startServer(run: string): Promise<{ child: ChildProcess; url: string }> {
  const batch = option('--max-batch');
  const args = [join(repo, 'dist/src/cli/main.js'), 'serve', run, '--port', '0', ...(batch ? ['--max-batch', batch] : [])];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match) resolve({ child, url: match[1]! });
    });
    child.once('exit', (code) => reject(new Error(`atelier serve exited with ${code}: ${out}`)));
  });
}

/** Resident memory of a process in MiB (Linux). */
function rssMiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  return Number(/(\d+)/.exec(line ?? '')?.[1] ?? NaN) / 1024;
}

/**
 * Client timeout in seconds. autocannon's timer of a connection keeps running after the connection
 * has sent its share of `amount` (10 requests at 200 connections, 2,000 requests); when the burst
 * as a whole lasts longer than 10 s after that, the idle connection is counted as timed out, which
 * reads as lost requests. The answers' own latency is reported separately.
 */
const CLIENT_TIMEOUT_S = 60;

async function load(url: string, images: Buffer[], options: { connections: number; duration?: number; amount?: number }): Promise<autocannon.Result> {
  let next = 0;
  return autocannon({
    url: `${url}/predict`, connections: options.connections, timeout: CLIENT_TIMEOUT_S, ...(options.duration ? { duration: options.duration } : {}), ...(options.amount ? { amount: options.amount } : {}),
    method: 'POST', headers: { 'content-type': 'image/png' },
    requests: [{ setupRequest: (request) => ({ ...request, body: images[next++ % images.length] }) }],
  });
}

function statuses(result: autocannon.Result): Record<string, number> {
  return Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => [code, s.count ?? 0]));
}

const work = mkdtempSync(join(tmpdir(), 'atelier-serve-bench-'));
const run = option('--run') ?? paintingClassifierRun(work);
const seconds = Number(option('--seconds') ?? 10);
const images = await testImages();
const { child, url } = await startServer(run);
try {
  console.log(`serve-load: ${run} at ${url}; ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  await load(url, images, { connections: 4, amount: 200 }); // warm-up: loads the model, JIT
  const rssStart = rssMiB(child.pid!);
  const steady = await load(url, images, { connections: 32, duration: seconds });
  const throughput = {
    connections: 32, seconds, predictionsPerSecond: steady.requests.average, requests: steady.requests.total,
    latencyMs: { p50: steady.latency.p50, p97_5: steady.latency.p97_5, p99: steady.latency.p99, max: steady.latency.max },
    statuses: statuses(steady), errors: steady.errors, timeouts: steady.timeouts,
  };
  console.log(`32 clients, ${seconds} s: ${steady.requests.average.toFixed(0)} predictions/s, p50 ${steady.latency.p50} ms, p99 ${steady.latency.p99} ms, statuses ${JSON.stringify(throughput.statuses)}`);
  const burst = await load(url, images, { connections: 200, amount: 2000 });
  const rssAfter = rssMiB(child.pid!);
  const again = await load(url, images, { connections: 200, amount: 2000 });
  console.log(`second burst: statuses ${JSON.stringify(statuses(again))}, errors ${again.errors}, timeouts ${again.timeouts}, RSS ${rssMiB(child.pid!).toFixed(0)} MiB`);
  await sleep(5000);
  const rssLater = rssMiB(child.pid!);
  const codes = statuses(burst);
  const other5xx = Object.entries(codes).filter(([c]) => c.startsWith('5') && c !== '503').reduce((s, [, n]) => s + n, 0);
  const overload = {
    connections: 200, requests: 2000, statuses: codes, other5xx, errors: burst.errors, timeouts: burst.timeouts,
    latencyMs: { p50: burst.latency.p50, p99: burst.latency.p99 }, serverAlive: child.exitCode === null,
    rssMiB: { start: Math.round(rssStart), afterBurst: Math.round(rssAfter), fiveSecondsLater: Math.round(rssLater) },
  };
  console.log(`200 clients, 2,000 requests: statuses ${JSON.stringify(codes)}, errors ${burst.errors} (timeouts ${burst.timeouts}), server alive ${overload.serverAlive}; RSS ${overload.rssMiB.start} -> ${overload.rssMiB.afterBurst} -> ${overload.rssMiB.fiveSecondsLater} MiB`);
  const results = join(repo, 'bench/results');
  mkdirSync(results, { recursive: true });
  writeFileSync(join(results, 'serve-load.json'), `${JSON.stringify({ date: new Date().toISOString(), node: process.version, cores: cpus().length, loadAverage: loadavg(), throughput, overload }, null, 1)}\n`);
} finally {
  child.kill('SIGTERM');
  rmSync(work, { recursive: true, force: true });
}
