/**
 * Optimising an image against an objective with L-BFGS (the default) or Adam, step by step with a
 * progress callback and an optional time budget.
 * @module
 */
import { valueAndGrad } from '../../autograd/grad.js';
import { ArgumentError } from '../../errors.js';
import { Adam } from '../../nn/optimizers/adam.js';
import { LBFGS, type LbfgsEvaluation } from '../../nn/optimizers/lbfgs.js';
import { tensor } from '../../tensor/creation.js';
import { scope } from '../../tensor/scope.js';
import type { Tensor } from '../../tensor/tensor.js';
import { Variable } from '../../tensor/variable.js';
import type { LossParts } from './objective.js';

/** The optimizers style tasks accept. */
export type StyleOptimizer = 'lbfgs' | 'adam';

/** One step's report. */
export interface StepProgress {
  /** 1-based step within this run (one L-BFGS iteration or one Adam update). */
  step: number;
  steps: number;
  /** The weighted loss at the image after this step. */
  loss: number;
  parts: LossParts;
  /** Objective evaluations so far (L-BFGS line searches may take several per step). */
  evaluations: number;
  seconds: number;
  /** The image being optimised (read it, do not keep it: it changes with every step). */
  image: Tensor;
}

/** Options of {@link optimizeImage}. */
export interface OptimizeImageOptions {
  optimizer?: StyleOptimizer;
  steps: number;
  /** L-BFGS's step length (default 1) or Adam's learning rate (default 0.02). */
  learningRate?: number;
  /** L-BFGS curvature pairs, default 20 (as texture_reference.py). */
  historySize?: number;
  /** Stop after the step during which this many seconds have passed. */
  maxSeconds?: number;
  onStep?: (progress: StepProgress) => void;
}

/** What {@link optimizeImage} returns. */
export interface OptimizeImageResult {
  image: Tensor;
  loss: number;
  parts: LossParts;
  stepsTaken: number;
  evaluations: number;
  seconds: number;
}

/**
 * Minimises `objective` over the pixels of `init`. L-BFGS runs one iteration per step with a
 * strong-Wolfe line search (as `torch.optim.LBFGS(max_iter=1)` in texture_reference.py), except that
 * the evaluation at the start of a step reuses the line search's last one when the pixels did not
 * change since, so a step usually costs one evaluation instead of two.
 */
export function optimizeImage(init: Tensor, objective: (image: Tensor) => { total: Tensor; parts: LossParts }, options: OptimizeImageOptions): OptimizeImageResult {
  const op = 'optimizeImage';
  const steps = options.steps;
  if (!Number.isInteger(steps) || steps < 1) throw new ArgumentError(`${op}: steps must be an integer >= 1, got ${steps}`);
  const kind = options.optimizer ?? 'lbfgs';
  if (kind !== 'lbfgs' && kind !== 'adam') throw new ArgumentError(`${op}: optimizer must be 'lbfgs' or 'adam', got '${String(kind)}'`);
  const image = new Variable(init, { name: 'image' });
  const start = performance.now();
  let evaluations = 0;
  let cache: { x: Float32Array; loss: number; grad: Float32Array; parts: LossParts } | null = null;
  let lastParts: LossParts = { style: 0, content: 0, tv: 0 };
  const f = valueAndGrad((x: Tensor) => {
    const o = objective(x);
    lastParts = o.parts;
    return o.total;
  });
  const evaluate = (): LbfgsEvaluation & { parts: LossParts } => {
    const x = image.values as Float32Array;
    if (cache && sameValues(cache.x, x)) return { loss: cache.loss, grads: [tensor(cache.grad, image.shape)], parts: cache.parts };
    const r = scope(() => {
      const { value, grads } = f(image);
      return { loss: value.item(), grad: grads[0]!.data() as Float32Array };
    });
    evaluations++;
    cache = { x: Float32Array.from(x), loss: r.loss, grad: r.grad, parts: lastParts };
    return { loss: r.loss, grads: [tensor(r.grad, image.shape)], parts: lastParts };
  };
  const lbfgs = kind === 'lbfgs' ? new LBFGS([image], { learningRate: options.learningRate ?? 1, maxIter: 1, historySize: options.historySize ?? 20, lineSearch: 'strong-wolfe' }) : null;
  const adam = kind === 'adam' ? new Adam({ learningRate: options.learningRate ?? 0.02 }) : null;
  let current = evaluate();
  let stepsTaken = 0;
  for (let step = 1; step <= steps; step++) {
    if (lbfgs) {
      lbfgs.step(evaluate);
    } else {
      adam!.applyGradients(current.grads, [image]);
    }
    current = evaluate();
    stepsTaken = step;
    const seconds = (performance.now() - start) / 1000;
    options.onStep?.({ step, steps, loss: current.loss as number, parts: current.parts, evaluations, seconds, image });
    if (options.maxSeconds !== undefined && seconds >= options.maxSeconds) break;
  }
  return { image: tensor(image.data(), image.shape), loss: current.loss as number, parts: current.parts, stepsTaken, evaluations, seconds: (performance.now() - start) / 1000 };
}

function sameValues(a: Float32Array, b: Float32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
