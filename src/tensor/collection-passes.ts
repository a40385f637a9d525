/**
 * Collection passes: releasing unreachable tensors inside synchronous code, where the host can
 * (Node; see host/collector.ts). Every storage's typed array gets a `WeakRef` (the array, not the
 * tensor: it stays reachable while any of its tensors does, and while code still reads the array
 * itself); a pass ends the job's hold on `WeakRef` targets, runs a full garbage collection and
 * releases every storage whose `WeakRef` came back empty, with its tensors, at once, instead of
 * waiting for the finalization registry's callbacks (which run only after the job returns to the
 * event loop).
 *
 * A pass runs when the live tensors, or their bytes, have grown since the last pass by more than a
 * budget: `max(minimum, what was live after the last pass)`. The budget doubles with what survives,
 * so a program that really keeps many tensors pays for a logarithmic number of passes, and code that
 * disposes or scopes its tensors (training, inference), whose live memory stops growing, pays for
 * at most a few at the start. See docs/architecture.md, "Memory without rituals".
 * @module
 */

/** A storage as the passes see it. */
export interface Tracked {
  /** Its typed array, weakly; null once released. */
  ref: WeakRef<object> | null;
}

/** The host's synchronous collection (see host/collector.ts). */
export interface SyncCollector {
  collect(): void;
  releaseKept(): void;
}

/** Live counts the budget is measured on. */
export interface LiveCounts {
  tensors: number;
  bytes: number;
}

/** A pass runs when live tensors grew by this many since the last pass (or by as many as survived it). */
export const MIN_PASS_TENSORS = 32768;
/** ... or when their bytes grew by this much (or by as much as survived the last pass). */
export const MIN_PASS_BYTES = 32 * 1024 * 1024;
/** Every this many new storages, the job's hold on `WeakRef` targets ends (a few microseconds). */
const RELEASE_KEPT_EVERY = 4096;

/** Collection passes over the tracked storages; see the module comment. */
export class CollectionPasses<T extends Tracked> {
  /** Passes run so far. */
  passes = 0;
  private tracked: T[] = [];
  private compactAt = 4096;
  private sinceReleaseKept = 0;
  private tensorsAfterPass = 0;
  private bytesAfterPass = 0;

  /**
   * @param collector the host's synchronous collection (both functions present)
   * @param live the current live counts
   * @param release releases a collected storage (sets `ref` to null)
   */
  constructor(
    private readonly collector: SyncCollector,
    private readonly live: LiveCounts,
    private readonly release: (held: T) => void,
  ) {}

  /** Called for each new storage: watches `target` (its typed array) through a `WeakRef`. */
  track(target: object, held: T): void {
    held.ref = new WeakRef(target);
    this.tracked.push(held);
    if (this.tracked.length >= this.compactAt) this.compact();
    if (++this.sinceReleaseKept >= RELEASE_KEPT_EVERY) {
      // Creating a WeakRef keeps its target alive until the job ends; a long synchronous loop that
      // disposes its tensors would otherwise keep every array it made.
      this.sinceReleaseKept = 0;
      this.collector.releaseKept();
    }
  }

  /** Called for each new tensor, after it was counted: runs a pass when the budget is spent. */
  tick(): void {
    const { tensors, bytes } = this.live;
    if (tensors - this.tensorsAfterPass >= Math.max(MIN_PASS_TENSORS, this.tensorsAfterPass) ||
      bytes - this.bytesAfterPass >= Math.max(MIN_PASS_BYTES, this.bytesAfterPass)) {
      this.pass();
    }
  }

  /** Collects now and releases every tracked storage whose array was unreachable. */
  pass(): void {
    this.collector.collect();
    for (const held of this.tracked) {
      if (held.ref !== null && held.ref.deref() === undefined) this.release(held);
    }
    // The scan dereferenced every live array, which keeps them until the job ends: end that now.
    this.collector.releaseKept();
    this.sinceReleaseKept = 0;
    this.compact();
    this.passes++;
    this.tensorsAfterPass = this.live.tensors;
    this.bytesAfterPass = this.live.bytes;
  }

  /** Drops released entries; the next compaction comes when the list has doubled. */
  private compact(): void {
    this.tracked = this.tracked.filter((held) => held.ref !== null);
    this.compactAt = Math.max(4096, 2 * this.tracked.length);
  }
}
