/**
 * Opt-in kernel profiling: with `ATELIER_PROFILE=1`, every backend the registry creates is wrapped
 * so each kernel call is timed (per kernel, and per op for `unary`/`binary`/`reduce`), and a table
 * of total time, calls and mean time per kernel is printed to stderr when the process exits.
 * Kernels run synchronously (threads included), so wall time around a call is the kernel's time.
 * @module
 */
import type { Backend } from './kernels.js';

interface Tally {
  ms: number;
  calls: number;
}

const tallies = new Map<string, Tally>();
let reporting = false;

/** Kernels whose first argument names the operation, reported as `kernel:op`. */
const BY_OP = new Set(['unary', 'binary', 'reduce']);

/** True when `ATELIER_PROFILE` asks for the kernel table. */
export function profilingEnabled(): boolean {
  const flag = typeof process !== 'undefined' ? process.env?.ATELIER_PROFILE : undefined;
  return flag !== undefined && flag !== '' && flag !== '0';
}

/** The kernel table so far, slowest first. */
export function profileTable(): string {
  const rows = [...tallies.entries()].sort((a, b) => b[1].ms - a[1].ms);
  const total = rows.reduce((s, [, t]) => s + t.ms, 0);
  const lines = [`${'kernel'.padEnd(30)} ${'total ms'.padStart(10)} ${'share'.padStart(6)} ${'calls'.padStart(8)} ${'µs/call'.padStart(9)}`];
  for (const [name, t] of rows) {
    const share = total > 0 ? `${((100 * t.ms) / total).toFixed(1)}%` : '-';
    lines.push(`${name.padEnd(30)} ${t.ms.toFixed(1).padStart(10)} ${share.padStart(6)} ${String(t.calls).padStart(8)} ${((1000 * t.ms) / t.calls).toFixed(1).padStart(9)}`);
  }
  lines.push(`${'all kernels'.padEnd(30)} ${total.toFixed(1).padStart(10)}`);
  return lines.join('\n');
}

/** Wraps `backend` so that its kernel calls are timed; prints the table at exit (once per process). */
export function profiled(backend: Backend): Backend {
  if (!reporting && typeof process !== 'undefined') {
    reporting = true;
    process.on('exit', () => process.stderr.write(`atelier kernel profile (ATELIER_PROFILE=1):\n${profileTable()}\n`));
  }
  const wrappers = new Map<PropertyKey, unknown>();
  return new Proxy(backend, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof value !== 'function' || typeof key !== 'string') return value;
      let wrapper = wrappers.get(key);
      if (!wrapper) {
        const fn = value as (...args: unknown[]) => unknown;
        wrapper = (...args: unknown[]): unknown => {
          const name = BY_OP.has(key) ? `${key}:${String(args[0])}` : key;
          const start = performance.now();
          try {
            return fn.apply(target, args);
          } finally {
            const tally = tallies.get(name) ?? { ms: 0, calls: 0 };
            tally.ms += performance.now() - start;
            tally.calls++;
            tallies.set(name, tally);
          }
        };
        wrappers.set(key, wrapper);
      }
      return wrapper;
    },
  });
}
