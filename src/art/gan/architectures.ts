/**
 * DCGAN generators and discriminators (Radford et al. 2015) for 28×28, 32×32 and 64×64 images,
 * unconditional or class-conditional (an embedded class joins the generator's noise; the
 * discriminator is a projection discriminator, Miyato & Koyama 2018).
 *
 * Shared rules: strided (transposed) convolutions with 4×4 kernels, stride 2 and padding 1 (each
 * doubles or halves the side); batch norm everywhere except at the generator's output and the
 * discriminator's input; ReLU in the generator, LeakyReLU(0.2) in the discriminator; tanh output,
 * so images live in [-1, 1]; every convolution and dense weight drawn from N(0, 0.02). Layers
 * followed by batch norm have no bias (the norm's offset replaces it). With `spectralNorm` the
 * discriminator's layers are spectrally normalised instead of batch-normalised.
 * @module
 */
import { ArgumentError } from '../../errors.js';
import { Model } from '../../model/model.js';
import { input, type SymbolicTensor } from '../../nn/symbolic.js';
import * as layers from '../../nn/layers/index.js';
import { randomNormal } from '../../nn/initializers.js';
import { ClassProjection } from './projection.js';
import { SpectralConv2D, SpectralDense } from './spectral-norm.js';

/** Image sides the builders support. */
export const SUPPORTED_SIZES = [28, 32, 64] as const;
/** One of {@link SUPPORTED_SIZES}. */
export type GanImageSize = (typeof SUPPORTED_SIZES)[number];

/** What a generator/discriminator pair is built from (stored in the run folder). */
export interface GanArchitecture {
  /** Image side: 28, 32 or 64. */
  readonly size: GanImageSize;
  /** 1 (grey) or 3 (RGB). */
  readonly channels: 1 | 3;
  /** Length of the noise vector z (default 100). */
  readonly latentDim: number;
  /** 0 for an unconditional GAN, else the number of classes. */
  readonly numClasses: number;
  /**
   * Filters of the discriminator's first convolution; each later block doubles them, and the
   * generator mirrors them (default 64).
   */
  readonly width: number;
  /**
   * Spectral normalisation of every discriminator convolution and dense layer (Miyato et al. 2018),
   * replacing the discriminator's batch norm. Default false.
   */
  readonly spectralNorm: boolean;
}

/** Checks `size` and names the supported ones when it is not. */
export function checkImageSize(op: string, size: number): GanImageSize {
  if (!(SUPPORTED_SIZES as readonly number[]).includes(size)) {
    throw new ArgumentError(`${op}: image size ${size} is not supported; the DCGAN builders support ${SUPPORTED_SIZES.join(', ')} (square images)`);
  }
  return size as GanImageSize;
}

/** Fills in defaults and validates an architecture. */
export function resolveArchitecture(op: string, spec: Omit<Partial<GanArchitecture>, 'size'> & { size: number }): GanArchitecture {
  const size = checkImageSize(op, spec.size);
  const channels = spec.channels ?? (size === 28 ? 1 : 3);
  if (channels !== 1 && channels !== 3) throw new ArgumentError(`${op}: channels must be 1 or 3, got ${String(channels)}`);
  const latentDim = spec.latentDim ?? 100;
  const numClasses = spec.numClasses ?? 0;
  const width = spec.width ?? 64;
  for (const [name, v, min] of [['latentDim', latentDim, 1], ['numClasses', numClasses, 0], ['width', width, 1]] as const) {
    if (!(Number.isInteger(v) && v >= min)) throw new ArgumentError(`${op}: ${name} must be an integer >= ${min}, got ${v}`);
  }
  if (numClasses === 1) throw new ArgumentError(`${op}: a conditional GAN needs at least 2 classes, got 1`);
  return { size, channels, latentDim, numClasses, width, spectralNorm: spec.spectralNorm ?? false };
}

/** The number of stride-2 blocks and the side of the smallest feature map. */
function plan(size: GanImageSize): { blocks: number; base: number } {
  return size === 28 ? { blocks: 2, base: 7 } : { blocks: size === 32 ? 3 : 4, base: 4 };
}

const weightInit = () => randomNormal({ mean: 0, stddev: 0.02 });
const batchNorm = (name: string) => layers.batchNormalization({ momentum: 0.9, epsilon: 1e-5, name });

