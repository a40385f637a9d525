/**
 * Reference-counted tensor storage, released when every tensor that uses it is disposed or
 * garbage-collected, and the live-memory counters behind {@link memory}.
 * @module
 */
import type { Backend } from '../backend/kernels.js';
import { bytesPerElement, dtypeOfArray, type TypedArray } from './dtype.js';

/** Storage shared by a tensor and its zero-copy reshapes. */
export class Storage {
  /** Tensors holding this storage. */
  refs = 0;
  constructor(
    readonly values: TypedArray,
    readonly backend: Backend,
  ) {
    counters.storages++;
    counters.bytes += values.length * bytesPerElement(dtypeOfArray(values));
  }

  /** Drops one reference; frees the memory when none is left. */
  release(): void {
    if (--this.refs > 0) return;
    counters.storages--;
    counters.bytes -= this.values.length * bytesPerElement(dtypeOfArray(this.values));
    this.backend.free(this.values);
  }
}

const counters = { tensors: 0, storages: 0, bytes: 0 };

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
 * Reports live tensors and bytes. Tensors that became unreachable are counted until the garbage
 * collector finalizes them; call `dispose()` or use a {@link scope} to release memory at once.
 */
export function memory(): MemoryInfo {
  return { numTensors: counters.tensors, numBuffers: counters.storages, numBytes: counters.bytes };
}

const finalizer = new FinalizationRegistry<Storage>((storage) => {
  counters.tensors--;
  storage.release();
});

/** Attaches `storage` to a new tensor `owner`: counted now, released when `owner` is disposed or collected. */
export function attachStorage(owner: object, storage: Storage): void {
  storage.refs++;
  counters.tensors++;
  finalizer.register(owner, storage, owner);
}

/** Releases `owner`'s hold on `storage` now (explicit dispose). */
export function detachStorage(owner: object, storage: Storage): void {
  finalizer.unregister(owner);
  counters.tensors--;
  storage.release();
}
