/**
 * Finite-difference gradient checking.
 * @module
 */
import { ArgumentError } from '../errors.js';
import { formatShape } from '../errors.js';
import { tensor } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { valueAndGrad } from './grad.js';
import { noGrad } from './tape.js';

/** Options of {@link checkGradients}. */
export interface CheckGradientsOptions {
  /** Finite-difference step (central differences). Default 1e-2: float32 needs a large step. */
  epsilon?: number;
  /** Allowed absolute error. Default 1e-2. */
  atol?: number;
  /** Allowed relative error. Default 1e-2. */
  rtol?: number;
}

/** One mismatch found by {@link checkGradients}. */
export interface GradientMismatch {
  argument: number;
  index: number;
  analytic: number;
  numeric: number;
}

/** Result of {@link checkGradients}. */
export interface GradientCheckResult {
  ok: boolean;
  /** Largest |analytic − numeric| over every checked element. */
  maxAbsError: number;
  mismatches: GradientMismatch[];
}

/**
 * Compares the gradients autograd computes for the scalar function `f` at `args` with central finite
 * differences of `f`, element by element. Evaluations run in float64 arithmetic on top of float32
 * tensors, so keep functions smooth near the chosen points (avoid relu kinks at 0).
 *
 * @example
 * const { ok } = checkGradients((x) => sum(tanh(x)), [randomNormal([3, 4], rng)]);
 */
export function checkGradients(f: (...args: Tensor[]) => Tensor, args: Tensor[], options: CheckGradientsOptions = {}): GradientCheckResult {
  const epsilon = options.epsilon ?? 1e-2;
  const atol = options.atol ?? 1e-2;
  const rtol = options.rtol ?? 1e-2;
  const { value, grads } = valueAndGrad(f)(...args);
  if (value.size !== 1) throw new ArgumentError(`checkGradients: f must return a scalar, got ${formatShape(value.shape)}`);
  const mismatches: GradientMismatch[] = [];
  let maxAbsError = 0;
  noGrad(() => {
    args.forEach((arg, argIndex) => {
      if (arg.dtype !== 'float32') return;
      const base = arg.data<'float32'>();
      const analytic = grads[argIndex]!.data<'float32'>();
      const evaluate = (index: number, delta: number): number => {
        const values = Float32Array.from(base);
        values[index]! += delta;
        const shifted = tensor(values, arg.shape);
        return f(...args.map((a, i) => (i === argIndex ? shifted : a))).item();
      };
      for (let i = 0; i < base.length; i++) {
        const numeric = (evaluate(i, epsilon) - evaluate(i, -epsilon)) / (2 * epsilon);
        const error = Math.abs(analytic[i]! - numeric);
        maxAbsError = Math.max(maxAbsError, error);
        if (!(error <= atol + rtol * Math.abs(numeric))) mismatches.push({ argument: argIndex, index: i, analytic: analytic[i]!, numeric });
      }
    });
  });
  return { ok: mismatches.length === 0, maxAbsError, mismatches };
}
