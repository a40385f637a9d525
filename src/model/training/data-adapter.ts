/**
 * Turning what users pass to `fit`/`evaluate`/`predict` (tensors, shaped arrays, lists of them for
 * several inputs or outputs, or a {@link Dataset}) into a stream of batches, with the checks that
 * catch bad data before any training happens.
 * @module
 */
import { ArgumentError, ShapeError } from '../../errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import { Random } from '../../tensor/random.js';
import { Dataset, isPipelineTensor, type Example } from '../../data/dataset.js';
import { describeIndex, firstNonFinite, gatherRows, isShapedArray, isTensor, numSamples, toTensor, type ArrayData } from '../../data/arrays.js';
import { leaves } from '../../data/structure.js';
import { deriveSeed } from '../seeding.js';
import { formatSymbolicShape, shapesCompatible } from '../shapes.js';
import type { Model } from '../model.js';

/** Model inputs: a tensor or `{ data, shape }` per input (a list for several inputs), or a {@link Dataset} of batches. */
export type DataInput = ArrayData | ArrayData[] | Dataset<unknown>;
/** Targets: one array per output (a list for several outputs). Omitted when `x` is a Dataset. */
export type TargetInput = ArrayData | ArrayData[] | undefined;

/** One batch, ready for a step. */
export interface Batch {
  x: Tensor[];
  y: Tensor[] | null;
  sampleWeight: Tensor | null;
  size: number;
  /** Where row `r` of the batch is in the data (`sample 1234` of arrays, `row 3 of dataset element 7`), for reports. */
  where?: (row: number) => string;
}

/**
 * A batch to come. `make` is called inside the step's memory scope, so that tensors it creates are
 * released with the step; `release` frees what the data pipeline created outside it.
 */
export interface PendingBatch {
  /** Shapes of the batch's inputs, known before `make` (the model is built from them outside the step's scope). */
  inputShapes: readonly (readonly number[])[];
  make(): Batch;
  release(): void;
}

/** A source of batches for one or more passes. */
export interface BatchSource {
  /** Samples per pass, when known. */
  readonly samples: number | null;
  /** Batches per pass, when known. */
  readonly steps: number | null;
  /** The batches of pass `epoch`. */
  batches(epoch: number): AsyncIterable<PendingBatch>;
}

/** True for a {@link Dataset}. */
export function isDataset(x: unknown): x is Dataset<unknown> {
  return x instanceof Dataset;
}

function toList(data: ArrayData | ArrayData[], what: string): Tensor[] {
  if (Array.isArray(data)) {
    if (data.length === 0) throw new ArgumentError(`${what} is an empty list; expected one array per input/output`);
    return data.map((d, i) => toTensor(d, `${what}[${i}]`));
  }
  return [toTensor(data, what)];
}

/** In-memory arrays, validated: consistent sample counts, no NaN, shapes matching the model. */
export interface PreparedArrays {
  x: Tensor[];
  y: Tensor[] | null;
  sampleWeight: Tensor | null;
  samples: number;
}

/**
 * Validates and converts in-memory data. `owner` prefixes errors (`fit`, `evaluate`...).
 * Checks: the number of inputs and outputs, equal sample counts, a non-empty data set, per-sample
 * shapes against the model's inputs, and NaN anywhere in x or y (naming the first bad sample).
 */
