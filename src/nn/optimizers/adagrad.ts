/**
 * Adagrad.
 * @module
 */
import { add, div, mul, sqrt, square, sub } from '../../ops/index.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { Variable } from '../../tensor/variable.js';
import { Optimizer, checkHyperparameter, type OptimizerConfig } from './optimizer.js';

/** Options of {@link Adagrad}. */
export interface AdagradConfig extends OptimizerConfig {
  /** Default 0.001 (Keras). */
  learningRate?: OptimizerConfig['learningRate'];
  /** Starting value of the accumulator. Default 0.1 (Keras; PyTorch uses 0). */
  initialAccumulatorValue?: number;
  /** Added to the root of the accumulator, outside the square root as PyTorch. Default 1e-7 (Keras). */
  epsilon?: number;
  /** L2 penalty added to the gradient, as `torch.optim.Adagrad`. Default 0. */
  weightDecay?: number;
}

/**
 * Adagrad, step for step as `torch.optim.Adagrad` (without learning-rate decay): `sum += g²`,
 * `w −= lr·g / (sqrt(sum) + ε)`.
 */
export class Adagrad extends Optimizer {
  readonly className = 'Adagrad';
  protected readonly slotNames = ['sum'] as const;
  readonly initialAccumulatorValue: number;
  readonly epsilon: number;
  readonly weightDecay: number;

  constructor(config: AdagradConfig = {}) {
    super({ ...config, learningRate: config.learningRate ?? 0.001 });
    this.initialAccumulatorValue = checkHyperparameter('Adagrad', 'initialAccumulatorValue', config.initialAccumulatorValue ?? 0.1);
    this.epsilon = checkHyperparameter('Adagrad', 'epsilon', config.epsilon ?? 1e-7);
    this.weightDecay = checkHyperparameter('Adagrad', 'weightDecay', config.weightDecay ?? 0);
  }

  protected updateVariable(variable: Variable, gradient: Tensor, lr: number): void {
    const g = this.weightDecay !== 0 ? add(gradient, mul(variable, this.weightDecay)) : gradient;
    const accumulator = this.slot(variable, 'sum', this.initialAccumulatorValue);
    const nextSum = add(accumulator, square(g));
    accumulator.assign(nextSum);
    variable.assign(sub(variable, mul(div(g, add(sqrt(nextSum), this.epsilon)), lr)));
  }

  protected optimizerConfig(): Record<string, unknown> {
    return { initialAccumulatorValue: this.initialAccumulatorValue, epsilon: this.epsilon, weightDecay: this.weightDecay };
  }
}
