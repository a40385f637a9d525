/**
 * Batch normalization.
 * @module
 */
import type { Tensor } from '../../../tensor/tensor.js';
import type { Variable } from '../../../tensor/variable.js';
import { noGrad } from '../../../autograd/tape.js';
import { add, mul } from '../../../ops/arithmetic.js';
import { batchNormInference } from '../../../ops/batch-norm-inference.js';
import { batchNormTraining } from '../../../ops/batch-norm-training.js';
import { Layer, type CallContext, type LayerOptions } from '../../layer.js';
import type { SymbolicShape } from '../../symbolic.js';
import type { InitializerIdentifier } from '../../initializers.js';
import type { RegularizerIdentifier } from '../../regularizers.js';
import type { ConstraintIdentifier } from '../../constraints.js';
import { registerLayer } from '../registry.js';
import {
  addWeightOptions, formatSymbolicShape, knownDim, layerArgumentError, layerShapeError, serializeWeightSettings, singleShape, weightSettings,
  type WeightSettings,
} from '../layer-utils.js';

/** Options of {@link BatchNormalization}. */
export interface BatchNormalizationOptions extends LayerOptions {
  /** The channel axis (default -1, channels-last). */
  axis?: number;
  /**
   * Keras convention (default 0.99): `running = momentum · running + (1 − momentum) · batch`.
   * PyTorch's `momentum` is the other weight: PyTorch `momentum=0.1` equals `momentum: 0.9` here.
   */
  momentum?: number;
  /** Added to the variance (default 1e-3 as Keras; PyTorch uses 1e-5). */
  epsilon?: number;
  /** Learn an offset `bias` (beta). Default true. */
  center?: boolean;
  /** Learn a scale `weight` (gamma). Default true. */
  scale?: boolean;
  betaInitializer?: InitializerIdentifier;
  gammaInitializer?: InitializerIdentifier;
  movingMeanInitializer?: InitializerIdentifier;
  movingVarianceInitializer?: InitializerIdentifier;
  betaRegularizer?: RegularizerIdentifier | null;
  gammaRegularizer?: RegularizerIdentifier | null;
  betaConstraint?: ConstraintIdentifier | null;
  gammaConstraint?: ConstraintIdentifier | null;
}

/**
 * Normalises each channel with batch statistics while training and with running statistics at
 * inference.
 *
 * Training (`context.training` and the layer trainable): the output uses the batch mean and the
 * biased (divide-by-N) variance over every axis but the channel axis; then, without gradient,
 * `running_mean` and `running_var` move toward the batch mean and the *unbiased* variance
 * (N / (N − 1) times the biased one, as PyTorch does). A frozen layer (`trainable: false`) always
 * runs in inference mode, as in Keras.
 *
 * Weights, named as PyTorch's `BatchNorm2d`: `weight` (gamma), `bias` (beta), `running_mean`,
 * `running_var` (the last two not trainable), each `[channels]`.
 */
export class BatchNormalization extends Layer {
  readonly axis: number;
  readonly momentum: number;
  readonly epsilon: number;
  readonly center: boolean;
  readonly scale: boolean;
  private readonly gammaSettings: WeightSettings;
  private readonly betaSettings: WeightSettings;
  private readonly movingMeanSettings: WeightSettings;
  private readonly movingVarianceSettings: WeightSettings;
  weight: Variable | null = null;
  bias: Variable | null = null;
  runningMean: Variable | null = null;
  runningVar: Variable | null = null;

