/**
 * L-BFGS, a port of `torch.optim.LBFGS`: a closure re-evaluates the loss and gradients; each
 * {@link LBFGS.step} runs up to `maxIter` iterations of the two-loop recursion over the last
 * `historySize` curvature pairs, with a fixed step or a strong-Wolfe line search. Unlike the other
 * optimizers it is not driven by `applyGradients`: it decides itself where to evaluate.
 *
 * The state (directions, steps, the previous gradient) is kept in float64 host arrays; the variables
 * stay float32, as PyTorch's parameters do.
 * @module
 */
import { ArgumentError, DTypeError, ShapeError, formatShape } from '../../errors.js';
import { valueAndGrad } from '../../autograd/grad.js';
import { scope } from '../../tensor/scope.js';
import { shapesEqual } from '../../tensor/shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { Variable } from '../../tensor/variable.js';
import { checkHyperparameter } from './optimizer.js';
import { dot, strongWolfe } from './strong-wolfe.js';

/** What a closure returns: the loss and one gradient per variable (`null` reads as zero). */
export interface LbfgsEvaluation {
  loss: number | Tensor;
  grads: readonly (Tensor | null | undefined)[];
}

/** Re-evaluates the objective at the variables' current values. */
export type LbfgsClosure = () => LbfgsEvaluation;

/** Options of {@link LBFGS}; names and defaults follow `torch.optim.LBFGS`. */
export interface LbfgsConfig {
  /** Step length (torch's `lr`), default 1. */
  learningRate?: number;
  /** Most iterations per {@link LBFGS.step} call, default 20. */
  maxIter?: number;
  /** Most closure evaluations per step call, default `floor(maxIter · 5 / 4)`. */
  maxEval?: number;
  /** Stop when the largest gradient element is at most this, default 1e-7. */
  toleranceGrad?: number;
  /** Stop when the loss or the step changes by less than this, default 1e-9. */
  toleranceChange?: number;
  /** Curvature pairs kept, default 100. */
  historySize?: number;
  /** `'strong-wolfe'` (torch's `line_search_fn='strong_wolfe'`) or `'none'` (a fixed step, torch's default). */
  lineSearch?: 'strong-wolfe' | 'none';
}

/**
 * The limited-memory BFGS optimizer.
 *
 * @example
 * const x = new Variable(zeros([2]));
 * const opt = new LBFGS([x], { lineSearch: 'strong-wolfe', maxIter: 50 });
 * opt.step(gradientClosure((x) => rosenbrock(x), [x]));
 */
export class LBFGS {
  readonly className = 'LBFGS';
  readonly learningRate: number;
  readonly maxIter: number;
  readonly maxEval: number;
  readonly toleranceGrad: number;
  readonly toleranceChange: number;
  readonly historySize: number;
  readonly lineSearch: 'strong-wolfe' | 'none';
  /** Iterations taken over all step calls (torch's `state['n_iter']`). */
  iterations = 0;
  /** Closure evaluations over all step calls (torch's `state['func_evals']`). */
  evaluations = 0;
  private readonly variables: readonly Variable[];
  private readonly numel: number;
  private direction: Float64Array | null = null;
  private stepLength = 0;
  private oldDirs: Float64Array[] = [];
  private oldSteps: Float64Array[] = [];
  private rho: number[] = [];
  private hDiag = 1;
  private prevGrad: Float64Array | null = null;

  constructor(variables: readonly Variable[], config: LbfgsConfig = {}) {
    const op = 'LBFGS';
    if (variables.length === 0) throw new ArgumentError(`${op}: expected at least one variable to optimize`);
    for (const v of variables) if (v.dtype !== 'float32') throw new DTypeError(`${op}: variable '${v.name}' is ${v.dtype}, expected float32`);
    this.variables = [...variables];
    this.numel = variables.reduce((n, v) => n + v.size, 0);
    this.learningRate = checkHyperparameter(op, 'learningRate', config.learningRate ?? 1);
    this.maxIter = positiveInteger(op, 'maxIter', config.maxIter ?? 20);
    this.maxEval = positiveInteger(op, 'maxEval', config.maxEval ?? Math.floor((this.maxIter * 5) / 4));
    this.toleranceGrad = checkHyperparameter(op, 'toleranceGrad', config.toleranceGrad ?? 1e-7);
    this.toleranceChange = checkHyperparameter(op, 'toleranceChange', config.toleranceChange ?? 1e-9);
    this.historySize = positiveInteger(op, 'historySize', config.historySize ?? 100);
    const ls = config.lineSearch ?? 'none';
    if (ls !== 'strong-wolfe' && ls !== 'none') throw new ArgumentError(`${op}: lineSearch must be 'strong-wolfe' or 'none', got '${String(ls)}'`);
    this.lineSearch = ls;
  }

