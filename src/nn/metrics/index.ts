/**
 * Metrics: streaming {@link Metric}s (accuracy family, top-k, precision, recall, loss means),
 * the running {@link Mean}, the confusion matrix, and {@link getMetric} to resolve Keras names.
 * @module
 */
export type { Metric } from './metric.js';
export { Mean } from './mean.js';
export { MeanMetricWrapper, type PerSampleFunction } from './mean-metric-wrapper.js';
export {
  binaryAccuracy, categoricalAccuracy, sparseCategoricalAccuracy, BinaryAccuracy, CategoricalAccuracy, SparseCategoricalAccuracy,
  ShapeResolvedAccuracy, type AccuracyOptions,
} from './accuracy.js';
export { topKCategoricalAccuracy, sparseTopKCategoricalAccuracy, TopKCategoricalAccuracy, SparseTopKCategoricalAccuracy } from './top-k.js';
export { ConfusionCounts, type ConfusionCountOptions, type ConfusionTotals } from './confusion-counts.js';
export { Precision } from './precision.js';
export { Recall } from './recall.js';
export { confusionMatrix, ConfusionMatrixAccumulator } from './confusion-matrix.js';
export { getMetric, resolveMetric } from './get-metric.js';
