/**
 * The terms of the training objective: each output's (weighted) loss, weight regularisation
 * penalties and activity losses; and the per-sample weights that class weights imply.
 * @module
 */
import { ArgumentError, ShapeError, formatShape } from '../../errors.js';
import { add, argmax, cast, mul, reshape, round } from '../../ops/index.js';
import { reduceLoss } from '../../nn/losses/index.js';
import { tensor } from '../../tensor/creation.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { Variable } from '../../tensor/variable.js';
import type { Layer } from '../../nn/layer.js';
import type { CompiledModel } from '../compile.js';
import { leafLayers, ownedWeights } from '../layer-walk.js';

/** Per-class loss weights: `{ 0: 1, 1: 5 }` weighs class-1 samples five times. Missing classes weigh 1. */
export type ClassWeight = Record<number, number>;

/** Checks a class-weight mapping once, before training. */
export function validateClassWeight(classWeight: ClassWeight, outputs: number, owner: string): void {
  if (outputs !== 1) throw new ArgumentError(`${owner}: classWeight applies to models with one output (this one has ${outputs}); use sampleWeight instead`);
  for (const [k, w] of Object.entries(classWeight)) {
    if (!/^\d+$/.test(k)) throw new ArgumentError(`${owner}: classWeight keys must be class indices (0, 1, ...), got '${k}'`);
    if (typeof w !== 'number' || !Number.isFinite(w) || w < 0) throw new ArgumentError(`${owner}: classWeight[${k}] must be a non-negative number, got ${w}`);
  }
}

/**
 * The class of every sample in `y`: integer labels `[n]`/`[n,1]` as they are, one-hot or
 * probability rows `[n, classes]` by argmax, binary float targets `[n]`/`[n,1]` rounded.
 */
function classesOf(y: Tensor): ArrayLike<number> {
  const last = y.shape[y.rank - 1] ?? 1;
  if (y.dtype !== 'float32') return y.values;
  if (y.rank >= 2 && last > 1) return argmax(y, -1).values;
  return round(y).values;
}

/**
 * Multiplies `sampleWeight` (or ones) by the class weight of each sample's target; returns null when
 * neither is given.
 */
export function effectiveSampleWeight(y: Tensor | null, sampleWeight: Tensor | null, classWeight: ClassWeight | undefined): Tensor | null {
  if (!classWeight) return sampleWeight ? reshape(cast(sampleWeight, 'float32'), [sampleWeight.size]) : null;
  if (!y) throw new ArgumentError('classWeight needs targets');
  const classes = classesOf(y);
  const n = y.shape[0]!;
  const weights = new Float32Array(n);
  for (let i = 0; i < n; i++) weights[i] = classWeight[classes[i]!] ?? 1;
  const w = tensor(weights, [n]);
  return sampleWeight ? mul(w, reshape(cast(sampleWeight, 'float32'), [n])) : w;
}

/**
 * Each output's loss, reduced over the batch as Keras does (`sum(w·loss) / batch`: weights scale
 * the loss rather than renormalising it), and their `lossWeights`-weighted sum.
 */
export function outputLosses(compiled: CompiledModel, yTrue: readonly Tensor[], yPred: readonly Tensor[], sampleWeight: Tensor | null): { total: Tensor; perOutput: Tensor[] } {
  const perOutput = compiled.outputs.map((out, i) => {
    const values = out.loss.perSample(yTrue[i]!, yPred[i]!);
    const batch = yPred[i]!.shape[0]!;
    if (values.rank !== 1 || values.shape[0] !== batch) {
      throw new ShapeError(`loss ${out.loss.name} for output ${out.name}: perSample returned ${formatShape(values.shape)}, expected [${batch}] (one value per sample)`);
    }
    return reduceLoss(values, sampleWeight ?? undefined, 'sum_over_batch_size');
  });
  let total = compiled.outputs[0]!.weight === 1 ? perOutput[0]! : mul(perOutput[0]!, compiled.outputs[0]!.weight);
  for (let i = 1; i < perOutput.length; i++) total = add(total, compiled.outputs[i]!.weight === 1 ? perOutput[i]! : mul(perOutput[i]!, compiled.outputs[i]!.weight));
  return { total, perOutput };
}

/** Sum of the regularisation penalties of trainable weights, plus activity losses of the last call; null when there are none. */
export function penalties(layers: readonly Layer[], trainable: ReadonlySet<Variable>): Tensor | null {
  const terms: Tensor[] = [];
  for (const { weight } of ownedWeights(layers)) {
    if (weight.regularizer && trainable.has(weight.variable)) terms.push(weight.regularizer(weight.variable));
  }
  for (const layer of leafLayers(layers)) terms.push(...layer.activityLosses);
  if (terms.length === 0) return null;
  return terms.reduce((a, b) => add(a, b));
}

/** Forgets activity losses of earlier calls, so only the coming forward pass contributes. */
export function clearActivityLosses(layers: readonly Layer[]): void {
  for (const layer of leafLayers(layers)) layer.activityLosses = [];
}
