/**
 * `fit`: the training loop. Epochs of batches, each step in its own memory scope; callbacks around
 * everything; validation at the end of every epoch; the NaN guard on every step.
 * @module
 */
import { ArgumentError } from '../../errors.js';
import { Random } from '../../tensor/random.js';
import type { ArrayData } from '../../data/arrays.js';
import type { Dataset } from '../../data/dataset.js';
import { Callback, CallbackList } from '../callbacks/callback.js';
import type { CompiledModel } from '../compile.js';
import { History } from '../callbacks/history.js';
import { ProgressBar } from '../callbacks/progress-bar.js';
import { standardError } from '../../host/console.js';
import type { Model } from '../model.js';
import { deriveSeed } from '../seeding.js';
import { arrayBatches, datasetBatches, isDataset, prepareArrays, splitArrays, type BatchSource, type DataInput, type TargetInput } from './data-adapter.js';
import { EpochLogs } from './epoch-logs.js';
import { evaluateSource, evaluationSource } from './evaluate.js';
import { validateClassWeight, type ClassWeight } from './loss-terms.js';
import { makeNonFiniteReport, type NonFinitePolicy, type NonFiniteReport } from './non-finite.js';
import { requireCompiled, trainStep } from './step.js';
import { positiveInteger, withContext, yieldToEventLoop } from './context.js';

/** Validation data: `[x, y]`, `[x, y, sampleWeight]`, `{ x, y, sampleWeight? }`, or a dataset of batches. */
export type ValidationData =
  | [DataInput, TargetInput]
  | [DataInput, TargetInput, ArrayData]
  | { x: DataInput; y?: TargetInput; sampleWeight?: ArrayData }
  | Dataset<unknown>;

/** Options of `model.fit` (Keras names and defaults). */
export interface FitOptions {
  /** Samples per batch for array data (default 32). */
  batchSize?: number;
  /** Train until this epoch index (default 1). */
  epochs?: number;
  /** 0 silent; 1 progress bar on a terminal, one line per epoch otherwise; 2 one line per epoch (default 1). */
  verbose?: 0 | 1 | 2;
  /** Shuffle array data before every epoch, seeded (default true). */
  shuffle?: boolean;
  /** Seed of shuffling and dropout (default: the model's seed, else 0). Epoch `e` always uses the same order for a given seed. */
  seed?: number;
  /** Hold out the last fraction of the array data (before shuffling) for validation, as Keras does. */
  validationSplit?: number;
  /** Data to validate on at the end of every epoch (takes precedence over validationSplit). */
  validationData?: ValidationData;
  /** Batch size for validation (default: batchSize). */
  validationBatchSize?: number;
  /** Per-class loss weights for a single-output classifier: `{ 0: 1, 1: 10 }`. */
  classWeight?: ClassWeight;
  /** Per-sample loss weights (array data). */
  sampleWeight?: ArrayData;
  /** Epoch to start at, to resume a previous run (default 0). */
  initialEpoch?: number;
  /** With a dataset: batches per epoch (for endless generators). */
  stepsPerEpoch?: number;
  /** Called around training, epochs and batches. */
  callbacks?: Callback[];
  /**
   * What to do when a batch's loss or gradients are NaN or infinite: `stop` (default) ends training
   * before the bad update; `skip-batch` leaves the weights alone and goes on. Either way the
   * diagnosis (epoch, batch, first layer with a non-finite gradient, remedies) is printed and kept
   * in `history.nonFinite`.
   */
  onNonFinite?: NonFinitePolicy;
}

