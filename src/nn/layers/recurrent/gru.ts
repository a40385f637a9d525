/**
 * The gated recurrent unit layer.
 * @module
 */
import type { Tensor } from '../../../tensor/tensor.js';
import { activationName, getActivation, type ActivationFn, type ActivationIdentifier } from '../../activations.js';
import { registerLayer } from '../registry.js';
import { runGru, type RecurrentWeights, type SequenceResult } from './cells.js';
import { Recurrent, type RecurrentOptions } from './recurrent.js';

/** Options of {@link GRU}. */
export interface GRUOptions extends RecurrentOptions {
  /** The gate function. Default sigmoid. */
  recurrentActivation?: ActivationIdentifier;
}

/**
 * GRU over `[batch, time, features]`, gates `r, z, n` with the reset gate applied after the hidden
 * matmul (PyTorch's formulation, Keras' `reset_after=True`): `n = tanh(x_n + r·(h·W_hn + b_hn))`,
 * `h_t = (1 − z)·n + z·h_{t−1}`.
 */
export class GRU extends Recurrent {
  readonly recurrentActivation: string;
  private readonly gateFn: ActivationFn;
  protected readonly gates = 3;
  protected readonly stateCount = 1;

  constructor(options: GRUOptions) {
    super('GRU', options);
    this.recurrentActivation = activationName(options.recurrentActivation ?? 'sigmoid', 'GRU');
    this.gateFn = getActivation(this.recurrentActivation);
  }

  protected run(x: Tensor, weights: RecurrentWeights, initialStates: (Tensor | undefined)[]): SequenceResult {
    return runGru(x, weights, initialStates[0], { activation: this.activationFn, recurrentActivation: this.gateFn, goBackwards: this.goBackwards });
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), recurrentActivation: this.recurrentActivation };
  }
}

registerLayer('GRU', GRU);
