/**
 * The NaN guard: diagnosing a batch whose loss or gradients are NaN or infinite, before the
 * optimizer would spread the damage into every weight.
 * @module
 */
import { AtelierError } from '../../errors.js';
import { noGrad } from '../../autograd/tape.js';
import { sum } from '../../ops/reduce.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { Variable } from '../../tensor/variable.js';
import type { Layer } from '../../nn/layer.js';
import { describeIndex, firstNonFinite } from '../../data/arrays.js';
import { ownedWeights } from '../layer-walk.js';

/** What `fit` does with a batch whose loss or gradients are not finite. */
export type NonFinitePolicy = 'stop' | 'skip-batch';

/** The diagnosis of one non-finite batch (kept in `history.nonFinite`). */
export interface NonFiniteReport {
  /** 0-based epoch and batch. */
  epoch: number;
  batch: number;
  /** The batch loss (NaN, Infinity or a finite value when only gradients overflowed). */
  loss: number;
  /** First layer, in layer order, with a non-finite gradient (null if all gradients were finite). */
  layer: string | null;
  /** Full name of that layer's first non-finite weight gradient, e.g. `dense_1.weight`. */
  weight: string | null;
  /** Where the batch's own data is not finite, if it is. */
  dataIssue: string | null;
  action: NonFinitePolicy;
  /** The full, human-readable diagnosis with remedies. */
  message: string;
}

/** Thrown by `trainOnBatch` when the batch's loss or gradients are not finite (weights are left unchanged). */
export class NonFiniteError extends AtelierError {
  constructor(readonly report: NonFiniteReport) {
    super(report.message);
  }
}

/**
 * True when `t` holds no NaN or infinity. The common case is settled by one reduction on the
 * backend (a NaN or an infinity makes the sum non-finite); only a non-finite sum, which finite values
 * can also reach by overflow, is confirmed element by element.
 */
function isAllFinite(t: Tensor): boolean {
  if (t.dtype !== 'float32') return true;
  if (Number.isFinite(noGrad(() => sum(t).item()))) return true;
  const v = t.values;
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i]!)) return false;
  return true;
}

/**
 * The first weight (walking layers in order) whose gradient holds NaN or Infinity, or null.
 * `grads[i]` is the gradient of `variables[i]`.
 */
export function firstNonFiniteGradient(layers: readonly Layer[], variables: readonly Variable[], grads: readonly Tensor[]): { layer: Layer | null; weight: Variable } | null {
  const gradOf = new Map<Variable, Tensor>();
  variables.forEach((v, i) => gradOf.set(v, grads[i]!));
  const owned = ownedWeights(layers);
  for (const { layer, weight } of owned) {
    const g = gradOf.get(weight.variable);
    if (g && !isAllFinite(g)) return { layer, weight: weight.variable };
  }
  // Variables outside any layer (custom training setups) come last.
  const inLayers = new Set(owned.map((o) => o.weight.variable));
  const index = grads.findIndex((g, i) => !inLayers.has(variables[i]!) && !isAllFinite(g));
  return index >= 0 ? { layer: null, weight: variables[index]! } : null;
}

/**
 * Describes the first non-finite value in a batch's inputs or targets, or null when they are finite.
 * `where` names a batch row's place in the data (its sample number in the arrays given to `fit`), so
 * that the report points at the data, not at the shuffled batch.
 */
export function describeDataIssue(x: readonly Tensor[], y: readonly Tensor[] | null, where?: (row: number) => string): string | null {
  const groups: [string, readonly Tensor[]][] = [['inputs', x], ['targets', y ?? []]];
  for (const [what, list] of groups) {
    for (let i = 0; i < list.length; i++) {
      const bad = firstNonFinite(list[i]!);
      if (bad) return `the batch's ${what}${list.length > 1 ? ` [${i}]` : ''} contain ${bad.value} at ${describeIndex(list[i]!.shape, bad.index, where)}`;
    }
  }
  return null;
}

/** Builds the report: where it happened, which layer's gradient went first, and what to try. */
export function makeNonFiniteReport(options: {
  epoch: number;
  epochs: number;
  batch: number;
  steps: number | null;
  loss: number;
  culprit: { layer: Layer | null; weight: Variable } | null;
  dataIssue: string | null;
  action: NonFinitePolicy;
  learningRate: number | null;
}): NonFiniteReport {
  const { epoch, epochs, batch, steps, loss, culprit, dataIssue, action, learningRate } = options;
  const where = `epoch ${epoch + 1}/${epochs}, batch ${batch + 1}${steps ? `/${steps}` : ''}`;
  const what = Number.isFinite(loss) ? `the loss is finite (${loss}) but a gradient is not` : `the loss is ${loss}`;
  const layerName = culprit?.layer?.name ?? null;
  const first = culprit
    ? `the first non-finite gradient (in layer order) is in ${layerName ? `layer ${layerName}` : 'a variable outside the layers'} (${culprit.weight.name})`
    : 'every gradient is finite';
  const outcome = action === 'stop' ? 'training stopped; the weights keep their values from before this batch' : 'the batch was skipped; the weights were not updated';
  const remedies = [
    dataIssue ? `fix the data: ${dataIssue}` : 'look for NaN/Inf in the data (inputs and targets)',
    `lower the learning rate${learningRate !== null ? ` (now ${learningRate})` : ''}`,
    'clip gradients: set clipnorm or globalClipnorm on the optimizer',
  ];
  const message = `Non-finite training step at ${where}: ${what}; ${first}. ${outcome[0]!.toUpperCase()}${outcome.slice(1)}.\nRemedies: ${remedies.join('; ')}.`;
  return { epoch, batch, loss, layer: layerName, weight: culprit?.weight.name ?? null, dataIssue, action, message };
}