function checkOptions(options: FitOptions): void {
  const known = new Set(['batchSize', 'epochs', 'verbose', 'shuffle', 'seed', 'validationSplit', 'validationData', 'validationBatchSize', 'classWeight', 'sampleWeight', 'initialEpoch', 'stepsPerEpoch', 'callbacks', 'onNonFinite']);
  for (const key of Object.keys(options)) if (!known.has(key)) throw new ArgumentError(`fit: unknown option '${key}'; known options: ${[...known].join(', ')}`);
  if (options.verbose !== undefined && ![0, 1, 2].includes(options.verbose)) throw new ArgumentError(`fit: verbose must be 0, 1 or 2, got ${options.verbose}`);
  const split = options.validationSplit ?? 0;
  if (!(split >= 0 && split < 1)) throw new ArgumentError(`fit: validationSplit must be in [0, 1), got ${split}`);
  if (options.onNonFinite !== undefined && options.onNonFinite !== 'stop' && options.onNonFinite !== 'skip-batch') {
    throw new ArgumentError(`fit: onNonFinite must be 'stop' or 'skip-batch', got '${String(options.onNonFinite)}'`);
  }
  for (const c of options.callbacks ?? []) if (!(c instanceof Callback)) throw new ArgumentError('fit: every entry of callbacks must extend Callback');
}

/** The training and validation batch sources for `fit`'s arguments. */
function sources(model: Model, x: DataInput, y: TargetInput, options: FitOptions, seed: number): { train: BatchSource; validation: BatchSource | null } {
  let validation: BatchSource | null = null;
  let train: BatchSource;
  const batchSize = positiveInteger('fit', 'batchSize', options.batchSize ?? 32);
  const validationBatchSize = positiveInteger('fit', 'validationBatchSize', options.validationBatchSize ?? batchSize);
  if (isDataset(x)) {
    if (y !== undefined) throw new ArgumentError('fit: y must be omitted when x is a Dataset (its elements carry the targets)');
    if (options.batchSize !== undefined) throw new ArgumentError('fit: batchSize does not apply to a Dataset; batch it with dataset.batch(n)');
    if (options.validationSplit) throw new ArgumentError('fit: validationSplit needs array data; pass validationData for a Dataset');
    if (options.sampleWeight !== undefined) throw new ArgumentError('fit: sampleWeight needs array data; yield { x, y, sampleWeight } from the Dataset instead');
    train = datasetBatches(model, 'fit', x, options.stepsPerEpoch);
  } else {
    let data = prepareArrays(model, 'fit', x, y, options.sampleWeight, true);
    if (options.validationSplit && options.validationData === undefined) {
      const [kept, held] = splitArrays(data, options.validationSplit);
      data = kept;
      validation = arrayBatches(held, validationBatchSize, false, 0);
    }
    train = arrayBatches(data, batchSize, options.shuffle ?? true, seed);
  }
  const v = options.validationData;
  if (v !== undefined) {
    const owner = 'fit (validationData)';
    if (isDataset(v)) validation = evaluationSource(model, owner, v, undefined, {});
    else if (Array.isArray(v)) validation = evaluationSource(model, owner, v[0], v[1], { batchSize: validationBatchSize, sampleWeight: v[2] });
    else if (typeof v === 'object' && v !== null && 'x' in v) validation = evaluationSource(model, owner, v.x, v.y, { batchSize: validationBatchSize, sampleWeight: v.sampleWeight });
    else throw new ArgumentError('fit: validationData must be [x, y], [x, y, sampleWeight], { x, y } or a Dataset');
  }
  return { train, validation };
}

/** Everything one `fit` run shares between its epochs. */
interface Run {
  model: Model;
  compiled: CompiledModel;
  train: BatchSource;
  validation: BatchSource | null;
  callbacks: CallbackList;
  history: History;
  logs: EpochLogs;
  epochs: number;
  seed: number;
  verbose: 0 | 1 | 2;
  policy: NonFinitePolicy;
  classWeight: ClassWeight | undefined;
}

