/**
 * Adam, optionally AMSGrad, with L2 or decoupled weight decay.
 * @module
 */
import { add, div, maximum, mul, sqrt, square, sub } from '../../ops/index.js';
import { getBackend } from '../../backend/registry.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { Variable } from '../../tensor/variable.js';
import { Optimizer, checkHyperparameter, type OptimizerConfig } from './optimizer.js';

/** Options of {@link Adam}. */
export interface AdamConfig extends OptimizerConfig {
  /** Default 0.001 (Keras). */
  learningRate?: OptimizerConfig['learningRate'];
  /** Decay of the first moment. Default 0.9. */
  beta1?: number;
  /** Decay of the second moment. Default 0.999. */
  beta2?: number;
  /** Added to the denominator. Default 1e-7 (Keras; PyTorch uses 1e-8). */
  epsilon?: number;
  /** Use the running maximum of the second moment (AMSGrad). Default false. */
  amsgrad?: boolean;
  /** L2 penalty added to the gradient, `g + weightDecay·w`, as `torch.optim.Adam`. Default 0. */
  weightDecay?: number;
}

/**
 * Adam, step for step as `torch.optim.Adam`: `m = β1·m + (1 − β1)·g`, `v = β2·v + (1 − β2)·g²`, and
 * `w −= (lr / (1 − β1^t)) · m / (sqrt(v) / sqrt(1 − β2^t) + ε)` at step `t` (from 1); AMSGrad uses
 * the running maximum of `v`.
 *
 * @example new Adam({ learningRate: 3e-4 })
 */
export class Adam extends Optimizer {
  readonly className: string = 'Adam';
  protected readonly slotNames: readonly string[] = ['exp_avg', 'exp_avg_sq', 'max_exp_avg_sq'];
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly amsgrad: boolean;
  readonly weightDecay: number;
  /** When true (AdamW), weight decay shrinks the weights directly instead of entering the gradient. */
  protected readonly decoupledWeightDecay: boolean = false;

  constructor(config: AdamConfig = {}) {
    super({ ...config, learningRate: config.learningRate ?? 0.001 });
    const op = new.target.name;
    this.beta1 = checkHyperparameter(op, 'beta1', config.beta1 ?? 0.9, 0, 1);
    this.beta2 = checkHyperparameter(op, 'beta2', config.beta2 ?? 0.999, 0, 1);
    this.epsilon = checkHyperparameter(op, 'epsilon', config.epsilon ?? 1e-7);
    this.amsgrad = config.amsgrad ?? false;
    this.weightDecay = checkHyperparameter(op, 'weightDecay', config.weightDecay ?? this.defaultWeightDecay());
  }

  /** Weight decay when none is given: 0 for Adam. */
  protected defaultWeightDecay(): number {
    return 0;
  }

  protected updateVariable(variable: Variable, gradient: Tensor, lr: number): void {
    const step = this.iterations + 1;
    if (!this.amsgrad && (this.weightDecay === 0 || this.decoupledWeightDecay)) {
      // The common cases (Adam, AdamW) are one fused in-place kernel instead of a dozen tensor ops per variable.
      const m = this.slot(variable, 'exp_avg');
      const v = this.slot(variable, 'exp_avg_sq');
      const decay = this.weightDecay === 0 ? 1 : 1 - lr * this.weightDecay;
      getBackend().adamUpdate(
        variable.values as Float32Array, gradient.values as Float32Array, m.values as Float32Array, v.values as Float32Array,
        { learningRate: lr, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon, step, decay },
      );
      return;
    }
    let w: Tensor = variable;
    let g = gradient;
    if (this.weightDecay !== 0) {
      if (this.decoupledWeightDecay) w = mul(variable, 1 - lr * this.weightDecay);
      else g = add(g, mul(variable, this.weightDecay));
    }
    const m = this.slot(variable, 'exp_avg');
    const v = this.slot(variable, 'exp_avg_sq');
    const nextM = add(mul(m, this.beta1), mul(g, 1 - this.beta1));
    const nextV = add(mul(v, this.beta2), mul(square(g), 1 - this.beta2));
    m.assign(nextM);
    v.assign(nextV);
    let second = nextV;
    if (this.amsgrad) {
      const vMax = this.slot(variable, 'max_exp_avg_sq');
      second = maximum(vMax, nextV);
      vMax.assign(second);
    }
    const biasCorrection1 = 1 - this.beta1 ** step;
    const biasCorrection2 = 1 - this.beta2 ** step;
    const denominator = add(div(sqrt(second), Math.sqrt(biasCorrection2)), this.epsilon);
    variable.assign(sub(w, mul(div(nextM, denominator), lr / biasCorrection1)));
  }

  protected optimizerConfig(): Record<string, unknown> {
    return { beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon, amsgrad: this.amsgrad, weightDecay: this.weightDecay };
  }
}
