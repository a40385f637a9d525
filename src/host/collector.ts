/**
 * What the host offers for releasing unreachable tensors in the middle of synchronous code.
 *
 * A `FinalizationRegistry` callback runs as a task of its own, after the current synchronous job has
 * returned to the event loop, and V8 does not see the wasm heap, so it feels no pressure to collect:
 * a loop that never yields keeps every tensor it made. Node offers two synchronous steps that,
 * together with a `WeakRef` per tensor, let atelier find dead tensors without leaving the job:
 *
 * - a full garbage collection, `gc`, taken once from a fresh `vm` context created while
 *   `--expose-gc` is set with `v8.setFlagsFromString` (the flag is restored at once, so the main
 *   context and later contexts stay as they were);
 * - ending the current job's hold on `WeakRef` targets (the spec keeps an object alive until the end
 *   of the job in which a `WeakRef` to it was created or dereferenced): V8 clears that list at every
 *   microtask checkpoint, and a `vm` context with `microtaskMode: 'afterEvaluate'` runs a checkpoint
 *   of its own queue after each script it evaluates, so evaluating an empty script there clears it.
 *
 * Browsers have neither: there {@link hostCollector} has no `collect`. `ATELIER_SYNC_GC=0` turns the
 * Node path off. Both steps were checked on Node 20 (V8 11.3) and Node 24 (V8 13.6).
 * @module
 */
import type * as NodeV8 from 'node:v8';
import type * as NodeVm from 'node:vm';
import { isNode } from './runtime.js';

/** The host's synchronous collection, where it has one. */
export interface HostCollector {
  /**
   * Ends the current job's hold on `WeakRef` targets, then runs a full garbage collection, both
   * synchronously: afterwards `deref()` returns undefined for every object that was unreachable.
   * Undefined where the host cannot.
   */
  collect: (() => void) | undefined;
  /** Ends the current job's hold on `WeakRef` targets (a few microseconds); undefined where the host cannot. */
  releaseKept: (() => void) | undefined;
}

function nodeCollector(v8: typeof NodeV8, vm: typeof NodeVm): HostCollector | undefined {
  if (process.env.ATELIER_SYNC_GC === '0') return undefined;
  try {
    let gc = (globalThis as { gc?: () => void }).gc;
    if (typeof gc !== 'function') {
      v8.setFlagsFromString('--expose-gc');
      try {
        gc = vm.runInNewContext('typeof gc === "function" ? gc : undefined') as (() => void) | undefined;
      } finally {
        v8.setFlagsFromString('--no-expose-gc');
      }
    }
    if (typeof gc !== 'function') return undefined;
    const checkpoint = vm.createContext({}, { microtaskMode: 'afterEvaluate' });
    const empty = new vm.Script('undefined');
    const releaseKept = (): void => {
      empty.runInContext(checkpoint);
    };
    const fullGc = gc;
    return {
      collect: () => {
        releaseKept();
        fullGc();
      },
      releaseKept,
    };
  } catch {
    return undefined;
  }
}

/** The running host's collector; see the module comment. */
export const hostCollector: HostCollector = (isNode ? nodeCollector(await import('node:v8'), await import('node:vm')) : undefined) ?? {
  collect: undefined,
  releaseKept: undefined,
};
