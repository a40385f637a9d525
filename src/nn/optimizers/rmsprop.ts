/**
 * RMSprop, optionally centered and with momentum.
 * @module
 */
import { add, div, maximum, mul, sqrt, square, sub } from '../../ops/index.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { Variable } from '../../tensor/variable.js';
import { Optimizer, checkHyperparameter, type OptimizerConfig } from './optimizer.js';

/** Options of {@link RMSprop}. */
export interface RMSpropConfig extends OptimizerConfig {
  /** Default 0.001 (Keras). */
  learningRate?: OptimizerConfig['learningRate'];
  /** Decay of the running mean of squared gradients (PyTorch's `alpha`). Default 0.9 (Keras). */
  rho?: number;
  /** Momentum factor. Default 0. */
  momentum?: number;
  /** Added to the root mean square, outside the square root. Default 1e-7 (Keras; PyTorch 1e-8). */
  epsilon?: number;
  /** Normalise by the estimated variance instead of the raw second moment. Default false. */
  centered?: boolean;
  /** L2 penalty added to the gradient, as `torch.optim.RMSprop`. Default 0. */
  weightDecay?: number;
}

/**
 * RMSprop, step for step as `torch.optim.RMSprop`: `s = ρ·s + (1 − ρ)·g²`; `avg = sqrt(s) + ε`
 * (centered: `sqrt(s − ḡ²) + ε` with `ḡ = ρ·ḡ + (1 − ρ)·g`); then `w −= lr·g / avg`, or with momentum
 * `buf = momentum·buf + g / avg` and `w −= lr·buf`.
 */
export class RMSprop extends Optimizer {
  readonly className = 'RMSprop';
  protected readonly slotNames = ['square_avg', 'momentum_buffer', 'grad_avg'] as const;
  readonly rho: number;
  readonly momentum: number;
  readonly epsilon: number;
  readonly centered: boolean;
  readonly weightDecay: number;

  constructor(config: RMSpropConfig = {}) {
    super({ ...config, learningRate: config.learningRate ?? 0.001 });
    this.rho = checkHyperparameter('RMSprop', 'rho', config.rho ?? 0.9, 0, 1);
    this.momentum = checkHyperparameter('RMSprop', 'momentum', config.momentum ?? 0);
    this.epsilon = checkHyperparameter('RMSprop', 'epsilon', config.epsilon ?? 1e-7);
    this.centered = config.centered ?? false;
    this.weightDecay = checkHyperparameter('RMSprop', 'weightDecay', config.weightDecay ?? 0);
  }

  protected updateVariable(variable: Variable, gradient: Tensor, lr: number): void {
    const g = this.weightDecay !== 0 ? add(gradient, mul(variable, this.weightDecay)) : gradient;
    const squareAvg = this.slot(variable, 'square_avg');
    const nextSquareAvg = add(mul(squareAvg, this.rho), mul(square(g), 1 - this.rho));
    squareAvg.assign(nextSquareAvg);
    let variance = nextSquareAvg;
    if (this.centered) {
      const gradAvg = this.slot(variable, 'grad_avg');
      const nextGradAvg = add(mul(gradAvg, this.rho), mul(g, 1 - this.rho));
      gradAvg.assign(nextGradAvg);
      // Rounding can push s − ḡ² a hair below 0, where PyTorch would produce NaN.
      variance = maximum(sub(nextSquareAvg, square(nextGradAvg)), 0);
    }
    const avg = add(sqrt(variance), this.epsilon);
    let step = div(g, avg);
    if (this.momentum > 0) {
      const buffer = this.slot(variable, 'momentum_buffer');
      step = add(mul(buffer, this.momentum), step);
      buffer.assign(step);
    }
    variable.assign(sub(variable, mul(step, lr)));
  }

  protected optimizerConfig(): Record<string, unknown> {
    return { rho: this.rho, momentum: this.momentum, epsilon: this.epsilon, centered: this.centered, weightDecay: this.weightDecay };
  }
}