export function prepareArrays(model: Model, owner: string, x: ArrayData | ArrayData[], y: TargetInput, sampleWeight: ArrayData | undefined, needTargets: boolean): PreparedArrays {
  const xs = toList(x, `${owner}: x`);
  const ys = y === undefined ? null : toList(y, `${owner}: y`);
  if (needTargets && ys === null) throw new ArgumentError(`${owner}: y (the targets) is required with array inputs`);
  if (xs.length !== model.numInputs) throw new ArgumentError(`${owner}: the model has ${model.numInputs} input${model.numInputs === 1 ? '' : 's'}, x gives ${xs.length} arrays`);
  const outputs = model.outputNames.length;
  if (ys && ys.length !== outputs) throw new ArgumentError(`${owner}: the model has ${outputs} output${outputs === 1 ? '' : 's'} (${model.outputNames.join(', ')}), y gives ${ys.length} arrays`);
  const label = (list: Tensor[], name: string, i: number) => (list.length > 1 ? `${name}[${i}]` : name);
  const samples = numSamples(xs[0]!, `${owner}: ${label(xs, 'x', 0)}`);
  const check = (t: Tensor, name: string) => {
    const n = numSamples(t, `${owner}: ${name}`);
    if (n !== samples) throw new ShapeError(`${owner}: ${label(xs, 'x', 0)} has ${samples} samples but ${name} has ${n}; they need one entry per sample`);
  };
  xs.forEach((t, i) => check(t, label(xs, 'x', i)));
  ys?.forEach((t, i) => check(t, label(ys, 'y', i)));
  const sw = sampleWeight === undefined ? null : toTensor(sampleWeight, `${owner}: sampleWeight`);
  if (sw) {
    check(sw, 'sampleWeight');
    if (sw.rank > 2 || sw.size !== samples) throw new ShapeError(`${owner}: sampleWeight ${formatSymbolicShape(sw.shape)} must hold one weight per sample ([${samples}])`);
  }
  if (samples === 0) throw new ArgumentError(`${owner}: x has no samples; there is nothing to ${owner === 'predict' ? 'predict' : 'train or evaluate on'}`);
  xs.forEach((t, i) => checkInputShape(model, owner, t.shape, i, label(xs, 'x', i)));
  xs.forEach((t, i) => rejectNaN(owner, t, label(xs, 'x', i)));
  ys?.forEach((t, i) => rejectNaN(owner, t, label(ys, 'y', i)));
  if (sw) rejectNaN(owner, sw, 'sampleWeight');
  return { x: xs, y: ys, sampleWeight: sw, samples };
}

/** Throws a {@link ShapeError} when a batch shape `[n, ...]` does not fit the model's input `index`. */
export function checkInputShape(model: Model, owner: string, shape: readonly number[], index: number, name: string): void {
  const expected = model.inputShapes[index];
  if (!expected || shapesCompatible(expected, [null, ...shape.slice(1)])) return;
  throw new ShapeError(
    `${owner}: ${name} has samples of shape ${formatSymbolicShape(shape.slice(1))} (${name} is ${formatSymbolicShape(shape)}), but the model's input ${model.numInputs > 1 ? `${index} ` : ''}expects ${formatSymbolicShape(expected)}`,
  );
}

/** `before training`, `before predicting` or `before evaluating`, from the caller's name. */
export function beforeWhat(owner: string): string {
  if (/predict/i.test(owner)) return 'before predicting';
  if (/evaluat|test/i.test(owner)) return 'before evaluating';
  return 'before training';
}

function rejectNaN(owner: string, t: Tensor, name: string): void {
  const bad = firstNonFinite(t, true);
  if (bad) {
    throw new ArgumentError(`${owner}: ${name} contains NaN at ${describeIndex(t.shape, bad.index)} (flat index ${bad.index}); remove or impute missing values ${beforeWhat(owner)}`);
  }
}

/** Batches of in-memory arrays, in a seeded shuffled order per epoch. */
export function arrayBatches(data: PreparedArrays, batchSize: number, shuffle: boolean, seed: number): BatchSource {
  const { samples } = data;
  return {
    samples,
    steps: Math.ceil(samples / batchSize),
    async *batches(epoch: number) {
      // Each epoch's order depends only on (seed, epoch): resuming at initialEpoch replays it exactly.
      const order = shuffle ? new Random(deriveSeed(seed, epoch)).permutation(samples) : null;
      for (let start = 0; start < samples; start += batchSize) {
        const end = Math.min(start + batchSize, samples);
        yield {
          inputShapes: data.x.map((t) => [end - start, ...t.shape.slice(1)]),
          make: () => ({
            x: data.x.map((t) => gatherRows(t, order, start, end)),
            y: data.y?.map((t) => gatherRows(t, order, start, end)) ?? null,
            sampleWeight: data.sampleWeight ? gatherRows(data.sampleWeight, order, start, end) : null,
            size: end - start,
            where: (row: number) => `sample ${order ? order[start + row]! : start + row} of the data (row ${row} of this batch)`,
          }),
          release: () => {},
        };
      }
    },
  };
}

