/**
 * Data sets: sequences of elements (samples or batches) from tensors, generators or async
 * iterators, with `batch`, `shuffle`, `map` and `take`. `fit`, `evaluate` and `predict` accept them.
 * @module
 */
import { ArgumentError, ShapeError } from '../errors.js';
import { Random } from '../tensor/random.js';
import type { Tensor } from '../tensor/tensor.js';
import { tensor } from '../tensor/creation.js';
import { sizeOf } from '../tensor/shape.js';
import { gatherRows, numSamples, stackSamples, toTensor, type ArrayData } from './arrays.js';
import { leaves, mapStructure, zipStructures } from './structure.js';
import { deriveSeed } from '../model/seeding.js';

/** One training example or batch: inputs, targets, and optional per-sample weights. */
export interface Example {
  x: Tensor | Tensor[];
  y?: Tensor | Tensor[];
  sampleWeight?: Tensor;
}

/** What a generator function may return. */
export type ElementSource<T> = Iterable<T> | AsyncIterable<T> | Iterator<T> | AsyncIterator<T>;

/** Tensors the pipeline created (and may therefore dispose once consumed); user tensors are never disposed. */
const pipelineTensors = new WeakSet<Tensor>();

/** True when `t` was created by a data set pipeline (a batch or a sample slice), so its consumer may dispose it. */
export function isPipelineTensor(t: Tensor): boolean {
  return pipelineTensors.has(t);
}

function own<T>(s: T): T {
  for (const t of leaves(s)) pipelineTensors.add(t);
  return s;
}

/** Rows of in-memory tensors, visited in an order that shuffle and take may change. */
interface RowView<T> {
  rows: T;
  length: number;
  /** Row order for the `iteration`-th pass (null: natural order). */
  order(iteration: number): Int32Array | null;
}

/**
 * An ordered, re-iterable sequence of elements. Each `for await` pass starts over (re-running the
 * generator; reshuffling with a new seed derived from the shuffle seed and the pass number).
 *
 * @example
 * const train = Dataset.fromTensors(xTrain, yTrain).shuffle(0).batch(32);
 * await model.fit(train, undefined, { epochs: 5 });
 * @example
 * const stream = Dataset.fromGenerator(async function* () { for (const f of files) yield await load(f); }).batch(16);
 */
export class Dataset<T> implements AsyncIterable<T> {
  private passes = 0;

  private constructor(
    private readonly source: (pass: number) => AsyncIterator<T>,
    /** Number of elements when known (in-memory data), else null. */
    readonly size: number | null,
    private readonly rowView: RowView<T> | null = null,
  ) {}

  /**
   * One element per sample from in-memory data: `{ x, y?, sampleWeight? }` (x and y may be lists
   * for several inputs or outputs). All arrays must have the same number of samples.
   */
  static fromTensors(x: ArrayData | ArrayData[], y?: ArrayData | ArrayData[], sampleWeight?: ArrayData): Dataset<Example> {
    const toList = (d: ArrayData | ArrayData[], what: string) => (Array.isArray(d) ? d.map((item, i) => toTensor(item, `${what}[${i}]`)) : toTensor(d, what));
    const rows: Example = { x: toList(x, 'Dataset.fromTensors: x') };
    if (y !== undefined) rows.y = toList(y, 'Dataset.fromTensors: y');
    if (sampleWeight !== undefined) rows.sampleWeight = toTensor(sampleWeight, 'Dataset.fromTensors: sampleWeight');
    const counts = Object.entries(rows).flatMap(([name, s]) => leaves(s).map((t) => [name, numSamples(t, `Dataset.fromTensors: ${name}`)] as const));
    const length = counts[0]![1];
    for (const [name, n] of counts) {
      if (n !== length) throw new ShapeError(`Dataset.fromTensors: x has ${length} samples but ${name} has ${n}; every array needs one entry per sample`);
    }
    return Dataset.fromRows(rows, length, () => null);
  }

  private static fromRows<T>(rows: T, length: number, order: (pass: number) => Int32Array | null): Dataset<T> {
    const view: RowView<T> = { rows, length, order };
    const source = (pass: number): AsyncIterator<T> => {
      const indices = order(pass);
      let i = 0;
      return {
        next: async () => {
          if (i >= length) return { done: true, value: undefined };
          const row = indices ? indices[i]! : i;
          i++;
          return { done: false, value: own(mapStructure(rows, (t) => sampleOf(t, row))) };
        },
      };
    };
    return new Dataset(source, length, view);
  }

  /**
   * Elements from a function returning an iterable, iterator, generator or async generator; it is
   * called again for every pass.
   */
  static fromGenerator<T>(fn: () => ElementSource<T>): Dataset<T> {
    if (typeof fn !== 'function') throw new ArgumentError(`Dataset.fromGenerator: expected a function returning an iterator, got ${typeof fn}`);
    return new Dataset((_pass) => toAsyncIterator(fn()), null);
  }

  /** Elements from an array (each pass yields them again). */
  static fromArray<T>(elements: readonly T[]): Dataset<T> {
    return new Dataset((_pass) => toAsyncIterator(elements), elements.length);
  }

