/**
 * A size-class allocator over the wasm linear memory. Tensor storage, packing buffers and scratch
 * all live in the one shared `WebAssembly.Memory`, so kernels get plain pointers (`view.byteOffset`).
 *
 * Block sizes are 64 bytes or `2^e · (1 + j/4)` (four classes per power of two, at most 25% slack);
 * each class keeps a free list of block offsets. Freed blocks are reused by the same class and
 * zeroed on reuse; new blocks come from a bump pointer, growing the memory when it runs out. Wasm
 * memory never shrinks, so the high-water mark is what a process keeps.
 *
 * The bookkeeping is TypeScript (not wasm): only the calling thread allocates, there is no call
 * across the boundary per allocation, and kernels cannot corrupt it.
 * @module
 */
import { AtelierError } from '../../errors.js';
import { bytesPerElement, type DType, type TypedArray } from '../../tensor/dtype.js';

const PAGE_BYTES = 65536;
/** Blocks of at least this many bytes start on a cache line. */
const CACHE_LINE = 64;

/** Index of the smallest size class that holds `bytes`. */
export function sizeClassOf(bytes: number): number {
  if (bytes <= 64) return 0;
  const e = 31 - Math.clz32(bytes - 1); // 2^e < bytes <= 2^(e+1)
  const quarter = 2 ** (e - 2);
  const j = Math.ceil((bytes - 2 ** e) / quarter);
  return j === 4 ? (e + 1 - 6) * 4 : (e - 6) * 4 + j;
}

/** Bytes in blocks of size class `index`. */
export function sizeClassBytes(index: number): number {
  const e = 6 + Math.floor(index / 4);
  return 2 ** e + (index % 4) * 2 ** (e - 2);
}

/** Counters reported by {@link WasmHeap.stats}. */
export interface HeapStats {
  /** Bytes of the wasm memory. */
  memoryBytes: number;
  /** Bytes in blocks currently handed out (rounded up to their size class). */
  liveBytes: number;
  /** Bytes in freed blocks waiting for reuse. */
  cachedBytes: number;
  /** Blocks currently handed out. */
  liveBlocks: number;
}

/** The allocator; see the module comment. */
export class WasmHeap {
  private current: SharedArrayBuffer;
  /** Every buffer object the memory has had: views made before a grow still point into it. */
  private readonly ownBuffers = new WeakSet<ArrayBufferLike>();
  private top: number;
  private readonly freeLists: number[][] = [];
  /** Size class of every live block, by offset: guards against double and foreign frees. */
  private readonly live = new Map<number, number>();
  private liveBytes = 0;
  private cachedBytes = 0;

  /**
   * @param memory the shared memory to carve up
   * @param base first byte the heap may use (below it: nothing; offset 0 stays unused so no block is null)
   * @param maxBytes the memory's maximum size
   * @param zeroBytes clears `bytes` bytes at `ptr` (the module's native memset; by default a
   *   TypedArray fill, which on shared memory is about ten times slower)
   */
  constructor(
    private readonly memory: WebAssembly.Memory,
    base: number,
    private readonly maxBytes: number,
    private readonly zeroBytes: (ptr: number, bytes: number) => void = (ptr, bytes) => new Uint8Array(memory.buffer, ptr, bytes).fill(0),
  ) {
    this.current = memory.buffer as unknown as SharedArrayBuffer;
    this.ownBuffers.add(this.current);
    this.top = Math.max(base, CACHE_LINE);
  }

  /** The memory's current buffer (refreshed after growth); make new views on this one. */
  get buffer(): SharedArrayBuffer {
    return this.current;
  }

  /** True when `values` is a view of this heap's memory. */
  owns(values: TypedArray): boolean {
    return this.ownBuffers.has(values.buffer);
  }

