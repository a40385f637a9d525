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
import type { ImageObjective, LossParts } from './objective.js';

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
export function optimizeImage(init: Tensor, objective: ImageObjective | readonly ImageObjective[], options: OptimizeImageOptions): OptimizeImageResult {
  const op = 'optimizeImage';
  const steps = options.steps;
  if (!Number.isInteger(steps) || steps < 1) throw new ArgumentError(`${op}: steps must be an integer >= 1, got ${steps}`);
  const kind = options.optimizer ?? 'lbfgs';
  if (kind !== 'lbfgs' && kind !== 'adam') throw new ArgumentError(`${op}: optimizer must be 'lbfgs' or 'adam', got '${String(kind)}'`);
  const image = new Variable(init, { name: 'image' });
  const start = performance.now();
  let evaluations = 0;
  let cache: { x: Float32Array; loss: number; grad: Float32Array; parts: LossParts } | null = null;
  // Parts of the objective are differentiated one after the other (each in its own scope, so only
  // one part's feature maps are alive at a time) and their losses and gradients added up.
  const parts = typeof objective === 'function' ? [objective] : [...objective];
  let partLosses: LossParts = { style: 0, content: 0, tv: 0 };
  const grads = parts.map((part) =>
    valueAndGrad((x: Tensor) => {
      const o = part(x);
      partLosses = o.parts;
      return o.total;
    }),
  );
  const evaluate = (): LbfgsEvaluation & { parts: LossParts } => {
    const x = image.values as Float32Array;
    if (cache && sameValues(cache.x, x)) return { loss: cache.loss, grads: [tensor(cache.grad, image.shape)], parts: cache.parts };
    const r = { loss: 0, grad: new Float32Array(image.size), parts: { style: 0, content: 0, tv: 0, range: 0 } as LossParts };
    for (const g of grads) {
      scope(() => {
        const { value, grads: [d] } = g(image);
        r.loss += value.item();
        const dv = d!.values;
        for (let i = 0; i < dv.length; i++) r.grad[i]! += dv[i]!;
      });
      r.parts = addParts(r.parts, partLosses);
    }
    evaluations++;
    cache = { x: Float32Array.from(x), loss: r.loss, grad: r.grad, parts: r.parts };
    return { loss: r.loss, grads: [tensor(r.grad, image.shape)], parts: r.parts };
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

function addParts(a: LossParts, b: LossParts): LossParts {
  return { style: a.style + b.style, content: a.content + b.content, tv: a.tv + b.tv, range: (a.range ?? 0) + (b.range ?? 0) };
}

function sameValues(a: Float32Array, b: Float32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
