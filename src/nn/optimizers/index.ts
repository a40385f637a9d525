/**
 * Optimizers (one per file), gradient clipping, learning-rate schedules, and {@link getOptimizer}.
 * @module
 */
import { ArgumentError } from '../../errors.js';
import { Adagrad } from './adagrad.js';
import { Adam } from './adam.js';
import { AdamW } from './adamw.js';
import type { Optimizer } from './optimizer.js';
import { RMSprop } from './rmsprop.js';
import { getSchedule, type ScheduleConfig } from './schedules.js';
import { SGD } from './sgd.js';

export { Optimizer, checkHyperparameter, type OptimizerConfig, type LearningRate } from './optimizer.js';
export { SGD, type SGDConfig } from './sgd.js';
export { Adam, type AdamConfig } from './adam.js';
export { AdamW, type AdamWConfig } from './adamw.js';
export { RMSprop, type RMSpropConfig } from './rmsprop.js';
export { Adagrad, type AdagradConfig } from './adagrad.js';
export { LBFGS, gradientClosure, type LbfgsConfig, type LbfgsClosure, type LbfgsEvaluation } from './lbfgs.js';
export { strongWolfe, cubicInterpolate, type StrongWolfeOptions, type LineSearchResult, type DirectionalObjective } from './strong-wolfe.js';
export { clipByValue, clipByNorm, clipByGlobalNorm, type GlobalNormClipResult } from './clipping.js';
export {
  piecewiseConstantDecay, stepDecay, exponentialDecay, cosineDecay, warmup, getSchedule, serializeSchedule, isSchedule,
  type LearningRateSchedule, type ScheduleConfig,
} from './schedules.js';

/** A saved optimizer: class name and constructor options. */
export interface OptimizerIdentifier {
  className: string;
  config?: Record<string, unknown>;
}

const factories: Record<string, (config: Record<string, unknown>) => Optimizer> = {
  sgd: (c) => new SGD(c),
  adam: (c) => new Adam(c),
  adamw: (c) => new AdamW(c),
  rmsprop: (c) => new RMSprop(c),
  adagrad: (c) => new Adagrad(c),
};

/** Keras configs spell options in snake_case (`learning_rate`, `beta_1`): accept both spellings. */
function camelCaseKeys(config: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(config)) out[k.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())] = v;
  return out;
}

/**
 * Resolves an optimizer: a name (`'sgd'`, `'adam'`, `'adamw'`, `'rmsprop'`, `'adagrad'`, any case)
 * with Keras' defaults, a saved `{ className, config }` (from {@link Optimizer.getConfig}, or a Keras
 * config with snake_case keys; a saved schedule as `learningRate` is restored), or an instance unchanged.
 *
 * @example getOptimizer('adam')
 * @example getOptimizer({ className: 'SGD', config: { learningRate: 0.1, momentum: 0.9 } })
 */
export function getOptimizer(identifier: string | Optimizer | OptimizerIdentifier): Optimizer {
  if (typeof identifier === 'object' && identifier !== null && typeof (identifier as Optimizer).applyGradients === 'function') return identifier as Optimizer;
  const saved = typeof identifier === 'object' && identifier !== null ? (identifier as OptimizerIdentifier) : undefined;
  const name = typeof identifier === 'string' ? identifier : saved?.className;
  if (typeof name !== 'string') throw new ArgumentError(`getOptimizer: expected an optimizer name, an Optimizer or { className, config }, got ${typeof identifier}`);
  const factory = factories[name.toLowerCase()];
  if (!factory) throw new ArgumentError(`getOptimizer: unknown optimizer '${name}'; known: sgd, adam, adamw, rmsprop, adagrad`);
  const config = camelCaseKeys(saved?.config ?? {});
  const lr = config['learningRate'];
  if (typeof lr === 'object' && lr !== null) config['learningRate'] = getSchedule(lr as ScheduleConfig);
  return factory(config);
}