  /**
   * Reserves a block of at least `bytes` bytes and returns its offset. Its contents are zero unless
   * `zeroed` is false (scratch that a kernel overwrites entirely: skips clearing a reused block).
   */
  allocBytes(bytes: number, zeroed = true): number {
    let cls = sizeClassOf(bytes);
    // Only the requested bytes are visible through a view: the block's slack need not be cleared.
    const clear = zeroed ? bytes : 0;
    let ptr = this.takeCached(cls, clear);
    if (ptr === undefined) {
      ptr = this.carve(sizeClassBytes(cls));
      // Out of address space: a cached block of a larger class is better than failing.
      for (let c = cls + 1; ptr === undefined && c < this.freeLists.length; c++) {
        ptr = this.takeCached(c, clear);
        if (ptr !== undefined) cls = c;
      }
      if (ptr === undefined) {
        throw new AtelierError(
          `wasm backend: out of memory allocating ${bytes} bytes (memory ${this.current.byteLength} bytes, ` +
            `${this.liveBytes} in live blocks, limit ${this.maxBytes}); dispose tensors or use scope()`,
        );
      }
    }
    this.live.set(ptr, cls);
    this.liveBytes += sizeClassBytes(cls);
    return ptr;
  }

  /** Returns the block at `ptr` (from {@link allocBytes}) to its free list; unknown offsets are ignored. */
  freeBytes(ptr: number): void {
    const cls = this.live.get(ptr);
    if (cls === undefined) return;
    this.live.delete(ptr);
    const size = sizeClassBytes(cls);
    this.liveBytes -= size;
    this.cachedBytes += size;
    (this.freeLists[cls] ??= []).push(ptr);
  }

  /** Typed-array view of `size` elements in a fresh block, zero-filled unless `zeroed` is false. */
  alloc(dtype: DType, size: number, zeroed = true): TypedArray {
    const ptr = this.allocBytes(size * bytesPerElement(dtype), zeroed);
    switch (dtype) {
      case 'float32': return new Float32Array(this.current, ptr, size);
      case 'int32': return new Int32Array(this.current, ptr, size);
      case 'bool': return new Uint8Array(this.current, ptr, size);
    }
  }

  /** Releases a view from {@link alloc}; views of other memory are ignored. */
  free(values: TypedArray): void {
    if (this.owns(values)) this.freeBytes(values.byteOffset);
  }

  /** Current counters. */
  stats(): HeapStats {
    return { memoryBytes: this.current.byteLength, liveBytes: this.liveBytes, cachedBytes: this.cachedBytes, liveBlocks: this.live.size };
  }

  /** Pops a cached block of class `cls` with its first `clear` bytes zeroed, or undefined. */
  private takeCached(cls: number, clear: number): number | undefined {
    const ptr = this.freeLists[cls]?.pop();
    if (ptr === undefined) return undefined;
    const size = sizeClassBytes(cls);
    this.cachedBytes -= size;
    if (clear > 0) this.zeroBytes(ptr, clear);
    return ptr;
  }

  /** Takes a new block from the bump pointer, growing the memory if needed; undefined when it cannot. */
  private carve(size: number): number | undefined {
    const align = size >= 1024 ? CACHE_LINE : 16;
    const ptr = Math.ceil(this.top / align) * align;
    const end = ptr + size;
    if (end > this.current.byteLength && !this.grow(end)) return undefined;
    this.top = end;
    return ptr;
  }

  /** Grows the memory to hold at least `end` bytes (by at least a quarter, to grow rarely). */
  private grow(end: number): boolean {
    if (end > this.maxBytes) return false;
    const have = this.current.byteLength;
    const want = Math.min(this.maxBytes, Math.max(end, have + have / 4));
    try {
      this.memory.grow(Math.ceil((want - have) / PAGE_BYTES));
    } catch {
      try {
        this.memory.grow(Math.ceil((end - have) / PAGE_BYTES));
      } catch {
        return false;
      }
    }
    this.current = this.memory.buffer as unknown as SharedArrayBuffer;
    this.ownBuffers.add(this.current);
    return true;
  }
}
