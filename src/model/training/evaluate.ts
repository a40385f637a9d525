/**
 * `evaluate`: loss and metrics over a whole data set, in batches.
 * @module
 */
import { ArgumentError } from '../../errors.js';
import type { ArrayData } from '../../data/arrays.js';
import type { Logs } from '../callbacks/callback.js';
import type { CompiledModel } from '../compile.js';
import type { Model } from '../model.js';
import { arrayBatches, datasetBatches, isDataset, prepareArrays, type BatchSource, type DataInput, type TargetInput } from './data-adapter.js';
import { EpochLogs } from './epoch-logs.js';
import { requireCompiled, testStep } from './step.js';
import { positiveInteger, withContext, yieldToEventLoop } from './context.js';

/** Options of `model.evaluate`. */
export interface EvaluateOptions {
  /** Samples per batch for array data (default 32). */
  batchSize?: number;
  /** Per-sample weights of the loss and metrics (array data). */
  sampleWeight?: ArrayData;
  /** With a dataset: evaluate only this many batches. */
  steps?: number;
}

/**
 * Runs every batch of `source` through a test step; returns `{ loss, ...metrics }` with keys
 * prefixed by `prefix` (`val_` when `fit` validates). `owner` names the caller in errors.
 */
export async function evaluateSource(model: Model, compiled: CompiledModel, source: BatchSource, owner: string, prefix = ''): Promise<Logs> {
  const logs = new EpochLogs(compiled);
  let step = 0;
  for await (const pending of source.batches(0)) {
    try {
      const result = testStep(model, compiled, pending);
      logs.record(result.loss, result.outputLosses, result.size);
    } catch (e) {
      throw withContext(e, `${owner}: batch ${step + 1}${source.steps ? `/${source.steps}` : ''}`);
    } finally {
      pending.release();
    }
    step++;
    await yieldToEventLoop();
  }
  if (logs.empty) throw new ArgumentError(`${owner}: the data yielded no batches; there is nothing to evaluate`);
  return logs.logs(prefix);
}

/** Builds the batch source for evaluation data given as arrays or a dataset. */
export function evaluationSource(model: Model, owner: string, x: DataInput, y: TargetInput, options: EvaluateOptions): BatchSource {
  if (isDataset(x)) {
    if (y !== undefined) throw new ArgumentError(`${owner}: y must be omitted when x is a Dataset (its elements carry the targets)`);
    if (options.sampleWeight !== undefined) throw new ArgumentError(`${owner}: sampleWeight must be omitted when x is a Dataset (yield { x, y, sampleWeight } instead)`);
    return datasetBatches(model, owner, x, options.steps);
  }
  const batchSize = positiveInteger(owner, 'batchSize', options.batchSize ?? 32);
  return arrayBatches(prepareArrays(model, owner, x, y, options.sampleWeight, true), batchSize, false, 0);
}

/** Loss and metrics of the model over `x`/`y` (or a dataset of batches): `{ loss, accuracy, ... }`. */
export async function evaluateModel(model: Model, x: DataInput, y: TargetInput, options: EvaluateOptions = {}): Promise<Logs> {
  const compiled = requireCompiled(model, 'evaluate');
  return evaluateSource(model, compiled, evaluationSource(model, 'evaluate', x, y, options), 'evaluate');
}
