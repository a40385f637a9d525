/**
 * `compile`: resolving the optimizer, losses, metrics and loss weights for each model output, and
 * remembering them in a form that can be saved.
 * @module
 */
import { ArgumentError } from '../errors.js';
import type { Loss } from '../nn/losses/loss.js';
import type { Metric } from '../nn/metrics/metric.js';
import type { Optimizer, OptimizerIdentifier } from '../nn/optimizers/index.js';
import { resolveLoss, resolveMetric, resolveOptimizer, serializeLoss, type LossConfig } from './resolvers.js';

/** A saved optimizer: class name and constructor options. */
export type OptimizerConfig = OptimizerIdentifier;

/** A loss by Keras name (`'mse'`), saved config, or instance. */
export type LossIdentifier = string | Loss | LossConfig;
/** A metric by name (`'accuracy'`) or instance. */
export type MetricIdentifier = string | Metric;

/** Options of `model.compile`. */
export interface CompileOptions {
  /** `'adam'`, `'sgd'`..., `{ className, config }`, or an optimizer instance. */
  optimizer: string | Optimizer | OptimizerConfig;
  /** One loss for every output, or one per output (by position, or by output name). */
  loss: LossIdentifier | LossIdentifier[] | Record<string, LossIdentifier>;
  /**
   * Metrics: a list (names are resolved for every output; instances need a single output), or one
   * list per output (by position, or by output name).
   */
  metrics?: MetricIdentifier[] | MetricIdentifier[][] | Record<string, MetricIdentifier[]>;
  /** Weights of each output's loss in the total (by position or output name; default 1). */
  lossWeights?: number[] | Record<string, number>;
}

/** Everything the training loop needs for one output. */
export interface CompiledOutput {
  name: string;
  loss: Loss;
  weight: number;
  metrics: Metric[];
}

/** What `compile` leaves on the model, and how to save it. */
export interface CompiledModel {
  optimizer: Optimizer;
  outputs: CompiledOutput[];
  /** The JSON form saved in `model.json` (see {@link resolveCompile} to restore it). */
  config: CompileConfig;
}

/** The saved form of a compiled configuration. */
export interface CompileConfig {
  optimizer: OptimizerConfig;
  loss: LossConfig[];
  metrics: string[][];
  lossWeights: number[];
}

function isPlainRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && Object.getPrototypeOf(x) === Object.prototype;
}

/** Spreads a per-output option (single, list by position, or record by output name) into one entry per output. */
function perOutput<T>(what: string, value: T | T[] | Record<string, T>, names: string[], owner: string, isSingle: (v: unknown) => boolean, fallback?: T): T[] {
  if (isSingle(value)) return names.map(() => value as T);
  if (Array.isArray(value)) {
    if (value.length !== names.length) throw new ArgumentError(`${owner}.compile: ${what} has ${value.length} entries, the model has ${names.length} outputs (${names.join(', ')})`);
    return value;
  }
  const record = value as Record<string, T>;
  for (const key of Object.keys(record)) {
    if (!names.includes(key)) throw new ArgumentError(`${owner}.compile: ${what} names output '${key}', the outputs are ${names.join(', ')}`);
  }
  return names.map((n) => {
    if (n in record) return record[n]!;
    if (fallback !== undefined) return fallback;
    throw new ArgumentError(`${owner}.compile: ${what} gives nothing for output '${n}'`);
  });
}

/** A loss given as a name, instance or `{ className }` rather than a per-output structure. */
function isSingleLoss(v: unknown): boolean {
  return typeof v === 'string' || (isPlainRecord(v) && typeof v.className === 'string') || (typeof v === 'object' && v !== null && typeof (v as Loss).perSample === 'function');
}

/** Resolves compile options against the model's output names. */
export function resolveCompile(options: CompileOptions, outputNames: string[], owner = 'model'): CompiledModel {
  if (!options || options.optimizer === undefined) throw new ArgumentError(`${owner}.compile: an optimizer is required, e.g. { optimizer: 'adam', loss: 'mse' }`);
  if (options.loss === undefined) throw new ArgumentError(`${owner}.compile: a loss is required, e.g. { optimizer: 'adam', loss: 'mse' }`);
  const optimizer = resolveOptimizer(options.optimizer);
  const losses = perOutput('loss', options.loss, outputNames, owner, isSingleLoss).map((id) => resolveLoss(id));
  const weights = options.lossWeights === undefined ? outputNames.map(() => 1) : perOutput('lossWeights', options.lossWeights, outputNames, owner, (v) => typeof v === 'number', 1);
  weights.forEach((w, i) => {
    if (typeof w !== 'number' || !Number.isFinite(w) || w < 0) throw new ArgumentError(`${owner}.compile: lossWeights for output '${outputNames[i]}' must be a non-negative number, got ${w}`);
  });
  const metricLists = resolveMetricLists(options.metrics ?? [], outputNames, owner);
  const outputs = outputNames.map((name, i) => ({
    name,
    loss: losses[i]!,
    weight: weights[i]!,
    metrics: metricLists[i]!.map((id) => resolveMetric(id, losses[i]!)),
  }));
  const config: CompileConfig = {
    optimizer: { className: optimizer.className, config: optimizer.getConfig() },
    loss: losses.map(serializeLoss),
    // Names given as strings are saved as given ('acc' stays 'acc'); instances by their name.
    metrics: outputs.map((o, i) => metricLists[i]!.map((id, j) => (typeof id === 'string' ? id : o.metrics[j]!.name))),
    lossWeights: weights,
  };
  return { optimizer, outputs, config };
}

function resolveMetricLists(metrics: NonNullable<CompileOptions['metrics']>, names: string[], owner: string): MetricIdentifier[][] {
  if (Array.isArray(metrics) && metrics.every((m) => !Array.isArray(m))) {
    const flat = metrics as MetricIdentifier[];
    if (names.length > 1 && flat.some((m) => typeof m !== 'string')) {
      throw new ArgumentError(`${owner}.compile: metric instances cannot be shared by ${names.length} outputs; give one list per output`);
    }
    return names.map(() => flat);
  }
  return perOutput('metrics', metrics as MetricIdentifier[][] | Record<string, MetricIdentifier[]>, names, owner, () => false, []);
}
