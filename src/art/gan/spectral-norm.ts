/**
 * Spectral normalisation (Miyato et al. 2018): a layer's kernel divided by an estimate of its
 * largest singular value σ, so the discriminator is (about) 1-Lipschitz per layer and cannot win by
 * making its logits huge. σ comes from one step of power iteration per training call on a vector
 * `u` the layer keeps (a non-trainable weight, saved with the others so resumed runs continue the
 * same iteration); the gradient flows through `σ = vᵀ W u` with `u` and `v` held constant, as in the
 * paper and PyTorch's `spectral_norm`.
 * @module
 */
import type { Tensor } from '../../tensor/tensor.js';
import type { Variable } from '../../tensor/variable.js';
import { noGrad } from '../../autograd/tape.js';
import { div, mul } from '../../ops/arithmetic.js';
import { matmul } from '../../ops/matmul.js';
import { sum } from '../../ops/reduce.js';
import { reshape } from '../../ops/shape-ops.js';
import { conv2d, type Conv2DOptions as Conv2DOpOptions } from '../../ops/conv.js';
import type { CallContext } from '../../nn/layer.js';
import type { SymbolicShape } from '../../nn/symbolic.js';
import { randomNormal } from '../../nn/initializers.js';
import { Conv2D, Dense, registerLayer } from '../../nn/layers/index.js';

function normalize(x: Tensor): Tensor {
  return div(x, Math.sqrt(sum(mul(x, x)).item()) + 1e-12);
}

/**
 * `w / σ(w)` for a kernel whose last axis is the output (`[in, out]`, HWIO `[kh, kw, in, out]`):
 * the kernel is viewed as a `[fanIn, out]` matrix. While `training`, `u` (`[out]`) first takes one
 * power-iteration step (in place).
 */
export function spectralNormalize(w: Tensor, u: Variable, training: boolean): Tensor {
  const out = w.shape[w.rank - 1]!;
  const matrix = reshape(w, [w.size / out, out]);
  const { uColumn, vColumn } = noGrad(() => {
    let uc = reshape(u, [out, 1]);
    const v = normalize(matmul(matrix, uc));
    if (training) {
      uc = normalize(matmul(matrix, v, { transposeA: true }));
      u.assign(reshape(uc, [out]));
    }
    return { uColumn: uc, vColumn: v };
  });
  const sigma = sum(mul(vColumn, matmul(matrix, uColumn)));
  return div(w, sigma);
}

const uInitializer = randomNormal({ stddev: 1 });

/** A {@link Conv2D} whose kernel is spectrally normalised on every call (weights: `weight`, `bias`, `spectral_u`). */
export class SpectralConv2D extends Conv2D {
  u: Variable | null = null;

  override build(inputShape: SymbolicShape | SymbolicShape[]): void {
    super.build(inputShape);
    this.u = this.addWeight('spectral_u', [this.filters], { initializer: (shape, rng) => normalize(uInitializer.initialize(shape, rng)), trainable: false });
  }

  override call(inputs: Tensor | Tensor[], context: CallContext): Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    const kernel = spectralNormalize(this.weight!, this.u!, context.training);
    const options = { strides: this.strides, padding: this.padding as Conv2DOpOptions['padding'], dilations: this.dilationRate, groups: this.groups };
    return this.biasAndActivate(conv2d(x, kernel, options));
  }
}

/** A {@link Dense} whose kernel is spectrally normalised on every call (weights: `weight`, `bias`, `spectral_u`). */
export class SpectralDense extends Dense {
  u: Variable | null = null;

  override build(inputShape: SymbolicShape | SymbolicShape[]): void {
    super.build(inputShape);
    this.u = this.addWeight('spectral_u', [this.units], { initializer: (shape, rng) => normalize(uInitializer.initialize(shape, rng)), trainable: false });
  }

  override call(inputs: Tensor | Tensor[], context: CallContext): Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    return this.biasAndActivate(matmul(x, spectralNormalize(this.weight!, this.u!, context.training)));
  }
}

registerLayer('SpectralConv2D', SpectralConv2D);
registerLayer('SpectralDense', SpectralDense);
