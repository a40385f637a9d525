/**
 * The fully connected recurrent layer.
 * @module
 */
import type { Tensor } from '../../../tensor/tensor.js';
import { registerLayer } from '../registry.js';
import { runSimpleRnn, type RecurrentWeights, type SequenceResult } from './cells.js';
import { Recurrent, type RecurrentOptions } from './recurrent.js';

/**
 * `h_t = activation(x_t·Wih + bih + h_{t−1}·Whh + bhh)` over `[batch, time, features]`.
 * @example layers.simpleRNN({ units: 32, returnSequences: true })
 */
export class SimpleRNN extends Recurrent {
  protected readonly gates = 1;
  protected readonly stateCount = 1;

  constructor(options: RecurrentOptions) {
    super('SimpleRNN', options);
  }

  protected run(x: Tensor, weights: RecurrentWeights, initialStates: (Tensor | undefined)[]): SequenceResult {
    return runSimpleRnn(x, weights, initialStates[0], { activation: this.activationFn, goBackwards: this.goBackwards });
  }
}

registerLayer('SimpleRNN', SimpleRNN);
