/**
 * Single-batch training, evaluation and prediction, for custom loops.
 * @module
 */
import { ArgumentError } from '../../errors.js';
import type { ArrayData } from '../../data/arrays.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { Model } from '../model.js';
import type { Logs } from '../callbacks/callback.js';
import { isDataset, prepareArrays, type DataInput, type PendingBatch, type TargetInput } from './data-adapter.js';
import { EpochLogs } from './epoch-logs.js';
import { validateClassWeight, type ClassWeight } from './loss-terms.js';
import { NonFiniteError, makeNonFiniteReport } from './non-finite.js';
import { predictStep, requireCompiled, testStep, trainStep } from './step.js';

/** Options of `trainOnBatch` and `testOnBatch`. */
export interface BatchOptions {
  sampleWeight?: ArrayData;
  classWeight?: ClassWeight;
}

function wholeBatch(model: Model, owner: string, x: DataInput, y: TargetInput, sampleWeight: ArrayData | undefined, needTargets: boolean): PendingBatch {
  if (isDataset(x)) throw new ArgumentError(`${owner}: expects one batch of arrays, not a Dataset; use fit/evaluate/predict for datasets`);
  const data = prepareArrays(model, owner, x, y, sampleWeight, needTargets);
  return { inputShapes: data.x.map((t) => t.shape), make: () => ({ x: data.x, y: data.y, sampleWeight: data.sampleWeight, size: data.samples }), release: () => {} };
}

/**
 * One optimizer step on one batch; returns that batch's loss and metrics. Throws a
 * {@link NonFiniteError} (leaving the weights unchanged) when the loss or a gradient is not finite.
 */
export function trainOnBatch(model: Model, x: DataInput, y: TargetInput, options: BatchOptions = {}): Logs {
  const compiled = requireCompiled(model, 'trainOnBatch');
  if (options.classWeight) validateClassWeight(options.classWeight, compiled.outputs.length, 'trainOnBatch');
  const logs = new EpochLogs(compiled);
  const result = trainStep(model, compiled, wholeBatch(model, 'trainOnBatch', x, y, options.sampleWeight, true), { classWeight: options.classWeight });
  if (result.nonFinite) {
    const iteration = compiled.optimizer.iterations;
    throw new NonFiniteError(
      makeNonFiniteReport({
        epoch: 0, epochs: 1, batch: iteration, steps: null, loss: result.loss, culprit: result.nonFinite.culprit,
        dataIssue: result.nonFinite.dataIssue, action: 'stop', learningRate: compiled.optimizer.learningRate,
      }),
    );
  }
  logs.record(result.loss, result.outputLosses, result.size);
  return logs.logs();
}

/** Loss and metrics of one batch, without training. */
export function testOnBatch(model: Model, x: DataInput, y: TargetInput, options: BatchOptions = {}): Logs {
  const compiled = requireCompiled(model, 'testOnBatch');
  const logs = new EpochLogs(compiled);
  const result = testStep(model, compiled, wholeBatch(model, 'testOnBatch', x, y, options.sampleWeight, true), { classWeight: options.classWeight });
  logs.record(result.loss, result.outputLosses, result.size);
  return logs.logs();
}

/** Predictions for one batch (no gradients recorded). */
export function predictOnBatch(model: Model, x: DataInput): Tensor | Tensor[] {
  const out = predictStep(model, wholeBatch(model, 'predictOnBatch', x, undefined, undefined, false));
  return model.hasSingleOutput ? out[0]! : out;
}