/** Splits arrays into the first `1 - fraction` for training and the last `fraction` for validation, as Keras does (before shuffling). */
export function splitArrays(data: PreparedArrays, fraction: number): [PreparedArrays, PreparedArrays] {
  const cut = Math.floor(data.samples * (1 - fraction));
  if (cut === 0 || cut === data.samples) {
    throw new ArgumentError(`fit: validationSplit ${fraction} of ${data.samples} samples leaves ${cut === 0 ? 'no training' : 'no validation'} samples`);
  }
  const part = (start: number, end: number): PreparedArrays => ({
    x: data.x.map((t) => gatherRows(t, null, start, end)),
    y: data.y?.map((t) => gatherRows(t, null, start, end)) ?? null,
    sampleWeight: data.sampleWeight ? gatherRows(data.sampleWeight, null, start, end) : null,
    samples: end - start,
  });
  return [part(0, cut), part(cut, data.samples)];
}

/**
 * Reads a data set element as a batch: `{ x, y?, sampleWeight? }`, `[x, y]`, `[x, y, sampleWeight]`,
 * or (for predict) a bare tensor or list of input tensors.
 */
export function elementToBatch(model: Model, owner: string, element: unknown, index: number): Batch {
  const where = `${owner}: dataset element ${index}`;
  let x: unknown;
  let y: unknown;
  let sw: unknown;
  if (isTensor(element) || isShapedArray(element)) x = element;
  else if (Array.isArray(element)) {
    // A list is [x, y, sampleWeight?] unless every entry is an input (several inputs, predict).
    if (element.length >= 2 && element.length <= 3 && !(element.length === model.numInputs && element.every(isTensor))) [x, y, sw] = element as unknown[];
    else x = element;
  } else if (typeof element === 'object' && element !== null && 'x' in element) ({ x, y, sampleWeight: sw } = element as Example);
  else throw new ArgumentError(`${where} is ${element === null ? 'null' : typeof element}; expected { x, y }, [x, y] or a tensor`);
  const xs = toList(x as ArrayData | ArrayData[], `${where}: x`);
  const ys = y === undefined ? null : toList(y as ArrayData | ArrayData[], `${where}: y`);
  const weights = sw === undefined ? null : toTensor(sw as ArrayData, `${where}: sampleWeight`);
  if (xs.length !== model.numInputs) throw new ArgumentError(`${where}: the model has ${model.numInputs} inputs, the element gives ${xs.length}`);
  const size = numSamples(xs[0]!, `${where}: x`);
  xs.forEach((t, i) => {
    const expected = model.inputShapes[i];
    if (expected && t.rank === expected.length - 1) {
      throw new ShapeError(`${where}: x ${formatSymbolicShape(t.shape)} is a single sample, the model expects batches ${formatSymbolicShape(expected)}; call dataset.batch(n) first`);
    }
    checkInputShape(model, owner, t.shape, i, `x (dataset element ${index})`);
  });
  for (const t of [...xs.slice(1), ...(ys ?? []), ...(weights ? [weights] : [])]) {
    if (numSamples(t, where) !== size) throw new ShapeError(`${where}: x has ${size} samples but another array of the element has ${t.shape[0]}`);
  }
  return { x: xs, y: ys, sampleWeight: weights, size, where: (row: number) => `row ${row} of dataset element ${index}` };
}

/**
 * Batches from a data set: one pass per epoch, or `stepsPerEpoch` batches per epoch from one long
 * pass (restarted when it ends), for endless generators.
 */
export function datasetBatches(model: Model, owner: string, dataset: Dataset<unknown>, stepsPerEpoch?: number): BatchSource {
  let shared: AsyncIterator<unknown> | null = null;
  let index = 0;
  return {
    samples: null,
    steps: stepsPerEpoch ?? dataset.size,
    async *batches(_epoch: number) {
      const release = (element: unknown) => () => {
        for (const t of leaves(element)) if (isPipelineTensor(t)) t.dispose();
      };
      if (stepsPerEpoch === undefined) {
        for await (const element of dataset) {
          const batch = elementToBatch(model, owner, element, index++);
          yield { inputShapes: batch.x.map((t) => t.shape), make: () => batch, release: release(element) };
        }
        return;
      }
      for (let step = 0; step < stepsPerEpoch; step++) {
        shared ??= dataset[Symbol.asyncIterator]();
        let r = await shared.next();
        if (r.done) {
          shared = dataset[Symbol.asyncIterator]();
          r = await shared.next();
          if (r.done) return;
        }
        const batch = elementToBatch(model, owner, r.value, index++);
        yield { inputShapes: batch.x.map((t) => t.shape), make: () => batch, release: release(r.value) };
      }
    },
  };
}
