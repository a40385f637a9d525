/**
 * The long short-term memory layer.
 * @module
 */
import type { Tensor } from '../../../tensor/tensor.js';
import { tensor } from '../../../tensor/creation.js';
import type { WeightInitializer } from '../../layer.js';
import { registerLayer } from '../registry.js';
import { runLstm, type RecurrentWeights, type SequenceResult } from './cells.js';
import { GatedRecurrent, type GatedRecurrentOptions } from './gated.js';

/** Options of {@link LSTM}. */
export interface LSTMOptions extends GatedRecurrentOptions {
  /** Start the forget gate's bias at 1 (Keras' default true), so the cell remembers by default. */
  unitForgetBias?: boolean;
}

/**
 * LSTM over `[batch, time, features]` with PyTorch's gate order `i, f, g, o`:
 * `c_t = σ(f)·c_{t−1} + σ(i)·tanh(g)`, `h_t = σ(o)·tanh(c_t)`.
 *
 * With `returnState` it returns `[output, h, c]`; initial states go in as `apply([x, h0, c0])`.
 *
 * @example
 * const lstm = layers.lstm({ units: 128, returnSequences: true });
 * // Generation one step at a time:
 * const cell = layers.lstm({ units: 128, stateful: true });
 * for (const token of prompt) cell.apply(embed(token));   // [1, 1, features] per call
 * cell.resetStates();
 */
export class LSTM extends GatedRecurrent {
  readonly unitForgetBias: boolean;
  protected readonly gates = 4;
  protected readonly stateCount = 2;

  constructor(options: LSTMOptions) {
    super('LSTM', options);
    this.unitForgetBias = options.unitForgetBias ?? true;
  }

  protected override biasIhInitializer(): WeightInitializer {
    const base = super.biasIhInitializer();
    if (!this.unitForgetBias) return base;
    // Keras puts 1 on the forget gate of its single bias; with two biases, bias_ih carries it.
    return (shape, rng, dtype) => {
      const values = base(shape, rng, dtype).data<'float32'>();
      values.fill(1, this.units, 2 * this.units);
      return tensor(values, shape);
    };
  }

  protected run(x: Tensor, weights: RecurrentWeights, initialStates: (Tensor | undefined)[]): SequenceResult {
    return runLstm(x, weights, { h: initialStates[0], c: initialStates[1] }, {
      activation: this.activationFn, recurrentActivation: this.gateFn, goBackwards: this.goBackwards,
    });
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), unitForgetBias: this.unitForgetBias };
  }
}

registerLayer('LSTM', LSTM);
