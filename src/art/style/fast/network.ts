/**
 * The image transformation network of fast style transfer (Johnson, Alahi and Fei-Fei 2016), scaled
 * down to run on a CPU: an outer convolution, two stride-2 convolutions, residual blocks at a quarter
 * of the resolution, and two nearest-neighbour upsamplings each followed by a 3x3 convolution (not
 * transposed convolutions, whose uneven overlap paints checkerboards; Odena et al. 2016), then an
 * outer convolution to RGB, so outputs are pixels in [0, 1]: by default a change of the input image
 * (`PixelResidual`), else a sigmoid. Instance normalization after every inner convolution (Ulyanov et
 * al. 2016). The input is mirrored by a margin that is cropped from the output.
 * @module
 */
import { ArgumentError } from '../../../errors.js';
import { Model } from '../../../model/model.js';
import { input, type SymbolicTensor } from '../../../nn/symbolic.js';
import * as layers from '../../../nn/layers/index.js';
import { randomNormal } from '../../../nn/initializers.js';
import { PixelResidual } from './pixel-residual.js';
import { Cropping2D, ReflectionPadding2D } from './reflection-padding.js';

/** The shape of a transformation network (stored in the run folder). */
export interface TransformNetworkSpec {
  /** Channels of the residual blocks; the full-resolution layers have a quarter, the half-resolution ones half. */
  readonly width: number;
  /** Residual blocks at a quarter of the resolution. */
  readonly residualBlocks: number;
  /** Kernel side of the first and last convolutions (odd; Johnson et al. use 9). */
  readonly outerKernel: number;
  /**
   * Pixels mirrored around the input (a multiple of 4) and cropped from the output: the inner
   * convolutions pad with zeros (the engine's fast path), and their dark frame falls in the margin
   * that is cut away (as Johnson et al.'s 40 px reflection padding and valid convolutions).
   */
  readonly margin: number;
  /**
   * Learn a change of the input (in logit space: `sigmoid(logit(image) + network)`, the last
   * convolution starting near 0) rather than the picture from scratch: the untrained network returns
   * the photo, which minutes of CPU training would otherwise spend learning to reproduce.
   */
  readonly residual: boolean;
}

/** The default network: width 32, 3 residual blocks, 5x5 outer kernels, an 8 px margin (the choice is measured in docs/style.md). */
export const DEFAULT_TRANSFORM_NETWORK: TransformNetworkSpec = { width: 32, residualBlocks: 3, outerKernel: 5, margin: 8, residual: true };

/** Fills in defaults and checks a network spec, naming the bad field. */
export function resolveTransformNetwork(op: string, spec: Partial<TransformNetworkSpec> = {}): TransformNetworkSpec {
  const s = { ...DEFAULT_TRANSFORM_NETWORK, ...spec };
  if (!(Number.isInteger(s.width) && s.width >= 4 && s.width % 4 === 0)) throw new ArgumentError(`${op}: width must be a multiple of 4 (at least 4), got ${s.width}`);
  if (!(Number.isInteger(s.residualBlocks) && s.residualBlocks >= 0)) throw new ArgumentError(`${op}: residualBlocks must be an integer >= 0, got ${s.residualBlocks}`);
  if (!(Number.isInteger(s.outerKernel) && s.outerKernel >= 1 && s.outerKernel % 2 === 1)) throw new ArgumentError(`${op}: outerKernel must be an odd positive integer, got ${s.outerKernel}`);
  if (typeof s.residual !== 'boolean') throw new ArgumentError(`${op}: residual must be true or false, got ${String(s.residual)}`);
  if (!(Number.isInteger(s.margin) && s.margin >= 0 && s.margin % 4 === 0)) throw new ArgumentError(`${op}: margin must be a multiple of 4 (0 for none), got ${s.margin}`);
  return s;
}

/**
 * Floating-point operations (multiply-adds count 2) of the network's convolutions on one
 * `height`x`width` image: what the speed budget is measured against.
 */
export function transformNetworkFlops(spec: TransformNetworkSpec, height: number, width: number): number {
  const [c1, c2, c3] = [spec.width / 4, spec.width / 2, spec.width];
  const full = (height + 2 * spec.margin) * (width + 2 * spec.margin);
  const k2 = spec.outerKernel ** 2;
  return 2 * (full * k2 * 3 * c1 + (full / 4) * 9 * c1 * c2 + (full / 16) * 9 * c2 * c3 + spec.residualBlocks * 2 * (full / 16) * 9 * c3 * c3 +
    (full / 4) * 9 * c3 * c2 + full * 9 * c2 * c1 + full * k2 * c1 * 3);
}

/**
 * Builds the transformation network: images `[batch, h, w, 3]` in [0, 1] → `[batch, h, w, 3]` in
 * [0, 1], for any `h` and `w` divisible by 4 (others are padded by the caller). Weights are seeded.
 * @example const net = buildTransformNetwork({ width: 32, residualBlocks: 3, outerKernel: 9, margin: 8, residual: true }, 0);
 */
export function buildTransformNetwork(spec: TransformNetworkSpec, seed: number): Model {
  const image = input({ shape: [null, null, 3], name: 'image' });
  let n = 0;
  const conv = (x: SymbolicTensor, filters: number, kernel: number, strides = 1, normalize = true): SymbolicTensor => {
    n++;
    const h = layers.conv2d({ filters, kernelSize: kernel, strides, padding: 'same', useBias: !normalize, name: `conv${n}` }).apply(x);
    return normalize ? layers.instanceNormalization({ epsilon: 1e-5, name: `norm${n}` }).apply(h) : h;
  };
  // Every layer is named, so a saved config does not depend on how many layers the process made before.
  const relu = (x: SymbolicTensor) => layers.relu({ name: `relu${n}` }).apply(x);
  const [c1, c2, c3] = [spec.width / 4, spec.width / 2, spec.width];
  const margin = spec.margin;
  let h = relu(conv(margin > 0 ? new ReflectionPadding2D({ padding: margin, name: 'mirror' }).apply(image) : image, c1, spec.outerKernel));
  h = relu(conv(h, c2, 3, 2));
  h = relu(conv(h, c3, 3, 2));
  for (let b = 0; b < spec.residualBlocks; b++) {
    const r = conv(relu(conv(h, c3, 3)), c3, 3);
    h = layers.add({ name: `residual${b + 1}` }).apply([h, r]);
  }
  h = relu(conv(layers.upSampling2d({ size: 2, name: 'up1' }).apply(h), c2, 3));
  h = relu(conv(layers.upSampling2d({ size: 2, name: 'up2' }).apply(h), c1, 3));
  const init = spec.residual ? { kernelInitializer: randomNormal({ stddev: 1e-3 }) } : {};
  let rgb = layers.conv2d({ filters: 3, kernelSize: spec.outerKernel, padding: 'same', name: `conv${++n}`, ...init }).apply(h);
  if (margin > 0) rgb = new Cropping2D({ cropping: margin, name: 'crop' }).apply(rgb);
  const pixels = spec.residual ? new PixelResidual({ name: 'pixels' }).apply([image, rgb]) : layers.sigmoid({ name: 'pixels' }).apply(rgb);
  return new Model({ inputs: image, outputs: pixels, name: 'style_network', seed });
}
