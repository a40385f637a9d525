/**
 * Losses: one class per file implementing {@link Loss}, functional forms for custom loops,
 * {@link reduceLoss}, and {@link getLoss} to resolve Keras names.
 * @module
 */
import { ArgumentError } from '../../errors.js';
import type { Loss } from './loss.js';
import { MeanSquaredError } from './mean-squared-error.js';
import { MeanAbsoluteError } from './mean-absolute-error.js';
import { Huber } from './huber.js';
import { BinaryCrossentropy } from './binary-crossentropy.js';
import { CategoricalCrossentropy } from './categorical-crossentropy.js';
import { SparseCategoricalCrossentropy } from './sparse-categorical-crossentropy.js';
import { KLDivergence } from './kl-divergence.js';

export type { Loss } from './loss.js';
export { reduceLoss, type LossReduction } from './reduce.js';
export { MeanSquaredError, meanSquaredError } from './mean-squared-error.js';
export { MeanAbsoluteError, meanAbsoluteError } from './mean-absolute-error.js';
export { Huber, huber, type HuberOptions } from './huber.js';
export { BinaryCrossentropy, binaryCrossentropy, EPSILON, type BinaryCrossentropyOptions } from './binary-crossentropy.js';
export { CategoricalCrossentropy, categoricalCrossentropy, type CategoricalCrossentropyOptions } from './categorical-crossentropy.js';
export {
  SparseCategoricalCrossentropy,
  sparseCategoricalCrossentropy,
  type SparseCategoricalCrossentropyOptions,
} from './sparse-categorical-crossentropy.js';
export { KLDivergence, klDivergence } from './kl-divergence.js';
export { sparseLabels, oneHotMask } from './labels.js';

/** A saved loss: its class (or Keras) name and constructor options. */
export interface LossConfig {
  className: string;
  config?: Record<string, unknown>;
}

type LossFactory = (config: Record<string, unknown>) => Loss;

const factories: Record<string, LossFactory> = {
  meansquarederror: () => new MeanSquaredError(),
  mse: () => new MeanSquaredError(),
  meanabsoluteerror: () => new MeanAbsoluteError(),
  mae: () => new MeanAbsoluteError(),
  huber: (c) => new Huber(c),
  huberloss: (c) => new Huber(c),
  binarycrossentropy: (c) => new BinaryCrossentropy(c),
  bce: (c) => new BinaryCrossentropy(c),
  categoricalcrossentropy: (c) => new CategoricalCrossentropy(c),
  sparsecategoricalcrossentropy: (c) => new SparseCategoricalCrossentropy(c),
  kldivergence: () => new KLDivergence(),
  kld: () => new KLDivergence(),
  kullbackleiblerdivergence: () => new KLDivergence(),
};

/** `mean_squared_error`, `meanSquaredError` and `MeanSquaredError` all become `meansquarederror`. */
function lookupKey(name: string): string {
  return name.replace(/_/g, '').toLowerCase();
}

/**
 * Resolves a loss from a Keras name (`'sparse_categorical_crossentropy'`, `'mse'`, `'mae'`, `'kld'`...),
 * its camelCase or class-name spelling (`'meanSquaredError'`, `'MeanSquaredError'`), a saved
 * `{ className, config }`, or returns a {@link Loss} instance unchanged. Names give default options
 * (probabilities, not logits); pass an instance for `fromLogits`.
 *
 * @example getLoss('sparse_categorical_crossentropy')
 * @example getLoss({ className: 'BinaryCrossentropy', config: { fromLogits: true } })
 */
export function getLoss(identifier: string | Loss | LossConfig): Loss {
  if (typeof identifier === 'object' && identifier !== null && typeof (identifier as Loss).perSample === 'function') return identifier as Loss;
  const isConfig = typeof identifier === 'object' && identifier !== null && typeof (identifier as LossConfig).className === 'string';
  const name = typeof identifier === 'string' ? identifier : isConfig ? (identifier as LossConfig).className : undefined;
  if (name === undefined) throw new ArgumentError(`getLoss: expected a loss name, a Loss or { className, config }, got ${describe(identifier)}`);
  const factory = factories[lookupKey(name)];
  if (!factory) throw new ArgumentError(`getLoss: unknown loss '${name}'; known: ${knownLossNames().join(', ')}`);
  return factory(isConfig ? ((identifier as LossConfig).config ?? {}) : {});
}

/** The saved form of a loss: `{ className: loss.name, config }`, which {@link getLoss} restores. */
export function serializeLoss(loss: Loss): LossConfig {
  return { className: loss.name, config: loss.getConfig() };
}

/** Keras names {@link getLoss} understands. */
export function knownLossNames(): string[] {
  return [
    'mean_squared_error', 'mse', 'mean_absolute_error', 'mae', 'huber', 'binary_crossentropy',
    'categorical_crossentropy', 'sparse_categorical_crossentropy', 'kl_divergence', 'kld',
  ];
}

function describe(x: unknown): string {
  if (x === null) return 'null';
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- x is a primitive or a function here
  return typeof x === 'object' ? `an object with keys [${Object.keys(x).join(',')}]` : `${typeof x} ${String(x)}`;
}
