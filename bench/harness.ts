import type { WasmBackend } from '../src/backend/wasm/index.js';
import type { JsBackend } from '../src/backend/js/js-backend.js';

/**
 * The benchmark harness's vocabulary: a workload measures atelier and, when it can, the same
 * computation on peers (TensorFlow.js's cpu backend, PyTorch). Each workload is one file in
 * bench/workloads/ exporting `workload`; run.ts discovers them.
 */

/** One reported figure: atelier's value and the peers' values for the same bench. */
export interface BenchResult {
  bench: string;
  /** `GFLOP/s`, `samples/s`... (higher is better) or `ms` (lower is better). */
  unit: string;
  atelier: number;
  peers: Record<string, number>;
}

/** What every workload receives. */
export interface BenchContext {
  /** The wasm backend under test (threads as below). */
  wasm: WasmBackend;
  /** The reference backend, for small sizes only. */
  js: JsBackend;
  /** Short run: fewer repetitions (and smaller sizes where a workload says so). */
  quick: boolean;
  /** Threads atelier and the peers may use. */
  threads: number;
  /** Runs a PyTorch snippet (see peers/torch.ts); null when PyTorch is not installed. */
  torch: ((script: string) => Record<string, number>) | null;
  /** TensorFlow.js with its cpu backend ready; null when it cannot be loaded. */
  tfjs: typeof import('@tensorflow/tfjs') | null;
}

/** A benchmark: one file under bench/workloads/ exports one as `workload`. */
export interface Workload {
  /** Name used by `--only`. */
  name: string;
  run(context: BenchContext): Promise<BenchResult[]>;
}

/** True when larger values of `unit` are better. */
export function higherIsBetter(unit: string): boolean {
  return unit !== 'ms';
}

/** A first call slower than this is reported as is: repeating multi-second calls adds little. */
const SLOW_CALL_MS = 1000;

/**
 * Milliseconds per call of `fn`: one warm-up call, then the best of `reps` timed calls (the best is
 * the least disturbed by other processes on a shared machine).
 */
export function bestMs(fn: () => void, reps: number): number {
  const start = performance.now();
  fn();
  let best = performance.now() - start;
  if (best > SLOW_CALL_MS) return best;
  best = Infinity;
  for (let i = 0; i < reps; i++) {
    const start = performance.now();
    fn();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

/** Async variant of {@link bestMs} for peers whose results arrive asynchronously. */
export async function bestMsAsync(fn: () => Promise<void>, reps: number): Promise<number> {
  const start = performance.now();
  await fn();
  let best = performance.now() - start;
  if (best > SLOW_CALL_MS) return best;
  best = Infinity;
  for (let i = 0; i < reps; i++) {
    const start = performance.now();
    await fn();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

/**
 * Merges the results of several rounds of the same workloads: per bench, atelier's best figure and
 * each peer's best figure, each side on its own (the host's speed drifts between rounds, and the
 * best is the least disturbed). Benches keep the order of their first appearance.
 */
export function bestOfRounds(rounds: readonly (readonly BenchResult[])[]): BenchResult[] {
  const merged = new Map<string, BenchResult>();
  for (const round of rounds) {
    for (const result of round) {
      const better = (a: number, b: number): number => (higherIsBetter(result.unit) ? Math.max(a, b) : Math.min(a, b));
      const seen = merged.get(result.bench);
      if (!seen) {
        merged.set(result.bench, { ...result, peers: { ...result.peers } });
        continue;
      }
      seen.atelier = better(seen.atelier, result.atelier);
      for (const [peer, value] of Object.entries(result.peers)) seen.peers[peer] = peer in seen.peers ? better(seen.peers[peer]!, value) : value;
    }
  }
  return [...merged.values()];
}

/** GFLOP/s of `flops` floating-point operations done in `ms` milliseconds. */
export function gflops(flops: number, ms: number): number {
  return flops / ms / 1e6;
}

/** Rounds to three significant digits for reports. */
export function round(value: number): number {
  return Number.isFinite(value) ? Number(value.toPrecision(3)) : value;
}
