/**
 * The optimizer base class: learning rate (constant or scheduled), gradient clipping, per-variable
 * state slots, the update loop and state dicts for checkpoints.
 * @module
 */
import { ArgumentError, DTypeError, ShapeError, formatShape } from '../../errors.js';
import { noGrad } from '../../autograd/tape.js';
import { full, scalar, tensor } from '../../tensor/creation.js';
import { scope } from '../../tensor/scope.js';
import { shapesEqual } from '../../tensor/shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { Variable } from '../../tensor/variable.js';
import { clipByGlobalNorm, clipByNorm, clipByValue } from './clipping.js';
import { isSchedule, serializeSchedule, type LearningRateSchedule } from './schedules.js';

/** A constant learning rate, a {@link LearningRateSchedule}, or any function of the step (not saved as such). */
export type LearningRate = number | LearningRateSchedule | ((step: number) => number);

/** Options every optimizer accepts. */
export interface OptimizerConfig {
  /** Step size, or a schedule evaluated at the step count. Each optimizer has Keras' default. */
  learningRate?: LearningRate;
  /** Rescale each gradient whose L2 norm exceeds this. */
  clipnorm?: number;
  /** Clip each gradient element to `[−clipvalue, clipvalue]`. */
  clipvalue?: number;
  /** Rescale all gradients together when their joint L2 norm exceeds this (`tf.clip_by_global_norm`). */
  globalClipnorm?: number;
}

/** Throws an {@link ArgumentError} unless `v` is a finite number `>= min` (and `< max` when given). */
export function checkHyperparameter(op: string, name: string, v: number, min = 0, max?: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || (max !== undefined && !(v < max))) {
    const range = max === undefined ? `>= ${min}` : `in [${min}, ${max})`;
    throw new ArgumentError(`${op}: ${name} must be a finite number ${range}, got ${String(v)}`);
  }
  return v;
}

/**
 * Updates variables from their gradients. Subclasses implement {@link Optimizer.updateVariable}, the
 * whole update of one variable (the unit a backend may later replace with a fused in-place kernel),
 * and name their per-variable state in {@link Optimizer.slotNames}.
 *
 * @example
 * const opt = new Adam({ learningRate: 1e-3 });
 * const { value, grads } = valueAndGrad(lossFn)(...weights);
 * opt.applyGradients(grads, weights);
 */
export abstract class Optimizer {
  /** Registered class name (`SGD`, `Adam`...), used by `getOptimizer` and saved configs. */
  abstract readonly className: string;
  /** Names of the state kept per variable, as in PyTorch's optimizer state (`exp_avg`, `momentum_buffer`...). */
  protected abstract readonly slotNames: readonly string[];
  /** Number of steps taken (calls of {@link applyGradients}). */
  iterations = 0;
  readonly clipnorm: number | undefined;
  readonly clipvalue: number | undefined;
  readonly globalClipnorm: number | undefined;
  private schedule: ((step: number) => number) | null = null;
  private constantRate = 0;
  private readonly slots = new Map<Variable, Map<string, Variable>>();

  constructor(config: OptimizerConfig) {
    const op = this.constructor.name;
    const lr = config.learningRate ?? 0.001;
    if (typeof lr === 'function') this.schedule = lr;
    else this.constantRate = checkHyperparameter(op, 'learningRate', lr);
    const clipOptions = (['clipnorm', 'clipvalue', 'globalClipnorm'] as const).filter((k) => config[k] !== undefined && config[k] !== null);
    if (clipOptions.length > 1) throw new ArgumentError(`${op}: set only one of clipnorm, clipvalue and globalClipnorm, got ${clipOptions.join(' and ')}`);
    for (const k of clipOptions) if (!((config[k] as number) > 0)) throw new ArgumentError(`${op}: ${k} must be positive, got ${config[k]}`);
    this.clipnorm = config.clipnorm ?? undefined;
    this.clipvalue = config.clipvalue ?? undefined;
    this.globalClipnorm = config.globalClipnorm ?? undefined;
  }

  /** The learning rate of the next step (a schedule evaluated at {@link iterations}). */
  get learningRate(): number {
    return this.schedule ? this.schedule(this.iterations) : this.constantRate;
  }

  /** Replaces the learning rate (and any schedule) by a constant; used by callbacks such as ReduceLROnPlateau. */
  setLearningRate(lr: number): void {
    this.constantRate = checkHyperparameter(this.className, 'learningRate', lr);
    this.schedule = null;
  }

