/**
 * `predict`: outputs for a whole data set, computed in batches without recording gradients.
 * @module
 */
import { ArgumentError } from '../../errors.js';
import { concatRows } from '../../data/arrays.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { Model } from '../model.js';
import { arrayBatches, datasetBatches, isDataset, prepareArrays, type DataInput } from './data-adapter.js';
import { predictStep } from './step.js';
import { positiveInteger, withContext, yieldToEventLoop } from './context.js';

/** Options of `model.predict`. */
export interface PredictOptions {
  /** Samples per batch for array data (default 32). */
  batchSize?: number;
  /** With a dataset: predict only this many batches. */
  steps?: number;
}

/** Predictions for every sample: one tensor (or one per output), samples in input order. */
export async function predictModel(model: Model, x: DataInput, options: PredictOptions = {}): Promise<Tensor | Tensor[]> {
  const source = isDataset(x)
    ? datasetBatches(model, 'predict', x, options.steps)
    : arrayBatches(prepareArrays(model, 'predict', x, undefined, undefined, false), positiveInteger('predict', 'batchSize', options.batchSize ?? 32), false, 0);
  const parts: Tensor[][] = [];
  let step = 0;
  for await (const pending of source.batches(0)) {
    try {
      const outputs = predictStep(model, pending);
      outputs.forEach((t, i) => (parts[i] ??= []).push(t));
    } catch (e) {
      throw withContext(e, `predict: batch ${step + 1}${source.steps ? `/${source.steps}` : ''}`);
    } finally {
      pending.release();
    }
    step++;
    await yieldToEventLoop();
  }
  if (parts.length === 0) throw new ArgumentError('predict: the data yielded no batches; there is nothing to predict');
  const result = parts.map((list, i) => {
    const joined = list.length === 1 ? list[0]! : concatRows(list, `predict: output ${i}`);
    if (list.length > 1) for (const t of list) t.dispose();
    return joined;
  });
  return model.hasSingleOutput ? result[0]! : result;
}
