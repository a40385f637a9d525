/**
 * The gated recurrent unit layer.
 * @module
 */
import type { Tensor } from '../../../tensor/tensor.js';
import { registerLayer } from '../registry.js';
import { runGru, type RecurrentWeights, type SequenceResult } from './cells.js';
import { GatedRecurrent, type GatedRecurrentOptions } from './gated.js';

/** Options of {@link GRU}. */
export type GRUOptions = GatedRecurrentOptions;

/**
 * GRU over `[batch, time, features]`, gates `r, z, n` with the reset gate applied after the hidden
 * matmul (PyTorch's formulation, Keras' `reset_after=True`): `n = tanh(x_n + r·(h·W_hn + b_hn))`,
 * `h_t = (1 − z)·n + z·h_{t−1}`.
 */
export class GRU extends GatedRecurrent {
  protected readonly gates = 3;
  protected readonly stateCount = 1;

  constructor(options: GRUOptions) {
    super('GRU', options);
  }

  protected run(x: Tensor, weights: RecurrentWeights, initialStates: (Tensor | undefined)[]): SequenceResult {
    return runGru(x, weights, initialStates[0], { activation: this.activationFn, recurrentActivation: this.gateFn, goBackwards: this.goBackwards });
  }
}

registerLayer('GRU', GRU);
