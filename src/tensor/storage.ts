/**
 * Reference-counted tensor storage, released when every tensor that uses it is disposed or
 * garbage-collected, and the live-memory counters behind {@link memory}.
 *
 * Unreachable tensors are found by a `FinalizationRegistry`, whose callbacks run after the current
 * synchronous job returns to the event loop; where the host can collect synchronously (Node),
 * collection passes (collection-passes.ts) also release them inside long synchronous loops.
 * @module
 */
import type { Backend } from '../backend/kernels.js';
import { hostCollector } from '../host/collector.js';
import { CollectionPasses } from './collection-passes.js';
import { bytesPerElement, dtypeOfArray, type TypedArray } from './dtype.js';

const counters = { tensors: 0, storages: 0, bytes: 0 };

/**
 * What releasing a storage needs. It keeps the typed array only for backends that must free it
 * (the wasm heap): arrays that belong to the JavaScript garbage collector (the reference backend's)
 * are not kept, so the collector reclaims them as soon as their tensors are unreachable, before
 * any finalizer has run.
 */
class Ledger {
  /** Tensors holding the storage. */
  refs = 0;
  constructor(
    readonly bytes: number,
    readonly backend: Backend,
    readonly toFree: TypedArray | null,
  ) {}

  release(): void {
    if (--this.refs > 0) return;
    counters.storages--;
    counters.bytes -= this.bytes;
    if (this.toFree) this.backend.free(this.toFree);
  }
}

/** Storage shared by a tensor and its zero-copy reshapes. */
export class Storage {
  /** @internal */
  readonly ledger: Ledger;
  constructor(
    readonly values: TypedArray,
    readonly backend: Backend,
  ) {
    const bytes = values.length * bytesPerElement(dtypeOfArray(values));
    this.ledger = new Ledger(bytes, backend, backend.collectsStorage === true ? null : values);
    counters.storages++;
    counters.bytes += bytes;
  }

  /** Tensors holding this storage. */
  get refs(): number {
    return this.ledger.refs;
  }
}

/** One tensor's hold on its storage: what the finalization registry and the collection passes hold. */
export class Hold {
  /** The tensor, weakly, while collection passes track it; null once released. */
  ref: WeakRef<object> | null = null;
  released = false;
  constructor(readonly ledger: Ledger) {}
}

/** Live tensor memory, as reported by {@link memory}. */
export interface MemoryInfo {
  /** Tensors neither disposed nor garbage-collected. */
  numTensors: number;
  /** Distinct storage buffers those tensors use (reshapes share one). */
  numBuffers: number;
  /** Bytes held by those buffers. */
  numBytes: number;
}

/**
 * Reports live tensors and bytes. Tensors that became unreachable are counted until they are
 * released: by a collection pass inside synchronous code on Node, else once the garbage collector
 * has found them and the code has returned to the event loop. Call `dispose()` or use a
 * {@link scope} to release memory at once.
 */
export function memory(): MemoryInfo {
  return { numTensors: counters.tensors, numBuffers: counters.storages, numBytes: counters.bytes };
}

function release(hold: Hold): void {
  if (hold.released) return;
  hold.released = true;
  hold.ref = null;
  counters.tensors--;
  hold.ledger.release();
}

const finalizer = new FinalizationRegistry<Hold>(release);

const { collect, releaseKept } = hostCollector;
const passes =
  collect && releaseKept
    ? new CollectionPasses<Hold>({ collect, releaseKept }, { get tensors() { return counters.tensors; }, get bytes() { return counters.bytes; } }, (hold) => {
        finalizer.unregister(hold);
        release(hold);
      })
    : undefined;

/** How unreachable tensors are released here, as reported by {@link collectionInfo}. */
export interface CollectionInfo {
  /** True where collection passes release unreachable tensors inside synchronous code (Node). */
  synchronous: boolean;
  /** Collection passes run so far. */
  passes: number;
}

/** @internal Whether collection passes run on this host, and how many ran. */
export function collectionInfo(): CollectionInfo {
  return { synchronous: passes !== undefined, passes: passes?.passes ?? 0 };
}

/** @internal Runs a collection pass now where the host can; returns false where it cannot. */
export function collectNow(): boolean {
  passes?.pass();
  return passes !== undefined;
}

/**
 * Attaches `storage` to a new tensor `owner`: counted now, released when `owner` is disposed
 * ({@link detachStorage} with the returned hold) or collected.
 */
export function attachStorage(owner: object, storage: Storage): Hold {
  const hold = new Hold(storage.ledger);
  storage.ledger.refs++;
  counters.tensors++;
  finalizer.register(owner, hold, hold);
  passes?.track(owner, hold);
  return hold;
}

/** Releases a tensor's hold on its storage now (explicit dispose). */
export function detachStorage(hold: Hold): void {
  finalizer.unregister(hold);
  release(hold);
}
