/**
 * Dynamic batching: requests for the same model that arrive close together are answered by one
 * model call. A batch starts when `maxBatch` items wait or when the oldest has waited `maxWaitMs`,
 * whichever comes first; batches run one at a time, and items that arrive meanwhile form the next.
 * A full queue refuses new items at once ({@link QueueFullError}) instead of letting latency grow
 * without bound.
 * @module
 */
import { ArgumentError } from '../../errors.js';

/** Options of {@link DynamicBatcher}. */
export interface BatcherOptions {
  /** Most items per call of the batch function (default 8). */
  maxBatch?: number;
  /** Longest an item waits for others before its batch starts, in milliseconds (default 5). */
  maxWaitMs?: number;
  /** Most items waiting (not counting the batch running); one more is refused (default 64: about half a second of work for the default classifier on 2 cores). */
  maxQueue?: number;
}

/** Thrown by {@link DynamicBatcher.submit} when `maxQueue` items already wait. */
export class QueueFullError extends Error {
  constructor(readonly waiting: number) {
    super(`the queue is full (${waiting} requests waiting); try again shortly`);
    this.name = 'QueueFullError';
  }
}

interface Pending<I, O> {
  readonly item: I;
  resolve(output: O): void;
  reject(error: unknown): void;
}

/**
 * Collects items into batches for `run`, which gets the items in arrival order and must return one
 * output per item, in the same order. When `run` throws, every item of that batch gets its error.
 * @example
 * const batcher = new DynamicBatcher((images: Tensor[]) => predictRows(images), { maxBatch: 32, maxWaitMs: 5 });
 * const probabilities = await batcher.submit(image);
 */
export class DynamicBatcher<I, O> {
  readonly maxBatch: number;
  readonly maxWaitMs: number;
  readonly maxQueue: number;
  private readonly queue: Pending<I, O>[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running = false;
  /** Batches run so far, and items in them (their ratio is the mean batch size). */
  batches = 0;
  items = 0;

  constructor(private readonly run: (items: I[]) => O[] | Promise<O[]>, options: BatcherOptions = {}) {
    this.maxBatch = positiveInteger('maxBatch', options.maxBatch ?? 8);
    this.maxQueue = positiveInteger('maxQueue', options.maxQueue ?? 64);
    this.maxWaitMs = options.maxWaitMs ?? 5;
    if (!(this.maxWaitMs >= 0 && Number.isFinite(this.maxWaitMs))) throw new ArgumentError(`DynamicBatcher: maxWaitMs must be a finite number >= 0, got ${this.maxWaitMs}`);
  }

  /** Items waiting for a batch. */
  get waiting(): number {
    return this.queue.length;
  }

  /** Queues `item`; resolves with its output. Throws {@link QueueFullError} (synchronously) when the queue is full. */
  submit(item: I): Promise<O> {
    if (this.queue.length >= this.maxQueue) throw new QueueFullError(this.queue.length);
    const promise = new Promise<O>((resolve, reject) => this.queue.push({ item, resolve, reject }));
    this.schedule();
    return promise;
  }

  private schedule(): void {
    if (this.running || this.queue.length === 0) return;
    if (this.queue.length >= this.maxBatch) {
      this.clearTimer();
      // Start on the next turn, not inside submit: the caller's promise chain must not run the model.
      setImmediate(() => void this.flush());
    } else if (this.timer === null) {
      this.timer = setTimeout(() => void this.flush(), this.maxWaitMs);
    }
  }

  private clearTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private async flush(): Promise<void> {
    this.clearTimer();
    if (this.running || this.queue.length === 0) return;
    this.running = true;
    const batch = this.queue.splice(0, this.maxBatch);
    this.batches++;
    this.items += batch.length;
    try {
      const outputs = await this.run(batch.map((p) => p.item));
      if (outputs.length !== batch.length) throw new Error(`DynamicBatcher: the batch function returned ${outputs.length} outputs for ${batch.length} items`);
      batch.forEach((p, i) => p.resolve(outputs[i]!));
    } catch (error) {
      batch.forEach((p) => p.reject(error));
    } finally {
      this.running = false;
      // Whatever arrived while this batch ran has waited long enough: it goes next, at once.
      if (this.queue.length > 0) setImmediate(() => void this.flush());
    }
  }
}

function positiveInteger(name: string, value: number): number {
  if (!(Number.isInteger(value) && value >= 1)) throw new ArgumentError(`DynamicBatcher: ${name} must be an integer >= 1, got ${value}`);
  return value;
}
