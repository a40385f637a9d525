/**
 * One GAN training step: a discriminator update, then a generator update, on one batch of real
 * images. Both run inside a memory scope, so nothing created in the step outlives it.
 * @module
 */
import { valueAndGrad } from '../../autograd/grad.js';
import { noGrad } from '../../autograd/tape.js';
import { scope } from '../../tensor/scope.js';
import { tensor } from '../../tensor/creation.js';
import type { Random } from '../../tensor/random.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { Variable } from '../../tensor/variable.js';
import { mean } from '../../ops/reduce.js';
import { sigmoid } from '../../ops/activations.js';
import type { Model } from '../../model/model.js';
import type { Optimizer } from '../../nn/optimizers/optimizer.js';
import type { Layer } from '../../nn/layer.js';
import { firstNonFiniteGradient } from '../../model/training/non-finite.js';
import { diffAugment, type DiffAugmentOp } from './diff-augment.js';
import { discriminatorLoss, generatorLoss, type GanLoss } from './losses.js';

/** The two networks and their optimizers. */
export interface GanNetworks {
  readonly generator: Model;
  readonly discriminator: Model;
  readonly generatorOptimizer: Optimizer;
  readonly discriminatorOptimizer: Optimizer;
  /** Length of z. */
  readonly latentDim: number;
  /** 0 when unconditional. */
  readonly numClasses: number;
}

/** How a step trains. */
export interface GanStepSettings {
  readonly loss: GanLoss;
  /** One-sided label smoothing of the non-saturating loss: real images' target is `1 − smoothing`. */
  readonly labelSmoothing: number;
  /** DiffAugment operations applied to real and generated images before the discriminator. */
  readonly augment: readonly DiffAugmentOp[];
}

/** What a step measured (numbers only: no tensor survives the step). */
export interface GanStepResult {
  readonly discriminatorLoss: number;
  readonly generatorLoss: number;
  /** Mean `sigmoid(D(x))` on the real batch (before the update). */
  readonly dReal: number;
  /** Mean `sigmoid(D(G(z)))` on the generated batch seen by the discriminator update. */
  readonly dFake: number;
  /** Set when a loss or gradient was not finite; that network was then not updated and the step stopped. */
  readonly nonFinite: null | {
    readonly network: 'discriminator' | 'generator';
    readonly loss: number;
    readonly culprit: { layer: Layer | null; weight: Variable } | null;
  };
}

/** The model inputs for images or noise, with labels `[B, 1]` when conditional. */
function withLabels(x: Tensor, labels: Tensor | null): Tensor | Tensor[] {
  return labels ? [x, labels] : x;
}

/** Runs `fn` with the gradients of `model`'s weights switched off (the other network is a constant in this update). */
function frozen<T>(model: Model, fn: () => T): T {
  const weights = model.trainableWeights;
  for (const w of weights) w.requiresGrad = false;
  try {
    return fn();
  } finally {
    for (const w of weights) w.requiresGrad = true;
  }
}

/**
 * Trains the discriminator on `real` (images in [-1, 1], `[B, H, W, C]`, with `labels` `[B, 1]`
 * int32 when conditional) against `B` generated images, then the generator through the updated
 * discriminator on the same generated images (one generator pass, as the PyTorch reference). Noise,
 * generated labels and augmentation come from `rng`, so a step is a function of the weights, the
 * batch and the generator's state.
 */
export function ganStep(nets: GanNetworks, real: Tensor, labels: Tensor | null, rng: Random, settings: GanStepSettings): GanStepResult {
  const { generator: g, discriminator: d } = nets;
  const b = real.shape[0]!;
  return scope(() => {
    const fakeLabels = nets.numClasses > 0 ? rng.integers([b, 1], 0, nets.numClasses) : null;
    const z = rng.normal([b, nets.latentDim]);
    // One generator pass serves both updates (as the PyTorch reference's `fake.detach()`): the
    // discriminator sees a copy without history; the generator update backpropagates through `fake`.
    const fake = g.apply(withLabels(z, fakeLabels), { training: true }) as Tensor;
    const fakeConstant = tensor(fake.values, fake.shape);
    const dVars = d.trainableWeights;
    let realLogits: Tensor | null = null;
    let fakeLogits: Tensor | null = null;
    const dObjective = (..._weights: Tensor[]) => {
      realLogits = d.apply(withLabels(diffAugment(real, settings.augment, rng), labels), { training: true }) as Tensor;
      fakeLogits = d.apply(withLabels(diffAugment(fakeConstant, settings.augment, rng), fakeLabels), { training: true }) as Tensor;
      return discriminatorLoss(settings.loss, realLogits, fakeLogits, settings.labelSmoothing);
    };
    const dResult = valueAndGrad(dObjective)(...dVars);
    const dLoss = dResult.value.item();
    const dCulprit = firstNonFiniteGradient(d.layers, dVars, dResult.grads);
    const dReal = noGrad(() => mean(sigmoid(realLogits!)).item());
    const dFake = noGrad(() => mean(sigmoid(fakeLogits!)).item());
    if (!Number.isFinite(dLoss) || dCulprit) {
      return { discriminatorLoss: dLoss, generatorLoss: NaN, dReal, dFake, nonFinite: { network: 'discriminator', loss: dLoss, culprit: dCulprit } };
    }
    nets.discriminatorOptimizer.applyGradients(dResult.grads, dVars);

    const gVars = g.trainableWeights;
    const gObjective = (..._weights: Tensor[]) => {
      const logits = d.apply(withLabels(diffAugment(fake, settings.augment, rng), fakeLabels), { training: true }) as Tensor;
      return generatorLoss(settings.loss, logits);
    };
    const gResult = frozen(d, () => valueAndGrad(gObjective)(...gVars));
    const gLoss = gResult.value.item();
    const gCulprit = firstNonFiniteGradient(g.layers, gVars, gResult.grads);
    if (!Number.isFinite(gLoss) || gCulprit) {
      return { discriminatorLoss: dLoss, generatorLoss: gLoss, dReal, dFake, nonFinite: { network: 'generator', loss: gLoss, culprit: gCulprit } };
    }
    nets.generatorOptimizer.applyGradients(gResult.grads, gVars);
    return { discriminatorLoss: dLoss, generatorLoss: gLoss, dReal, dFake, nonFinite: null };
  });
}