  /**
   * Groups consecutive elements into batches: every tensor gains a first axis of size `size`
   * (the last batch may be smaller unless `dropRemainder`).
   */
  batch(size: number, options: { dropRemainder?: boolean } = {}): Dataset<T> {
    if (!Number.isInteger(size) || size < 1) throw new ArgumentError(`Dataset.batch: size must be a positive integer, got ${size}`);
    const drop = options.dropRemainder ?? false;
    const count = this.size === null ? null : drop ? Math.floor(this.size / size) : Math.ceil(this.size / size);
    const view = this.rowView;
    if (view) {
      // In-memory rows: gather each batch directly instead of stacking per-sample tensors.
      return new Dataset<T>((pass) => {
        const indices = view.order(pass);
        let start = 0;
        return {
          next: async () => {
            const end = Math.min(start + size, view.length);
            if (start >= view.length || (drop && end - start < size)) return { done: true, value: undefined };
            const batch = own(mapStructure(view.rows, (t) => gatherRows(t, indices, start, end)));
            start = end;
            return { done: false, value: batch };
          },
        };
      }, count);
    }
    return new Dataset<T>((pass) => {
      const it = this.iterate(pass);
      return {
        next: async () => {
          const items: T[] = [];
          while (items.length < size) {
            const r = await it.next();
            if (r.done) break;
            items.push(r.value);
          }
          if (items.length === 0 || (drop && items.length < size)) return { done: true, value: undefined };
          const batch = own(zipStructures(items, (tensors, path) => stackSamples(tensors, `Dataset.batch: ${path}`)));
          for (const item of items) for (const t of leaves(item)) if (pipelineTensors.has(t)) t.dispose();
          return { done: false, value: batch };
        },
      };
    }, count);
  }

  /**
   * Shuffles elements, differently on every pass but reproducibly from `seed`. In-memory data is
   * permuted completely; streams through a buffer of `bufferSize` elements (default 1024).
   */
  shuffle(seed: number, bufferSize = 1024): Dataset<T> {
    if (!Number.isFinite(seed)) throw new ArgumentError(`Dataset.shuffle: seed must be a finite number, got ${seed}`);
    if (!Number.isInteger(bufferSize) || bufferSize < 1) throw new ArgumentError(`Dataset.shuffle: bufferSize must be a positive integer, got ${bufferSize}`);
    const view = this.rowView;
    if (view) {
      return Dataset.fromRows(view.rows, view.length, (pass) => {
        const base = view.order(pass);
        const perm = new Random(deriveSeed(seed, pass)).permutation(view.length);
        return base ? perm.map((i) => base[i]!) : perm;
      });
    }
    return new Dataset<T>((pass) => {
      const rng = new Random(deriveSeed(seed, pass));
      const it = this.iterate(pass);
      const buffer: T[] = [];
      let exhausted = false;
      return {
        next: async () => {
          while (!exhausted && buffer.length < bufferSize) {
            const r = await it.next();
            if (r.done) exhausted = true;
            else buffer.push(r.value);
          }
          if (buffer.length === 0) return { done: true, value: undefined };
          const j = rng.nextInt(0, buffer.length);
          const value = buffer[j]!;
          buffer[j] = buffer[buffer.length - 1]!;
          buffer.pop();
          return { done: false, value };
        },
      };
    }, this.size);
  }

  /** Transforms every element (the function may be async). */
  map<U>(fn: (element: T, index: number) => U | Promise<U>): Dataset<U> {
    return new Dataset<U>((pass) => {
      const it = this.iterate(pass);
      let index = 0;
      return {
        next: async () => {
          const r = await it.next();
          if (r.done) return { done: true, value: undefined };
          return { done: false, value: await fn(r.value, index++) };
        },
      };
    }, this.size);
  }

  /** The first `count` elements. */
  take(count: number): Dataset<T> {
    if (!Number.isInteger(count) || count < 0) throw new ArgumentError(`Dataset.take: count must be a non-negative integer, got ${count}`);
    const size = this.size === null ? null : Math.min(this.size, count);
    const view = this.rowView;
    if (view) return Dataset.fromRows(view.rows, Math.min(view.length, count), (pass) => view.order(pass)?.subarray(0, count) ?? null);
    return new Dataset<T>((pass) => {
      const it = this.iterate(pass);
      let taken = 0;
      return {
        next: async () => {
          if (taken >= count) {
            await it.return?.();
            return { done: true, value: undefined };
          }
          taken++;
          return it.next();
        },
      };
    }, size);
  }

  /** Every element of one pass, in order. */
  async toArray(): Promise<T[]> {
    const out: T[] = [];
    for await (const e of this) out.push(e);
    return out;
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return this.iterate(this.passes++);
  }

  private iterate(pass: number): AsyncIterator<T> {
    return this.source(pass);
  }
}

/** Row `row` of `t` as a tensor of the per-sample shape. */
function sampleOf(t: Tensor, row: number): Tensor {
  const rowSize = sizeOf(t.shape.slice(1));
  return tensor(t.values.slice(row * rowSize, (row + 1) * rowSize), t.shape.slice(1), t.dtype);
}

function toAsyncIterator<T>(source: ElementSource<T>): AsyncIterator<T> {
  const s = source as Partial<AsyncIterable<T> & Iterable<T> & AsyncIterator<T>>;
  if (typeof s[Symbol.asyncIterator] === 'function') return s[Symbol.asyncIterator]!();
  if (typeof s[Symbol.iterator] === 'function') {
    const it = s[Symbol.iterator]!();
    return { next: async () => it.next(), return: async () => it.return?.() ?? { done: true, value: undefined } };
  }
  if (typeof s.next === 'function') {
    const it = source as Iterator<T> | AsyncIterator<T>;
    return { next: async () => it.next(), return: async () => (await it.return?.()) ?? { done: true, value: undefined } };
  }
  throw new ArgumentError('Dataset.fromGenerator: the function must return an iterable, an iterator or an async iterator');
}
