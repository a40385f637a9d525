/**
 * Reference-counted tensor storage, released when every tensor that uses it is disposed or its
 * typed array is garbage-collected, and the live-memory counters behind {@link memory}.
 *
 * What is watched for collection is the storage's typed array, not its tensors: an array is
 * reachable as long as any of its tensors is, and also while code holds the array itself (an op
 * that kept `t.values` of a temporary), so a storage is never freed under a reader. A
 * `FinalizationRegistry` releases it after the current synchronous job has returned to the event
 * loop; where the host can collect synchronously (Node), collection passes (collection-passes.ts)
 * also release it inside long synchronous loops.
 * @module
 */
import type { Backend } from '../backend/kernels.js';
import { hostCollector } from '../host/collector.js';
import { CollectionPasses } from './collection-passes.js';
import { bytesPerElement, dtypeOfArray, type TypedArray } from './dtype.js';

const counters = { tensors: 0, storages: 0, bytes: 0 };

/**
 * What releasing a storage needs; the finalization registry holds it, so it must not hold the typed
 * array (that would keep it reachable). For backends that must free their arrays (the wasm heap) it
 * keeps the buffer and the offset, from which a view is made again to free it; arrays that belong to
 * the JavaScript garbage collector (the reference backend's) are reclaimed by it.
 */
class Ledger {
  /** Tensors holding the storage and not disposed. */
  refs = 0;
  released = false;
  /** The typed array, weakly, while collection passes track it; null once released. */
  ref: WeakRef<object> | null = null;
  constructor(
    readonly bytes: number,
    readonly backend: Backend,
    readonly buffer: ArrayBufferLike | null,
    readonly byteOffset: number,
  ) {}

  /** Frees the storage once (the counters, and the backend's memory where it must be freed). */
  release(): void {
    if (this.released) return;
    this.released = true;
    this.ref = null;
    counters.storages--;
    counters.bytes -= this.bytes;
    if (this.buffer) this.backend.free(new Uint8Array(this.buffer, this.byteOffset, 0));
  }
}

/** The storage's typed array is unreachable: its tensors are too, so none of them is live any more. */
function collected(ledger: Ledger): void {
  if (ledger.released) return;
  counters.tensors -= ledger.refs;
  ledger.refs = 0;
  ledger.release();
}

const finalizer = new FinalizationRegistry<Ledger>(collected);

const { collect, releaseKept } = hostCollector;
const passes =
  collect && releaseKept
    ? new CollectionPasses<Ledger>(
        { collect, releaseKept },
        { get tensors() { return counters.tensors; }, get bytes() { return counters.bytes; } },
        (ledger) => {
          finalizer.unregister(ledger);
          collected(ledger);
        },
      )
    : undefined;

/** Storage shared by a tensor and its zero-copy reshapes. */
export class Storage {
  /** @internal */
  readonly ledger: Ledger;
  constructor(
    readonly values: TypedArray,
    readonly backend: Backend,
  ) {
    const bytes = values.length * bytesPerElement(dtypeOfArray(values));
    const owned = backend.collectsStorage === true ? null : values.buffer;
    this.ledger = new Ledger(bytes, backend, owned, values.byteOffset);
    counters.storages++;
    counters.bytes += bytes;
    finalizer.register(values, this.ledger, this.ledger);
    passes?.track(values, this.ledger);
  }

  /** Tensors holding this storage. */
  get refs(): number {
    return this.ledger.refs;
  }
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

/** Attaches `storage` to a new tensor: counted until it is disposed or the storage is collected. */
export function attachStorage(storage: Storage): void {
  storage.ledger.refs++;
  counters.tensors++;
  passes?.tick();
}

/** Releases a tensor's hold on `storage` now (explicit dispose); the last hold frees the storage. */
export function detachStorage(storage: Storage): void {
  const ledger = storage.ledger;
  if (ledger.released) return;
  counters.tensors--;
  if (--ledger.refs > 0) return;
  finalizer.unregister(ledger);
  ledger.release();
}
