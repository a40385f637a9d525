/**
 * Resolving metrics from Keras names, with `accuracy` chosen from the loss.
 * @module
 */
import { ArgumentError } from '../../errors.js';
import { getLoss, type Loss } from '../losses/index.js';
import { BinaryAccuracy, CategoricalAccuracy, ShapeResolvedAccuracy, SparseCategoricalAccuracy } from './accuracy.js';
import { MeanMetricWrapper } from './mean-metric-wrapper.js';
import type { Metric } from './metric.js';
import { Precision } from './precision.js';
import { Recall } from './recall.js';
import { SparseTopKCategoricalAccuracy, TopKCategoricalAccuracy } from './top-k.js';

function lossNameOf(loss: string | Loss | undefined): string | undefined {
  if (loss === undefined) return undefined;
  try {
    return getLoss(loss).name;
  } catch {
    return typeof loss === 'string' ? loss : loss.name;
  }
}

function fromLogits(loss: string | Loss | undefined): boolean {
  return typeof loss === 'object' && (loss as { fromLogits?: unknown }).fromLogits === true;
}

/**
 * What `'accuracy'` (or `'acc'`) means for a model trained with `loss`, as Keras decides it:
 * binary accuracy for `binary_crossentropy` (threshold 0.5, or 0 when the loss takes logits),
 * categorical accuracy for `categorical_crossentropy`, sparse categorical accuracy for
 * `sparse_categorical_crossentropy`, and otherwise a choice made from the shapes of each batch.
 * The metric keeps the name it was asked by, so history keys match what the user wrote.
 *
 * @example resolveMetric('accuracy', 'sparse_categorical_crossentropy')  // SparseCategoricalAccuracy named 'accuracy'
 */
export function resolveMetric(identifier: 'accuracy' | 'acc' | string, loss?: string | Loss): Metric {
  const name = identifier;
  switch (lossNameOf(loss)) {
    case 'binary_crossentropy': return new BinaryAccuracy({ name, threshold: fromLogits(loss) ? 0 : 0.5 });
    case 'categorical_crossentropy': return new CategoricalAccuracy({ name });
    case 'sparse_categorical_crossentropy': return new SparseCategoricalAccuracy({ name });
    default: return new ShapeResolvedAccuracy({ name });
  }
}

const named: Record<string, (name: string) => Metric> = {
  binaryaccuracy: (name) => new BinaryAccuracy({ name }),
  categoricalaccuracy: (name) => new CategoricalAccuracy({ name }),
  sparsecategoricalaccuracy: (name) => new SparseCategoricalAccuracy({ name }),
  topkcategoricalaccuracy: (name) => new TopKCategoricalAccuracy({ name }),
  sparsetopkcategoricalaccuracy: (name) => new SparseTopKCategoricalAccuracy({ name }),
  precision: (name) => new Precision({ name }),
  recall: (name) => new Recall({ name }),
};

/**
 * Resolves a metric: a {@link Metric} instance is returned unchanged; `'accuracy'`/`'acc'` go through
 * {@link resolveMetric} with the loss; other Keras names (`'binary_accuracy'`, `'categorical_accuracy'`,
 * `'sparse_categorical_accuracy'`, `'top_k_categorical_accuracy'`, `'sparse_top_k_categorical_accuracy'`,
 * `'precision'`, `'recall'`, in snake_case, camelCase or class-name spelling) map to their metric;
 * any loss name (`'mse'`, `'mae'`, `'binary_crossentropy'`...) becomes the running mean of that loss.
 */
export function getMetric(identifier: string | Metric, loss?: string | Loss): Metric {
  if (typeof identifier !== 'string') {
    if (identifier && typeof identifier.update === 'function' && typeof identifier.result === 'function') return identifier;
    throw new ArgumentError(`getMetric: expected a metric name or a Metric, got ${identifier === null ? 'null' : typeof identifier}`);
  }
  const key = identifier.replace(/_/g, '').toLowerCase();
  if (key === 'accuracy' || key === 'acc') return resolveMetric(identifier, loss);
  const factory = named[key];
  if (factory) return factory(identifier);
  let asLoss: Loss;
  try {
    asLoss = getLoss(identifier);
  } catch {
    throw new ArgumentError(
      `getMetric: unknown metric '${identifier}'; known: accuracy, acc, binary_accuracy, categorical_accuracy, sparse_categorical_accuracy, ` +
        'top_k_categorical_accuracy, sparse_top_k_categorical_accuracy, precision, recall, or a loss name (mse, mae, ...)',
    );
  }
  return new MeanMetricWrapper(identifier, (t, p) => asLoss.perSample(t, p));
}
