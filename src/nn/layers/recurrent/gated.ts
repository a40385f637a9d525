/**
 * The part shared by the gated recurrent layers (LSTM, GRU): the gate function and its config.
 * @module
 */
import { activationName, getActivation, type ActivationFn, type ActivationIdentifier } from '../../activations.js';
import { Recurrent, type RecurrentOptions } from './recurrent.js';

/** Options of a {@link GatedRecurrent} layer. */
export interface GatedRecurrentOptions extends RecurrentOptions {
  /** The gate function. Default sigmoid. */
  recurrentActivation?: ActivationIdentifier;
}

/** A {@link Recurrent} layer whose cell has gates, squashed by {@link recurrentActivation}. */
export abstract class GatedRecurrent extends Recurrent {
  /** The name of the gate function. */
  readonly recurrentActivation: string;
  /** The gate function, for the cell. */
  protected readonly gateFn: ActivationFn;

  constructor(layerClass: string, options: GatedRecurrentOptions) {
    super(layerClass, options);
    this.recurrentActivation = activationName(options.recurrentActivation ?? 'sigmoid', layerClass);
    this.gateFn = getActivation(this.recurrentActivation);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), recurrentActivation: this.recurrentActivation };
  }
}