/** Trains `model`; see {@link FitOptions}. Resolves to the run's {@link History}. */
export async function fitModel(model: Model, x: DataInput, y: TargetInput, options: FitOptions = {}): Promise<History> {
  const compiled = requireCompiled(model, 'fit');
  checkOptions(options);
  const epochs = positiveInteger('fit', 'epochs', options.epochs ?? 1);
  const initialEpoch = positiveInteger('fit', 'initialEpoch', options.initialEpoch ?? 0, 0);
  const verbose = options.verbose ?? 1;
  const seed = options.seed ?? model.seed ?? 0;
  if (options.classWeight) validateClassWeight(options.classWeight, compiled.outputs.length, 'fit');
  const { train, validation } = sources(model, x, y, options, seed);

  const history = new History();
  const user = options.callbacks ?? [];
  const progress = verbose > 0 && !user.some((c) => c instanceof ProgressBar) ? [new ProgressBar({ verbose: verbose as 1 | 2 })] : [];
  // User callbacks run first so that what they add to the logs (learning_rate) is printed and recorded.
  const callbacks = new CallbackList([...user, ...progress, history]);
  callbacks.configure(model, { epochs, initialEpoch, steps: train.steps, samples: train.samples, verbose });
  const run: Run = {
    model, compiled, train, validation, callbacks, history, logs: new EpochLogs(compiled), epochs, seed, verbose,
    policy: options.onNonFinite ?? 'stop', classWeight: options.classWeight,
  };
  model.stopTraining = false;
  try {
    await callbacks.trainBegin({});
    for (let epoch = initialEpoch; epoch < epochs && !model.stopTraining; epoch++) await runEpoch(run, epoch);
    await callbacks.trainEnd({});
  } catch (e) {
    callbacks.trainError(e);
    throw e;
  }
  return history;
}

/** One epoch: every batch through a train step (or the NaN guard), then validation and the epoch callbacks. */
async function runEpoch(run: Run, epoch: number): Promise<void> {
  const { model, compiled, train, callbacks, logs, epochs } = run;
  logs.reset();
  await callbacks.epochBegin(epoch, {});
  // Dropout masks depend only on (seed, epoch), like the shuffle order, so resumed runs replay them.
  const rng = new Random(deriveSeed(deriveSeed(run.seed, epoch), 0xd20));
  const reports: NonFiniteReport[] = [];
  let step = 0;
  for await (const pending of train.batches(epoch)) {
    await callbacks.batchBegin(step, { batch: step });
    let result;
    try {
      result = trainStep(model, compiled, pending, { classWeight: run.classWeight, rng });
    } catch (e) {
      throw withContext(e, `fit: epoch ${epoch + 1}/${epochs}, batch ${step + 1}${train.steps ? `/${train.steps}` : ''}`);
    } finally {
      pending.release();
    }
    if (result.nonFinite) {
      const report = makeNonFiniteReport({
        epoch, epochs, batch: step, steps: train.steps, loss: result.loss, culprit: result.nonFinite.culprit,
        dataIssue: result.nonFinite.dataIssue, action: run.policy, learningRate: compiled.optimizer.learningRate,
      });
      reports.push(report);
      run.history.nonFinite.push(report);
      if (run.policy === 'stop') model.stopTraining = true;
      await callbacks.nonFinite(report);
    } else {
      logs.record(result.loss, result.outputLosses, result.size);
    }
    await callbacks.batchEnd(step, logs.logs());
    step++;
    await yieldToEventLoop();
    if (model.stopTraining) break;
  }
  if (step === 0) throw new ArgumentError(`fit: the training data yielded no batches in epoch ${epoch + 1}; is the dataset empty${train.steps === null ? ' or already exhausted' : ''}?`);
  const epochLogs = logs.logs();
  if (run.validation) Object.assign(epochLogs, await evaluateSource(model, compiled, run.validation, `fit: validation after epoch ${epoch + 1}`, 'val_'));
  await callbacks.epochEnd(epoch, epochLogs);
  // Printed after the epoch's progress line is complete, so the bar is not torn apart.
  if (run.verbose > 0 && reports.length > 0) {
    const more = reports.length > 1 ? `\n(${reports.length - 1} more non-finite batch${reports.length > 2 ? 'es' : ''} in epoch ${epoch + 1}; see history.nonFinite)` : '';
    standardError().write(`${reports[0]!.message}${more}\n`);
  }
}
