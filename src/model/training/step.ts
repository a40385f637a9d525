/**
 * One training step and one evaluation step on a batch, each inside a memory scope so that nothing
 * created during the step outlives it.
 * @module
 */
import { ArgumentError } from '../../errors.js';
import { valueAndGrad } from '../../autograd/grad.js';
import { noGrad } from '../../autograd/tape.js';
import { add } from '../../ops/index.js';
import { scope } from '../../tensor/scope.js';
import type { Random } from '../../tensor/random.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { Variable } from '../../tensor/variable.js';
import type { Layer } from '../../nn/layer.js';
import type { CompiledModel } from '../compile.js';
import type { Model } from '../model.js';
import { batchShapeOf } from '../shapes.js';
import { ownedWeights } from '../layer-walk.js';
import type { Batch, PendingBatch } from './data-adapter.js';
import { clearActivityLosses, effectiveSampleWeight, outputLosses, penalties, type ClassWeight } from './loss-terms.js';
import { describeDataIssue, firstNonFiniteGradient } from './non-finite.js';

/** The outcome of a step: losses as numbers (no tensor survives the step). */
export interface StepResult {
  loss: number;
  outputLosses: number[];
  size: number;
  /** Set when the loss or a gradient was not finite; the weights were then left unchanged. */
  nonFinite: { culprit: { layer: Layer | null; weight: Variable } | null; dataIssue: string | null } | null;
}

/** Options shared by training and test steps. */
export interface StepOptions {
  classWeight?: ClassWeight;
  /** Randomness for dropout and other stochastic layers. */
  rng?: Random;
}

/** Requires `compile` to have run; names the method that needs it. */
export function requireCompiled(model: Model, method: string): CompiledModel {
  if (!model.compiled) throw new ArgumentError(`${model.name}.${method}: the model is not compiled; call model.compile({ optimizer, loss, metrics }) first`);
  return model.compiled;
}

/**
 * Builds a model that has not seen data yet (a Sequential without `inputShape`) from a batch's input
 * shapes. Called outside the step's scope, so that whatever layers create in `build` survives it.
 */
export function ensureModelBuilt(model: Model, pending: PendingBatch): void {
  if (model.built) return;
  const shapes = pending.inputShapes.map(batchShapeOf);
  model.ensureBuilt(shapes.length === 1 ? shapes[0]! : shapes);
}

function run(model: Model, x: readonly Tensor[], training: boolean, rng: Random | undefined): Tensor[] {
  const out = x.length === 1 ? model.apply(x[0]!, { training, rng }) : model.apply([...x], { training, rng });
  return Array.isArray(out) ? out : [out];
}

function requireTargets(batch: Batch, method: string): Tensor[] {
  if (!batch.y) throw new ArgumentError(`${method}: the batch has no targets (y); datasets for training and evaluation must yield { x, y } or [x, y]`);
  return batch.y;
}

function updateMetrics(compiled: CompiledModel, y: readonly Tensor[], preds: readonly Tensor[], sampleWeight: Tensor | null): void {
  noGrad(() =>
    compiled.outputs.forEach((out, i) => {
      for (const m of out.metrics) m.update(y[i]!, preds[i]!, sampleWeight ?? undefined);
    }),
  );
}

/**
 * Forward pass, loss (with penalties), gradients of every trainable weight, the NaN guard, the
 * optimizer update, weight constraints, and metric updates.
 */
export function trainStep(model: Model, compiled: CompiledModel, pending: PendingBatch, options: StepOptions = {}): StepResult {
  ensureModelBuilt(model, pending);
  return scope(() => {
    const batch = pending.make();
    const y = requireTargets(batch, 'fit');
    const variables = model.trainableWeights;
    const trainable = new Set(variables);
    const sampleWeight = effectiveSampleWeight(y[0] ?? null, batch.sampleWeight, options.classWeight);
    let preds: Tensor[] = [];
    let perOutput: Tensor[] = [];
    const objective = (..._weights: Tensor[]) => {
      clearActivityLosses(model.layers);
      preds = run(model, batch.x, true, options.rng);
      const losses = outputLosses(compiled, y, preds, sampleWeight);
      perOutput = losses.perOutput;
      const extra = penalties(model.layers, trainable);
      return extra ? add(losses.total, extra) : losses.total;
    };
    const { value, grads } = valueAndGrad(objective)(...variables);
    const loss = value.item();
    const culprit = firstNonFiniteGradient(model.layers, variables, grads);
    if (!Number.isFinite(loss) || culprit) {
      return { loss, outputLosses: [], size: batch.size, nonFinite: { culprit, dataIssue: describeDataIssue(batch.x, y, batch.where) } };
    }
    compiled.optimizer.applyGradients(grads, variables);
    applyConstraints(model, trainable);
    updateMetrics(compiled, y, preds, sampleWeight);
    return { loss, outputLosses: perOutput.map((t) => t.item()), size: batch.size, nonFinite: null };
  });
}

/** Projects constrained weights back into their allowed set after an update. */
function applyConstraints(model: Model, trainable: ReadonlySet<Variable>): void {
  noGrad(() => {
    for (const { weight } of ownedWeights(model.layers)) {
      if (weight.constraint && trainable.has(weight.variable)) weight.variable.assign(weight.constraint(weight.variable));
    }
  });
}

/** Forward pass in inference mode, loss (with weight penalties) and metric updates. */
export function testStep(model: Model, compiled: CompiledModel, pending: PendingBatch, options: StepOptions = {}): StepResult {
  ensureModelBuilt(model, pending);
  return scope(() =>
    noGrad(() => {
      const batch = pending.make();
      const y = requireTargets(batch, 'evaluate');
      const sampleWeight = effectiveSampleWeight(y[0] ?? null, batch.sampleWeight, options.classWeight);
      clearActivityLosses(model.layers);
      const preds = run(model, batch.x, false, undefined);
      const losses = outputLosses(compiled, y, preds, sampleWeight);
      const extra = penalties(model.layers, new Set(model.trainableWeights));
      const total = extra ? add(losses.total, extra) : losses.total;
      updateMetrics(compiled, y, preds, sampleWeight);
      return { loss: total.item(), outputLosses: losses.perOutput.map((t) => t.item()), size: batch.size, nonFinite: null };
    }),
  );
}

/** Predictions for one batch (kept: the caller owns and disposes them). */
export function predictStep(model: Model, pending: PendingBatch): Tensor[] {
  ensureModelBuilt(model, pending);
  return scope(() =>
    noGrad(() => {
      const batch = pending.make();
      return run(model, batch.x, false, undefined);
    }),
  );
}