  /**
   * Takes one step: clips the gradients as configured, then updates each variable in place under
   * `noGrad`, and increments {@link iterations}. A `null` gradient leaves its variable alone.
   */
  applyGradients(grads: readonly (Tensor | null | undefined)[], variables: readonly Variable[]): void {
    const op = `${this.className}.applyGradients`;
    if (grads.length !== variables.length) throw new ArgumentError(`${op}: got ${grads.length} gradients for ${variables.length} variables`);
    const pairs: [Tensor, Variable][] = [];
    grads.forEach((g, i) => {
      const v = variables[i]!;
      if (g === null || g === undefined) return;
      if (v.dtype !== 'float32' || g.dtype !== 'float32') {
        throw new DTypeError(`${op}: variable '${v.name}' (${v.dtype}) and its gradient (${g.dtype}) must be float32`);
      }
      if (!shapesEqual(g.shape, v.shape)) {
        throw new ShapeError(`${op}: gradient ${formatShape(g.shape)} does not match variable '${v.name}' ${formatShape(v.shape)}`);
      }
      pairs.push([g, v]);
    });
    const lr = this.learningRate;
    noGrad(() =>
      scope(() => {
        const clipped = this.clipGradients(pairs.map(([g]) => g));
        pairs.forEach(([, v], i) => this.updateVariable(v, clipped[i]!, lr));
      }),
    );
    this.iterations++;
  }

  /**
   * Updates `variable` in place (with `assign`) from its (clipped) `gradient`. The step number of
   * this update is `iterations + 1`.
   */
  protected abstract updateVariable(variable: Variable, gradient: Tensor, learningRate: number): void;

  /** Options specific to the subclass (betas, momentum...), merged into {@link getConfig}. */
  protected abstract optimizerConfig(): Record<string, unknown>;

  private clipGradients(grads: Tensor[]): Tensor[] {
    if (this.clipvalue !== undefined) return clipByValue(grads, this.clipvalue);
    if (this.clipnorm !== undefined) return grads.map((g) => clipByNorm(g, this.clipnorm!));
    if (this.globalClipnorm !== undefined) return clipByGlobalNorm(grads, this.globalClipnorm).grads;
    return grads;
  }

  /** True once `variable` has a `name` slot (e.g. to start a momentum buffer from the first gradient, as PyTorch). */
  protected hasSlot(variable: Variable, name: string): boolean {
    return this.slots.get(variable)?.has(name) ?? false;
  }

  /** The `name` slot of `variable`, created filled with `initialValue` on first use. */
  protected slot(variable: Variable, name: string, initialValue = 0): Variable {
    let own = this.slots.get(variable);
    if (!own) {
      own = new Map();
      this.slots.set(variable, own);
    }
    let s = own.get(name);
    if (!s) {
      s = new Variable(full(variable.shape, initialValue), { name: `${variable.name}/${name}`, trainable: false });
      own.set(name, s);
    }
    return s;
  }

  /**
   * Constructor options that recreate this optimizer: `learningRate` (a number, or a saved schedule;
   * a bare function is saved as its current value), clipping, and the subclass' hyperparameters.
   */
  getConfig(): Record<string, unknown> {
    const lr = this.schedule && isSchedule(this.schedule) ? serializeSchedule(this.schedule) : this.learningRate;
    const clipping: Record<string, number> = {};
    if (this.clipnorm !== undefined) clipping['clipnorm'] = this.clipnorm;
    if (this.clipvalue !== undefined) clipping['clipvalue'] = this.clipvalue;
    if (this.globalClipnorm !== undefined) clipping['globalClipnorm'] = this.globalClipnorm;
    return { learningRate: lr, ...clipping, ...this.optimizerConfig() };
  }

  /**
   * The optimizer's state for checkpoints: a copy of every slot keyed `${variable.name}/${slot}`
   * (e.g. `dense.weight/exp_avg`), plus `iterations` (an int32 scalar).
   */
  stateDict(): Record<string, Tensor> {
    const state: Record<string, Tensor> = { iterations: scalar(this.iterations, 'int32') };
    for (const own of this.slots.values()) for (const s of own.values()) state[s.name] = tensor(s.data(), s.shape);
    return state;
  }

  /**
   * Restores a {@link stateDict} for `variables` (matched by name), so training resumes exactly.
   * Throws on keys that name no given variable or no slot of this optimizer, and on shape mismatches.
   */
  loadStateDict(state: Record<string, Tensor>, variables: readonly Variable[]): void {
    const op = `${this.className}.loadStateDict`;
    const byName = new Map<string, Variable>();
    for (const v of variables) {
      if (byName.has(v.name)) throw new ArgumentError(`${op}: two variables are named '${v.name}'; names must be unique to match state`);
      byName.set(v.name, v);
    }
    const restored: [Variable, string, Tensor][] = [];
    for (const [key, value] of Object.entries(state)) {
      if (key === 'iterations') continue;
      const cut = key.lastIndexOf('/');
      const variable = byName.get(key.slice(0, cut));
      const slotName = key.slice(cut + 1);
      if (cut < 0 || !variable) throw new ArgumentError(`${op}: state key '${key}' names no given variable`);
      if (!this.slotNames.includes(slotName)) {
        throw new ArgumentError(`${op}: state key '${key}': ${this.className} has no slot '${slotName}' (slots: ${this.slotNames.join(', ')})`);
      }
      if (!shapesEqual(value.shape, variable.shape)) {
        throw new ShapeError(`${op}: state '${key}' is ${formatShape(value.shape)}, variable '${variable.name}' is ${formatShape(variable.shape)}`);
      }
      restored.push([variable, slotName, value]);
    }
    for (const [variable, slotName, value] of restored) this.slot(variable, slotName).assign(value);
    if (state['iterations'] !== undefined) this.iterations = state['iterations'].item();
  }
}
