/**
 * The part shared by layers that multiply by a learned kernel, add an optional bias and apply an
 * activation (Dense and the convolutions): their options, weight settings, output tail and config.
 * @module
 */
import type { Tensor } from '../../../tensor/tensor.js';
import type { Variable } from '../../../tensor/variable.js';
import { add } from '../../../ops/arithmetic.js';
import { biasActivation, hasFusedBiasActivation, type BiasActivation } from '../../../ops/bias-activation.js';
import { Layer, type AddWeightOptions, type LayerOptions } from '../../layer.js';
import { activationName, getActivation, type ActivationFn, type ActivationIdentifier } from '../../activations.js';
import type { InitializerIdentifier } from '../../initializers.js';
import type { RegularizerIdentifier } from '../../regularizers.js';
import type { ConstraintIdentifier } from '../../constraints.js';
import { addWeightOptions, serializeWeightSettings, weightSettings, type WeightSettings } from '../layer-utils.js';

/** The bias and activation options of a {@link KernelBiasLayer}. */
export interface BiasActivationOptions extends LayerOptions {
  /** Applied to the output (default none). */
  activation?: ActivationIdentifier;
  /** Whether to add a bias (default true). */
  useBias?: boolean;
  /** Default `zeros`. */
  biasInitializer?: InitializerIdentifier;
  biasRegularizer?: RegularizerIdentifier | null;
  biasConstraint?: ConstraintIdentifier | null;
}

/** {@link BiasActivationOptions} plus the options of a weight named `kernel`. */
export interface KernelBiasOptions extends BiasActivationOptions {
  /** Default `glorotUniform`. */
  kernelInitializer?: InitializerIdentifier;
  kernelRegularizer?: RegularizerIdentifier | null;
  kernelConstraint?: ConstraintIdentifier | null;
}

/** What {@link KernelBiasLayer.initKernelBias} resolves from the options. */
interface KernelBiasSettings {
  activation: string;
  activationFn: ActivationFn;
  useBias: boolean;
  kernelPrefix: string;
  kernel: WeightSettings;
  bias: WeightSettings;
}

/**
 * A layer computing `activation(op(x, weight) + bias)`. Subclasses call {@link initKernelBias} in
 * their constructor (where their own options have been checked, so errors keep their order), create
 * the weights with {@link kernelOptions} / {@link addBias} and finish `call` with {@link biasAndActivate}.
 */
export abstract class KernelBiasLayer extends Layer {
  /** The kernel, set by `build`. */
  weight: Variable | null = null;
  /** `[outputChannels]`, set by `build` when {@link useBias}. */
  bias: Variable | null = null;
  private settings!: KernelBiasSettings;

  /** The name of the activation applied to the output. */
  get activation(): string { return this.settings.activation; }

  /** Whether a bias is added. */
  get useBias(): boolean { return this.settings.useBias; }

  /**
   * Resolves the activation, `useBias` and the `<kernelPrefix>*` / `bias*` weight options; errors
   * name `layerClass`.
   */
  protected initKernelBias(layerClass: string, options: BiasActivationOptions, kernelPrefix = 'kernel'): void {
    const activation = activationName(options.activation, layerClass);
    const activationFn = getActivation(activation);
    const useBias = options.useBias ?? true;
    const o = options as unknown as Record<string, unknown>;
    const kernel = weightSettings(layerClass, kernelPrefix, o, 'glorotUniform');
    const bias = weightSettings(layerClass, 'bias', o, 'zeros');
    this.settings = { activation, activationFn, useBias, kernelPrefix, kernel, bias };
  }

  /** How the kernel is initialised, penalised and constrained. */
  protected get kernelSettings(): WeightSettings { return this.settings.kernel; }

  /** The {@link Layer.addWeight} options of the kernel. */
  protected kernelOptions(): AddWeightOptions { return addWeightOptions(this.settings.kernel); }

  /** Creates the `[units]` bias when {@link useBias}. */
  protected addBias(units: number): void {
    if (this.useBias) this.bias = this.addWeight('bias', [units], addWeightOptions(this.settings.bias));
  }

  /**
   * The activation to fuse with the bias into the layer's main op (linear or relu), or null when
   * there is no bias or the activation has no fused form (then call {@link biasAndActivate}).
   */
  protected fusedBiasActivation(): BiasActivation | null {
    const { activation } = this.settings;
    return this.bias && hasFusedBiasActivation(activation) ? activation : null;
  }

  /**
   * `activation(y + bias)`, the tail of `call`: one fused op ({@link biasActivation}) when there is a
   * bias and the activation has a fused form (linear, relu), else a bias add and the activation.
   */
  protected biasAndActivate(y: Tensor): Tensor {
    const { activation, activationFn } = this.settings;
    if (this.bias && hasFusedBiasActivation(activation)) return biasActivation(y, this.bias, activation);
    return activationFn(this.bias ? add(y, this.bias) : y);
  }

  /** The config entries of the activation, `useBias` and the kernel and bias weight options. */
  protected kernelBiasConfig(): Record<string, unknown> {
    return {
      activation: this.activation,
      useBias: this.useBias,
      ...serializeWeightSettings(this.settings.kernelPrefix, this.settings.kernel),
      ...serializeWeightSettings('bias', this.settings.bias),
    };
  }
}