  /**
   * Runs up to `maxIter` iterations (fewer when a tolerance is met or `maxEval` evaluations are spent)
   * and returns the loss the closure reported at the starting point, as torch does.
   */
  step(closure: LbfgsClosure): number {
    let { loss, grad } = this.evaluate(closure);
    const origLoss = loss;
    let evals = 1;
    this.evaluations++;
    if (maxAbs(grad) <= this.toleranceGrad) return origLoss;
    let d = this.direction;
    let t = this.stepLength;
    let nIter = 0;
    while (nIter < this.maxIter) {
      nIter++;
      this.iterations++;
      if (this.iterations === 1) {
        d = negate(grad);
        this.oldDirs = [];
        this.oldSteps = [];
        this.rho = [];
        this.hDiag = 1;
      } else {
        d = this.twoLoopDirection(grad, d!, t);
      }
      this.prevGrad = Float64Array.from(grad);
      const prevLoss = loss;
      t = this.iterations === 1 ? Math.min(1, 1 / sumAbs(grad)) * this.learningRate : this.learningRate;
      const gtd = dot(grad, d);
      if (gtd > -this.toleranceChange) break;
      let lsEvals = 0;
      let optimal = false;
      if (this.lineSearch === 'strong-wolfe') {
        const start = this.readParams();
        const objective = (step: number, dir: Float64Array): { loss: number; grad: Float64Array } => {
          this.writeParams(start, step, dir);
          const r = this.evaluate(closure);
          this.writeParams(start, 0, dir);
          return r;
        };
        const found = strongWolfe(objective, t, d, loss, grad, gtd, { toleranceChange: this.toleranceChange });
        ({ loss, grad, t } = found);
        lsEvals = found.evaluations;
        this.writeParams(start, t, d);
        optimal = maxAbs(grad) <= this.toleranceGrad;
      } else {
        this.writeParams(this.readParams(), t, d);
        if (nIter !== this.maxIter) {
          ({ loss, grad } = this.evaluate(closure));
          optimal = maxAbs(grad) <= this.toleranceGrad;
          lsEvals = 1;
        }
      }
      evals += lsEvals;
      this.evaluations += lsEvals;
      if (nIter === this.maxIter || evals >= this.maxEval || optimal) break;
      if (maxAbs(d) * Math.abs(t) <= this.toleranceChange) break;
      if (Math.abs(loss - prevLoss) < this.toleranceChange) break;
    }
    this.direction = d;
    this.stepLength = t;
    return origLoss;
  }

  /** The two-loop recursion: updates the curvature memory with the last step, returns `-H·grad`. */
  private twoLoopDirection(grad: Float64Array, d: Float64Array, t: number): Float64Array {
    const n = grad.length;
    const y = new Float64Array(n);
    const s = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      y[i] = grad[i]! - this.prevGrad![i]!;
      s[i] = d[i]! * t;
    }
    const ys = dot(y, s);
    if (ys > 1e-10) {
      if (this.oldDirs.length === this.historySize) {
        this.oldDirs.shift();
        this.oldSteps.shift();
        this.rho.shift();
      }
      this.oldDirs.push(y);
      this.oldSteps.push(s);
      this.rho.push(1 / ys);
      this.hDiag = ys / dot(y, y);
    }
    const m = this.oldDirs.length;
    const al = new Array<number>(m);
    const q = negate(grad);
    for (let i = m - 1; i >= 0; i--) {
      al[i] = dot(this.oldSteps[i]!, q) * this.rho[i]!;
      axpy(q, this.oldDirs[i]!, -al[i]!);
    }
    for (let i = 0; i < n; i++) q[i]! *= this.hDiag;
    for (let i = 0; i < m; i++) {
      const be = dot(this.oldDirs[i]!, q) * this.rho[i]!;
      axpy(q, this.oldSteps[i]!, al[i]! - be);
    }
    return q;
  }

  /** Runs the closure in a scope (its tensors are freed at once) and copies out the loss and gradient. */
  private evaluate(closure: LbfgsClosure): { loss: number; grad: Float64Array } {
    return scope(() => this.readEvaluation(closure()));
  }

  private readEvaluation(r: LbfgsEvaluation): { loss: number; grad: Float64Array } {
    const loss = typeof r.loss === 'number' ? r.loss : r.loss.item();
    if (r.grads.length !== this.variables.length) throw new ArgumentError(`LBFGS.step: the closure returned ${r.grads.length} gradients for ${this.variables.length} variables`);
    const grad = new Float64Array(this.numel);
    let offset = 0;
    this.variables.forEach((v, i) => {
      const g = r.grads[i];
      if (g) {
        if (!shapesEqual(g.shape, v.shape)) throw new ShapeError(`LBFGS.step: gradient ${formatShape(g.shape)} does not match variable '${v.name}' ${formatShape(v.shape)}`);
        grad.set(g.values, offset);
      }
      offset += v.size;
    });
    return { loss, grad };
  }

  private readParams(): Float64Array {
    const x = new Float64Array(this.numel);
    let offset = 0;
    for (const v of this.variables) {
      x.set(v.values, offset);
      offset += v.size;
    }
    return x;
  }

  /** Sets the variables to `x + t·d` (rounded to float32). */
  private writeParams(x: Float64Array, t: number, d: Float64Array): void {
    let offset = 0;
    for (const v of this.variables) {
      const values = v.values;
      for (let i = 0; i < v.size; i++) values[i] = x[offset + i]! + t * d[offset + i]!;
      offset += v.size;
    }
  }
}

/**
 * A closure for {@link LBFGS.step} from a loss function of the variables: `valueAndGrad` at their
 * current values.
 */
export function gradientClosure(lossFn: (...variables: Tensor[]) => Tensor, variables: readonly Variable[]): LbfgsClosure {
  const f = valueAndGrad(lossFn);
  return () => {
    const { value, grads } = f(...variables);
    return { loss: value.item(), grads };
  };
}

function positiveInteger(op: string, name: string, v: number): number {
  if (!Number.isInteger(v) || v < 1) throw new ArgumentError(`${op}: ${name} must be an integer >= 1, got ${String(v)}`);
  return v;
}

function negate(a: Float64Array): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = -a[i]!;
  return out;
}

function axpy(y: Float64Array, x: Float64Array, alpha: number): void {
  for (let i = 0; i < y.length; i++) y[i]! += alpha * x[i]!;
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]!));
  return m;
}

function sumAbs(a: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i]!);
  return s;
}
