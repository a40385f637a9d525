/**
 * The parity fixtures' test problem, `sum(w·c) + 0.5·sum(w²·(1 + |c|))`, and float64 reference
 * optimizers written as plain loops from PyTorch's documented update rules.
 */
import { abs, add, mul, square, sum, valueAndGrad, type Tensor, type Variable } from '../../../src/index.js';
import type { Optimizer } from '../../../src/nn/optimizers/index.js';

/** The fixture loss as a tensor function. */
export function quadraticLoss(w: Tensor, c: Tensor): Tensor {
  return add(sum(mul(w, c)), mul(sum(mul(square(w), add(abs(c), 1))), 0.5));
}

/** Its gradient in float64: `c + w·(1 + |c|)`. */
export function quadraticGradient(w: readonly number[], c: readonly number[]): number[] {
  return w.map((wi, i) => c[i]! + wi * (1 + Math.abs(c[i]!)));
}

/** Runs `steps` steps of `optimizer` on the quadratic loss; returns the weights after each step. */
export function runSteps(optimizer: Optimizer, w: Variable, c: Tensor, steps: number): Float32Array[] {
  const trajectory: Float32Array[] = [];
  for (let s = 0; s < steps; s++) {
    const { grads } = valueAndGrad((x: Tensor) => quadraticLoss(x, c))(w);
    optimizer.applyGradients(grads, [w]);
    trajectory.push(w.data<'float32'>());
  }
  return trajectory;
}

/** One float64 reference step on `w` (mutated), given the gradient and the step number (from 1). */
export type ReferenceStep = (w: number[], g: number[], step: number) => void;

/** Runs a float64 reference optimizer on the quadratic loss. */
export function referenceTrajectory(w0: readonly number[], c: readonly number[], steps: number, update: ReferenceStep): number[][] {
  const w = [...w0];
  const out: number[][] = [];
  for (let s = 1; s <= steps; s++) {
    update(w, quadraticGradient(w, c), s);
    out.push([...w]);
  }
  return out;
}

/** torch.optim.SGD. */
export function referenceSgd(o: { lr: number; momentum?: number; dampening?: number; nesterov?: boolean; weightDecay?: number }): ReferenceStep {
  let buf: number[] | null = null;
  const { lr, momentum = 0, dampening = 0, nesterov = false, weightDecay = 0 } = o;
  return (w, grad) => {
    const g = grad.map((gi, i) => gi + weightDecay * w[i]!);
    let d = g;
    if (momentum !== 0) {
      buf = buf === null ? [...g] : buf.map((b, i) => momentum * b + (1 - dampening) * g[i]!);
      const b = buf;
      d = nesterov ? g.map((gi, i) => gi + momentum * b[i]!) : b;
    }
    for (let i = 0; i < w.length; i++) w[i] = w[i]! - lr * d[i]!;
  };
}

/** torch.optim.Adam / AdamW (decoupled). */
export function referenceAdam(o: { lr: number; beta1: number; beta2: number; eps: number; amsgrad?: boolean; weightDecay?: number; decoupled?: boolean }): ReferenceStep {
  let m: number[] | null = null;
  let v: number[] | null = null;
  let vMax: number[] | null = null;
  return (w, grad, step) => {
    const n = w.length;
    m ??= new Array<number>(n).fill(0);
    v ??= new Array<number>(n).fill(0);
    vMax ??= new Array<number>(n).fill(0);
    const wd = o.weightDecay ?? 0;
    for (let i = 0; i < n; i++) {
      let g = grad[i]!;
      if (o.decoupled) w[i] = w[i]! * (1 - o.lr * wd);
      else g += wd * w[i]!;
      m[i] = o.beta1 * m[i]! + (1 - o.beta1) * g;
      v[i] = o.beta2 * v[i]! + (1 - o.beta2) * g * g;
      vMax[i] = Math.max(vMax[i]!, v[i]!);
      const second = o.amsgrad ? vMax[i]! : v[i]!;
      const denom = Math.sqrt(second) / Math.sqrt(1 - o.beta2 ** step) + o.eps;
      w[i] = w[i]! - (o.lr / (1 - o.beta1 ** step)) * (m[i]! / denom);
    }
  };
}

/** torch.optim.RMSprop. */
export function referenceRmsprop(o: { lr: number; rho: number; eps: number; momentum?: number; centered?: boolean }): ReferenceStep {
  let sq: number[] | null = null;
  let ga: number[] | null = null;
  let buf: number[] | null = null;
  return (w, grad) => {
    const n = w.length;
    sq ??= new Array<number>(n).fill(0);
    ga ??= new Array<number>(n).fill(0);
    buf ??= new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) {
      const g = grad[i]!;
      sq[i] = o.rho * sq[i]! + (1 - o.rho) * g * g;
      let avg: number;
      if (o.centered) {
        ga[i] = o.rho * ga[i]! + (1 - o.rho) * g;
        avg = Math.sqrt(sq[i]! - ga[i]! * ga[i]!) + o.eps;
      } else avg = Math.sqrt(sq[i]!) + o.eps;
      if ((o.momentum ?? 0) > 0) {
        buf[i] = o.momentum! * buf[i]! + g / avg;
        w[i] = w[i]! - o.lr * buf[i]!;
      } else w[i] = w[i]! - (o.lr * g) / avg;
    }
  };
}

/** torch.optim.Adagrad (lr_decay 0). */
export function referenceAdagrad(o: { lr: number; initial: number; eps: number }): ReferenceStep {
  let acc: number[] | null = null;
  return (w, grad) => {
    acc ??= new Array<number>(w.length).fill(o.initial);
    for (let i = 0; i < w.length; i++) {
      acc[i] = acc[i]! + grad[i]! * grad[i]!;
      w[i] = w[i]! - (o.lr * grad[i]!) / (Math.sqrt(acc[i]!) + o.eps);
    }
  };
}
