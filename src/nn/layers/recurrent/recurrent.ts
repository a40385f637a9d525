/**
 * What SimpleRNN, LSTM and GRU share: weights, options, initial and carried (stateful) states,
 * output selection and shapes.
 * @module
 */
import type { Tensor } from '../../../tensor/tensor.js';
import type { Variable } from '../../../tensor/variable.js';
import { keep } from '../../../tensor/scope.js';
import { Layer, type CallContext, type LayerOptions, type WeightInitializer } from '../../layer.js';
import type { SymbolicShape } from '../../symbolic.js';
import { activationName, getActivation, type ActivationFn, type ActivationIdentifier } from '../../activations.js';
import type { InitializerIdentifier } from '../../initializers.js';
import type { RegularizerIdentifier } from '../../regularizers.js';
import type { ConstraintIdentifier } from '../../constraints.js';
import {
  addWeightOptions, detach, formatSymbolicShape, knownDim, layerShapeError, positiveInteger, serializeWeightSettings, weightSettings,
  type WeightSettings,
} from '../layer-utils.js';
import type { RecurrentWeights, SequenceResult } from './cells.js';

/** Options every recurrent layer accepts (Keras' names). */
export interface RecurrentOptions extends LayerOptions {
  /** Size of the hidden state. */
  units: number;
  /** Default tanh. */
  activation?: ActivationIdentifier;
  /** Return the hidden state after every step (`[batch, time, units]`) rather than the last (`[batch, units]`). Default false. */
  returnSequences?: boolean;
  /** Also return the final states: `[output, h]` (or `[output, h, c]` for an LSTM). Default false. */
  returnState?: boolean;
  /** Process the sequence backwards (outputs come reversed, as in Keras). Default false. */
  goBackwards?: boolean;
  /**
   * Carry the final states of one call into the next as its initial states (for generation step by
   * step, or truncated back-propagation through long sequences). Gradients do not flow across calls.
   * {@link Recurrent.resetStates} starts over from zeros.
   */
  stateful?: boolean;
  useBias?: boolean;
  /** Input kernel `weight_ih`. Default `glorotUniform`. */
  kernelInitializer?: InitializerIdentifier;
  /** Recurrent kernel `weight_hh`. Default `orthogonal`. */
  recurrentInitializer?: InitializerIdentifier;
  /** Both biases. Default `zeros`. */
  biasInitializer?: InitializerIdentifier;
  kernelRegularizer?: RegularizerIdentifier | null;
  recurrentRegularizer?: RegularizerIdentifier | null;
  biasRegularizer?: RegularizerIdentifier | null;
  kernelConstraint?: ConstraintIdentifier | null;
  recurrentConstraint?: ConstraintIdentifier | null;
  biasConstraint?: ConstraintIdentifier | null;
}

/**
 * A recurrent layer over `[batch, time, features]` sequences.
 *
 * Initial states can be given by calling with a list, as Keras does: `layer.apply([x, h0])`
 * (`[x, h0, c0]` for an LSTM); otherwise they are zeros, or, when `stateful`, the final states of the
 * previous call.
 *
 * Weights, named as PyTorch's `LSTMCell`/`GRUCell`/`RNNCell`: `weight_ih` `[features, gates·units]`,
 * `weight_hh` `[units, gates·units]`, `bias_ih` and `bias_hh` `[gates·units]` (two biases, as PyTorch;
 * Keras' single bias is their sum).
 */
export abstract class Recurrent extends Layer {
  readonly units: number;
  readonly activation: string;
  readonly returnSequences: boolean;
  readonly returnState: boolean;
  readonly goBackwards: boolean;
  readonly stateful: boolean;
  readonly useBias: boolean;
  protected readonly activationFn: ActivationFn;
  protected readonly kernelSettings: WeightSettings;
  protected readonly recurrentSettings: WeightSettings;
  protected readonly biasSettings: WeightSettings;
  weightIh: Variable | null = null;
  weightHh: Variable | null = null;
  biasIh: Variable | null = null;
  biasHh: Variable | null = null;
  /** States carried between calls of a stateful layer (`null`: zeros at the next call). */
  private carried: Tensor[] | null = null;

  /** Gates per unit: 1 (simple RNN), 4 (LSTM), 3 (GRU). */
  protected abstract readonly gates: number;
  /** State tensors: 1 (`h`) or 2 (`h`, `c`). */
  protected abstract readonly stateCount: number;

  constructor(layerClass: string, options: RecurrentOptions) {
    super(options);
    this.units = positiveInteger(layerClass, 'units', options?.units);
    this.activation = activationName(options.activation ?? 'tanh', layerClass);
    this.activationFn = getActivation(this.activation);
    this.returnSequences = options.returnSequences ?? false;
    this.returnState = options.returnState ?? false;
    this.goBackwards = options.goBackwards ?? false;
    this.stateful = options.stateful ?? false;
    this.useBias = options.useBias ?? true;
    const o = options as unknown as Record<string, unknown>;
    this.kernelSettings = weightSettings(layerClass, 'kernel', o, 'glorotUniform');
    this.recurrentSettings = weightSettings(layerClass, 'recurrent', o, 'orthogonal');
    this.biasSettings = weightSettings(layerClass, 'bias', o, 'zeros');
  }

  /** Runs the sequence function of the cell. */
  protected abstract run(x: Tensor, weights: RecurrentWeights, initialStates: (Tensor | undefined)[]): SequenceResult;

