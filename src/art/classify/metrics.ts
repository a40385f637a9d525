/**
 * Classification metrics from a confusion matrix: accuracy, per-class precision, recall, F1.
 * @module
 */
import { ArgumentError } from '../../errors.js';

/** Precision, recall, F1 and support (true samples) of one class. */
export interface ClassMetrics {
  readonly className: string;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly support: number;
}

/** Counts of `(true, predicted)` pairs: `matrix[t][p]`. */
export function confusionMatrix(trueLabels: readonly number[], predicted: readonly number[], numClasses: number): number[][] {
  if (trueLabels.length !== predicted.length) throw new ArgumentError(`confusionMatrix: ${trueLabels.length} labels but ${predicted.length} predictions`);
  const m = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  trueLabels.forEach((t, i) => {
    const p = predicted[i]!;
    if (!(t >= 0 && t < numClasses && p >= 0 && p < numClasses)) throw new ArgumentError(`confusionMatrix: pair ${i} (${t}, ${p}) is outside 0..${numClasses - 1}`);
    m[t]![p]!++;
  });
  return m;
}

/**
 * Per-class metrics as scikit-learn's `classification_report` computes them: precision `tp / (tp + fp)`,
 * recall `tp / (tp + fn)`, F1 their harmonic mean; 0 where a denominator is 0 (`zero_division=0`).
 */
export function classMetrics(matrix: readonly (readonly number[])[], classNames: readonly string[]): ClassMetrics[] {
  return classNames.map((className, c) => {
    const tp = matrix[c]![c]!;
    const support = matrix[c]!.reduce((a, b) => a + b, 0);
    const predicted = matrix.reduce((sum, row) => sum + row[c]!, 0);
    const precision = predicted > 0 ? tp / predicted : 0;
    const recall = support > 0 ? tp / support : 0;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    return { className, precision, recall, f1, support };
  });
}

/** Fraction of the matrix on its diagonal (0 for an empty matrix). */
export function accuracyOf(matrix: readonly (readonly number[])[]): number {
  const total = matrix.flat().reduce((a, b) => a + b, 0);
  return total > 0 ? matrix.reduce((sum, row, i) => sum + row[i]!, 0) / total : 0;
}

/** An aligned text table of per-class precision, recall, F1 and support, with macro averages. */
export function classMetricsText(metrics: readonly ClassMetrics[]): string {
  const width = Math.max('class'.length, 'macro average'.length, ...metrics.map((m) => m.className.length));
  const row = (name: string, p: string, r: string, f: string, s: string) => [name.padEnd(width), p.padStart(9), r.padStart(9), f.padStart(9), s.padStart(8)].join('  ');
  const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
  const lines = [row('class', 'precision', 'recall', 'f1', 'support')];
  for (const m of metrics) lines.push(row(m.className, pct(m.precision), pct(m.recall), pct(m.f1), String(m.support)));
  const mean = (key: 'precision' | 'recall' | 'f1') => metrics.reduce((a, m) => a + m[key], 0) / Math.max(1, metrics.length);
  lines.push(row('macro average', pct(mean('precision')), pct(mean('recall')), pct(mean('f1')), String(metrics.reduce((a, m) => a + m.support, 0))));
  return lines.join('\n');
}