/**
 * The DCGAN generator: `z [batch, latentDim]` (and `label [batch, 1]` when conditional) →
 * images `[batch, size, size, channels]` in [-1, 1]. The 28×28 generator is the PyTorch
 * reference's (`z → 7×7×128 → 14×14×64 → 28×28×1`); 32 and 64 start at 4×4 with 4 or 8 times `width` filters.
 * @example const g = buildGenerator({ size: 28, channels: 1, latentDim: 100, numClasses: 0, width: 64 }, 0);
 */
export function buildGenerator(arch: GanArchitecture, seed: number): Model {
  const { blocks, base } = plan(arch.size);
  const z = input({ shape: [arch.latentDim], name: 'z' });
  const inputs: SymbolicTensor[] = [z];
  let h: SymbolicTensor = z;
  if (arch.numClasses > 0) {
    const label = input({ shape: [1], name: 'label' });
    inputs.push(label);
    const embedded = layers.flatten({ name: 'class_flatten' }).apply(
      layers.embedding({ inputDim: arch.numClasses, outputDim: Math.min(arch.latentDim, 50), embeddingsInitializer: randomNormal({ stddev: 1 }), name: 'class_embedding' }).apply(label),
    );
    h = layers.concatenate({ name: 'noise_and_class' }).apply([z, embedded]);
  }
  const top = arch.width * 2 ** (blocks - 1);
  h = layers.dense({ units: base * base * top, useBias: false, kernelInitializer: weightInit(), name: 'project' }).apply(h);
  h = layers.reshape({ targetShape: [base, base, top], name: 'to_image' }).apply(h);
  h = layers.relu({ name: 'g_relu0' }).apply(batchNorm('g_bn0').apply(h));
  let filters = top;
  for (let b = 0; b < blocks - 1; b++) {
    filters /= 2;
    h = layers.conv2dTranspose({ filters, kernelSize: 4, strides: 2, padding: 1, useBias: false, kernelInitializer: weightInit(), name: `g_up${b + 1}` }).apply(h);
    h = layers.relu({ name: `g_relu${b + 1}` }).apply(batchNorm(`g_bn${b + 1}`).apply(h));
  }
  const image = layers.conv2dTranspose({ filters: arch.channels, kernelSize: 4, strides: 2, padding: 1, activation: 'tanh', kernelInitializer: weightInit(), name: 'to_pixels' }).apply(h);
  return new Model({ inputs: inputs.length === 1 ? z : inputs, outputs: image, name: 'generator', seed });
}

/**
 * The DCGAN discriminator: images `[batch, size, size, channels]` (and `label [batch, 1]` when
 * conditional) → one logit per image `[batch, 1]` (no sigmoid: the losses take logits). The 28×28
 * one is the PyTorch reference's (`64 → 128 filters, flatten, dense`). Conditional: the logit is
 * `dense(φ(x)) + ⟨embed(y), φ(x)⟩` with φ the flattened features (projection discriminator).
 */
export function buildDiscriminator(arch: GanArchitecture, seed: number): Model {
  const { blocks } = plan(arch.size);
  const image = input({ shape: [arch.size, arch.size, arch.channels], name: 'image' });
  let h: SymbolicTensor = image;
  let filters = arch.width;
  for (let b = 0; b < blocks; b++) {
    const conv = { filters, kernelSize: 4, strides: 2, padding: 1, useBias: b === 0 || arch.spectralNorm, kernelInitializer: weightInit(), name: `d_conv${b + 1}` } as const;
    h = (arch.spectralNorm ? new SpectralConv2D(conv) : layers.conv2d(conv)).apply(h);
    if (b > 0 && !arch.spectralNorm) h = batchNorm(`d_bn${b + 1}`).apply(h);
    h = layers.leakyRelu({ negativeSlope: 0.2, name: `d_lrelu${b + 1}` }).apply(h);
    filters *= 2;
  }
  const features = layers.flatten({ name: 'features' }).apply(h);
  const dense = { units: 1, kernelInitializer: weightInit(), name: 'logit' };
  let logit = (arch.spectralNorm ? new SpectralDense(dense) : layers.dense(dense)).apply(features);
  if (arch.numClasses === 0) return new Model({ inputs: image, outputs: logit, name: 'discriminator', seed });
  const label = input({ shape: [1], name: 'label' });
  const projection = new ClassProjection({ numClasses: arch.numClasses, name: 'class_projection' }).apply([features, label]);
  logit = layers.add({ name: 'conditional_logit' }).apply([logit, projection]);
  return new Model({ inputs: [image, label], outputs: logit, name: 'discriminator', seed });
}