  constructor(options: BatchNormalizationOptions = {}) {
    super(options);
    this.axis = options.axis ?? -1;
    if (!Number.isInteger(this.axis)) throw layerArgumentError('BatchNormalization', `axis must be an integer, got ${this.axis}`);
    this.momentum = options.momentum ?? 0.99;
    if (!(this.momentum >= 0 && this.momentum <= 1)) throw layerArgumentError('BatchNormalization', `momentum must be in [0, 1], got ${this.momentum}`);
    this.epsilon = options.epsilon ?? 1e-3;
    if (!(this.epsilon > 0)) throw layerArgumentError('BatchNormalization', `epsilon must be positive, got ${this.epsilon}`);
    this.center = options.center ?? true;
    this.scale = options.scale ?? true;
    const o = options as Record<string, unknown>;
    this.gammaSettings = weightSettings('BatchNormalization', 'gamma', o, 'ones');
    this.betaSettings = weightSettings('BatchNormalization', 'beta', o, 'zeros');
    this.movingMeanSettings = weightSettings('BatchNormalization', 'movingMean', o, 'zeros');
    this.movingVarianceSettings = weightSettings('BatchNormalization', 'movingVariance', o, 'ones');
  }

  override build(inputShape: SymbolicShape | SymbolicShape[]): void {
    const shape = singleShape(this, inputShape);
    const axis = this.channelAxis(shape);
    const channels = knownDim(this, shape, axis, `channel (${axis})`);
    if (this.scale) this.weight = this.addWeight('weight', [channels], addWeightOptions(this.gammaSettings));
    if (this.center) this.bias = this.addWeight('bias', [channels], addWeightOptions(this.betaSettings));
    this.runningMean = this.addWeight('running_mean', [channels], addWeightOptions(this.movingMeanSettings, false));
    this.runningVar = this.addWeight('running_var', [channels], addWeightOptions(this.movingVarianceSettings, false));
  }

  override call(inputs: Tensor | Tensor[], context: CallContext): Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    const axis = this.channelAxis(x.shape);
    if (!(context.training && this.trainable)) {
      // One fused pass with the running statistics (ops/batch-norm-inference.ts).
      return batchNormInference(x, this.runningMean!, this.runningVar!, this.weight, this.bias, axis, this.epsilon);
    }
    // One fused kernel for statistics and output, one for dx/dgamma/dbeta (ops/batch-norm-training.ts).
    const { output, mean, variance } = batchNormTraining(x, this.weight, this.bias, axis, this.epsilon);
    this.updateRunningStatistics(mean, variance, x.size / x.shape[axis]!);
    return output;
  }

  private updateRunningStatistics(mean: Tensor, variance: Tensor, count: number): void {
    noGrad(() => {
      const unbiased = count > 1 ? mul(variance, count / (count - 1)) : variance;
      const m = this.momentum;
      this.runningMean!.assign(add(mul(this.runningMean!, m), mul(mean, 1 - m)));
      this.runningVar!.assign(add(mul(this.runningVar!, m), mul(unbiased, 1 - m)));
    });
  }

  override computeOutputShape(inputShape: SymbolicShape | SymbolicShape[]): SymbolicShape {
    const shape = singleShape(this, inputShape);
    const axis = this.channelAxis(shape);
    const channels = shape[axis];
    if (this.runningMean && channels !== null && channels !== this.runningMean.shape[0]) {
      throw layerShapeError(this, `input ${formatSymbolicShape(shape)} has ${channels} channels on axis ${axis}, but the layer was built for ${this.runningMean.shape[0]}`);
    }
    return shape;
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      axis: this.axis,
      momentum: this.momentum,
      epsilon: this.epsilon,
      center: this.center,
      scale: this.scale,
      ...serializeWeightSettings('beta', this.betaSettings),
      ...serializeWeightSettings('gamma', this.gammaSettings),
      movingMeanInitializer: this.movingMeanSettings.initializer.toConfig(),
      movingVarianceInitializer: this.movingVarianceSettings.initializer.toConfig(),
    };
  }

  private channelAxis(shape: SymbolicShape): number {
    const axis = this.axis < 0 ? shape.length + this.axis : this.axis;
    if (shape.length < 2 || axis < 1 || axis >= shape.length) {
      throw layerShapeError(this, `input ${formatSymbolicShape(shape)} has no channel axis ${this.axis} (the batch axis 0 cannot be normalised over)`);
    }
    return axis;
  }
}

registerLayer('BatchNormalization', BatchNormalization);
