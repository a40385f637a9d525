/**
 * Stochastic gradient descent with optional momentum, Nesterov momentum and L2 weight decay.
 * @module
 */
import { ArgumentError } from '../../errors.js';
import { add, mul, sub } from '../../ops/index.js';
import { getBackend } from '../../backend/registry.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { Variable } from '../../tensor/variable.js';
import { Optimizer, checkHyperparameter, type OptimizerConfig } from './optimizer.js';

/** Options of {@link SGD}. */
export interface SGDConfig extends OptimizerConfig {
  /** Default 0.01 (Keras). */
  learningRate?: OptimizerConfig['learningRate'];
  /** Momentum factor; 0 (default) is plain gradient descent. */
  momentum?: number;
  /** Nesterov momentum (needs momentum > 0 and no dampening). Default false. */
  nesterov?: boolean;
  /** L2 penalty added to the gradient, `g + weightDecay·w`, as `torch.optim.SGD`. Default 0. */
  weightDecay?: number;
  /** Dampening of the gradient in the momentum buffer (PyTorch's `dampening`). Default 0. */
  dampening?: number;
}

/**
 * Gradient descent, step for step as `torch.optim.SGD`: with `g = grad + weightDecay·w`, the momentum
 * buffer starts at `g` and then follows `buf = momentum·buf + (1 − dampening)·g`; the update is
 * `w −= lr·buf`, or `w −= lr·(g + momentum·buf)` with Nesterov.
 *
 * @example new SGD({ learningRate: 0.1, momentum: 0.9, nesterov: true })
 */
export class SGD extends Optimizer {
  readonly className = 'SGD';
  protected readonly slotNames = ['momentum_buffer'] as const;
  readonly momentum: number;
  readonly nesterov: boolean;
  readonly weightDecay: number;
  readonly dampening: number;

  constructor(config: SGDConfig = {}) {
    super({ ...config, learningRate: config.learningRate ?? 0.01 });
    this.momentum = checkHyperparameter('SGD', 'momentum', config.momentum ?? 0);
    this.nesterov = config.nesterov ?? false;
    this.weightDecay = checkHyperparameter('SGD', 'weightDecay', config.weightDecay ?? 0);
    this.dampening = checkHyperparameter('SGD', 'dampening', config.dampening ?? 0);
    if (this.nesterov && (this.momentum <= 0 || this.dampening !== 0)) {
      throw new ArgumentError(`SGD: nesterov needs momentum > 0 and dampening 0, got momentum ${this.momentum} and dampening ${this.dampening}`);
    }
  }

  protected updateVariable(variable: Variable, gradient: Tensor, lr: number): void {
    if (this.weightDecay === 0 && this.momentum === 0) {
      getBackend().sgdUpdate(variable.values as Float32Array, gradient.values as Float32Array, lr);
      return;
    }
    if (this.momentum !== 0) {
      // One fused in-place kernel instead of four to six tensor ops per variable.
      const first = !this.hasSlot(variable, 'momentum_buffer');
      const buffer = this.slot(variable, 'momentum_buffer');
      getBackend().sgdMomentumUpdate(variable.values as Float32Array, gradient.values as Float32Array, buffer.values as Float32Array, {
        learningRate: lr, momentum: this.momentum, dampening: this.dampening, nesterov: this.nesterov, weightDecay: this.weightDecay, first,
      });
      return;
    }
    // No momentum, with weight decay: w −= lr·(g + weightDecay·w).
    variable.assign(sub(variable, mul(add(gradient, mul(variable, this.weightDecay)), lr)));
  }

  protected optimizerConfig(): Record<string, unknown> {
    return { momentum: this.momentum, nesterov: this.nesterov, weightDecay: this.weightDecay, dampening: this.dampening };
  }
}
