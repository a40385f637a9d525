/**
 * Class weights that undo class imbalance.
 * @module
 */
import { ArgumentError } from '../errors.js';

/**
 * scikit-learn's `compute_class_weight('balanced')`: `n_samples / (n_classes * count_c)`, so every class
 * contributes the same total weight. Classes with no samples get weight 0.
 *
 * @example
 * balancedClassWeights([90, 10]); // [0.5556, 5]
 */
export function balancedClassWeights(counts: readonly number[]): number[] {
  if (counts.some((n) => !(Number.isInteger(n) && n >= 0))) throw new ArgumentError(`balancedClassWeights: counts must be non-negative integers, got [${counts.join(', ')}]`);
  const total = counts.reduce((a, b) => a + b, 0);
  const present = counts.filter((n) => n > 0).length;
  return counts.map((n) => (n > 0 ? total / (present * n) : 0));
}
