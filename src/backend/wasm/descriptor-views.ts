/**
 * Typed-array views of the runtime's two job descriptor slots, made once per runtime. Descriptors
 * sit at fixed low offsets of the shared memory; a view of a `SharedArrayBuffer` made before the
 * memory grows stays valid (a shared memory never moves), so the drivers need not create new views
 * (garbage) on every kernel call.
 * @module
 */
import { DESCRIPTOR_BYTES, type WasmRuntime } from './runtime.js';

/** Int32 and float32 views of one descriptor slot (both start at the slot's first byte). */
export interface DescriptorViews {
  /** Byte offset of the slot, as kernels receive it. */
  offset: number;
  words: Int32Array;
  floats: Float32Array;
}

const cache = new WeakMap<WasmRuntime, [DescriptorViews, DescriptorViews]>();

/** The views of descriptor slot `slot` (0 or 1) of `rt`. */
export function descriptorViews(rt: WasmRuntime, slot: 0 | 1): DescriptorViews {
  let views = cache.get(rt);
  if (!views) {
    const make = (offset: number): DescriptorViews => ({
      offset,
      words: new Int32Array(rt.heap.buffer, offset, DESCRIPTOR_BYTES / 4),
      floats: new Float32Array(rt.heap.buffer, offset, DESCRIPTOR_BYTES / 4),
    });
    views = [make(rt.descriptors[0]), make(rt.descriptors[1])];
    cache.set(rt, views);
  }
  return views[slot];
}