  /** The initializer of `bias_ih` (the LSTM overrides it for its unit forget bias). */
  protected biasIhInitializer(): WeightInitializer {
    return this.biasSettings.initializer.asFunction();
  }

  override build(inputShape: SymbolicShape | SymbolicShape[]): void {
    const shape = this.sequenceShape(inputShape);
    const features = knownDim(this, shape, 2, 'features');
    const width = this.gates * this.units;
    this.weightIh = this.addWeight('weight_ih', [features, width], addWeightOptions(this.kernelSettings));
    this.weightHh = this.addWeight('weight_hh', [this.units, width], addWeightOptions(this.recurrentSettings));
    if (this.useBias) {
      this.biasIh = this.addWeight('bias_ih', [width], { ...addWeightOptions(this.biasSettings), initializer: this.biasIhInitializer() });
      this.biasHh = this.addWeight('bias_hh', [width], addWeightOptions(this.biasSettings));
    }
  }

  override call(inputs: Tensor | Tensor[], _context: CallContext): Tensor | Tensor[] {
    const [x, ...given] = Array.isArray(inputs) ? inputs : [inputs];
    const batch = x!.shape[0]!;
    let initialStates: (Tensor | undefined)[] = given;
    if (given.length === 0 && this.stateful && this.carried) {
      if (this.carried[0]!.shape[0] !== batch) {
        throw layerShapeError(this, `stateful layer holds states for a batch of ${this.carried[0]!.shape[0]}, got input ${formatSymbolicShape(x!.shape)}; call resetStates() first`);
      }
      initialStates = this.carried;
    }
    const weights = { weightIh: this.weightIh!, weightHh: this.weightHh!, biasIh: this.biasIh, biasHh: this.biasHh };
    const { outputs, states } = this.run(x!, weights, initialStates);
    if (this.stateful) this.setCarried(states.map(detach));
    const output = this.returnSequences ? outputs : states[0]!;
    return this.returnState ? [output, ...states] : output;
  }

  /**
   * Forgets the states a stateful layer carries (the next call starts from zeros), or sets them to
   * `states` (`[h]`, or `[h, c]` for an LSTM, each `[batch, units]`).
   */
  resetStates(states?: Tensor[]): void {
    if (!states) {
      this.setCarried(null);
      return;
    }
    if (states.length !== this.stateCount || states.some((s) => s.rank !== 2 || s.shape[1] !== this.units || s.shape[0] !== states[0]!.shape[0])) {
      throw layerShapeError(this, `resetStates expects ${this.stateCount} state(s) of shape [batch, ${this.units}], got ${states.map((s) => formatSymbolicShape(s.shape)).join(', ')}`);
    }
    this.setCarried(states.map(detach));
  }

  /** The states a stateful layer carries into its next call (`null` when they are zeros). */
  get states(): readonly Tensor[] | null {
    return this.carried;
  }

  private setCarried(states: Tensor[] | null): void {
    this.carried?.forEach((s) => s.dispose());
    // Carried states outlive the call (and any scope around it, such as a training step).
    this.carried = states ? states.map((s) => keep(s)) : null;
  }

  override computeOutputShape(inputShape: SymbolicShape | SymbolicShape[]): SymbolicShape | SymbolicShape[] {
    const shape = this.sequenceShape(inputShape);
    if (this.weightIh && shape[2] !== null && shape[2] !== this.weightIh.shape[0]) {
      throw layerShapeError(this, `input ${formatSymbolicShape(shape)} has ${shape[2]} features, but the layer was built for ${this.weightIh.shape[0]}`);
    }
    const batch = shape[0] ?? null;
    const output: SymbolicShape = this.returnSequences ? [batch, shape[1] ?? null, this.units] : [batch, this.units];
    if (!this.returnState) return output;
    return [output, ...Array.from({ length: this.stateCount }, (): SymbolicShape => [batch, this.units])];
  }

  /** The `[batch, time, features]` shape out of a single input or an `[x, ...initialStates]` list, checking the states. */
  private sequenceShape(inputShape: SymbolicShape | SymbolicShape[]): SymbolicShape {
    const list = inputShape.length > 0 && Array.isArray(inputShape[0]) ? (inputShape as SymbolicShape[]) : [inputShape as SymbolicShape];
    const [shape, ...states] = list;
    if (shape!.length !== 3) throw layerShapeError(this, `input ${formatSymbolicShape(shape!)} has rank ${shape!.length}, expected [batch, time, features]`);
    if (states.length > 0 && states.length !== this.stateCount) {
      throw layerShapeError(this, `expects [x] or [x, ${this.stateCount === 2 ? 'h0, c0' : 'h0'}] as inputs, got ${list.length} inputs`);
    }
    for (const s of states) {
      const fits = s.length === 2 && s[1] === this.units && (s[0] === null || shape![0] === null || s[0] === shape![0]);
      if (!fits) throw layerShapeError(this, `initial state ${formatSymbolicShape(s)} must be [batch, ${this.units}] for input ${formatSymbolicShape(shape!)}`);
    }
    return shape!;
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      units: this.units,
      activation: this.activation,
      returnSequences: this.returnSequences,
      returnState: this.returnState,
      goBackwards: this.goBackwards,
      stateful: this.stateful,
      useBias: this.useBias,
      ...serializeWeightSettings('kernel', this.kernelSettings),
      ...serializeWeightSettings('recurrent', this.recurrentSettings),
      ...serializeWeightSettings('bias', this.biasSettings),
    };
  }
}
