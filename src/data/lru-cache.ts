/**
 * A least-recently-used cache with a fixed number of entries.
 * @module
 */

/** Keeps the `capacity` most recently used entries; `capacity` 0 disables caching. */
export class LruCache<K, V> {
  private readonly entries = new Map<K, V>();
  /** Lookups that found an entry. */
  hits = 0;
  /** Lookups that did not. */
  misses = 0;

  constructor(readonly capacity: number) {}

  /** Number of entries held. */
  get size(): number {
    return this.entries.size;
  }

  /** The entry for `key`, now the most recently used, or undefined. */
  get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value === undefined) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    // Map keeps insertion order: re-inserting moves the key to the young end.
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  /** Stores `value`, evicting the least recently used entry when full. */
  set(key: K, value: V): void {
    if (this.capacity <= 0) return;
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as K);
  }

  /** True when `key` is held (does not count as a use). */
  has(key: K): boolean {
    return this.entries.has(key);
  }

  /** Removes the entry for `key` (a value that must not be served again); true when one was held. */
  delete(key: K): boolean {
    return this.entries.delete(key);
  }
}
