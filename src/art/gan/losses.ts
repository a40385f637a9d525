/**
 * GAN losses on discriminator logits: the non-saturating loss of Goodfellow et al. 2014 (with
 * optional one-sided label smoothing, Salimans et al. 2016) and the hinge loss (Lim & Ye 2017,
 * Miyato et al. 2018).
 * @module
 */
import { ArgumentError } from '../../errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import { add, mul, neg, sub } from '../../ops/arithmetic.js';
import { relu, softplus } from '../../ops/activations.js';
import { mean } from '../../ops/reduce.js';

/** The loss names `trainGan` accepts. */
export const GAN_LOSSES = ['nsgan', 'hinge'] as const;
/** `nsgan` (non-saturating, default) or `hinge`. */
export type GanLoss = (typeof GAN_LOSSES)[number];

/** Checks a loss name, listing the known ones when it is not one. */
export function checkGanLoss(op: string, loss: string): GanLoss {
  if (!(GAN_LOSSES as readonly string[]).includes(loss)) throw new ArgumentError(`${op}: unknown loss '${loss}'; choose ${GAN_LOSSES.join(' or ')}`);
  return loss as GanLoss;
}

/**
 * The discriminator's loss from its logits on real and on generated images.
 * - `nsgan`: binary cross-entropy with target `1 − smoothing` for real images (one-sided label
 *   smoothing: generated images keep target 0): `(1−s)·softplus(−r) + s·softplus(r) + softplus(f)`.
 * - `hinge`: `relu(1 − r) + relu(1 + f)` (smoothing does not apply).
 * Each term is a mean over the batch; the loss is their sum, as the PyTorch reference's.
 */
export function discriminatorLoss(kind: GanLoss, realLogits: Tensor, fakeLogits: Tensor, smoothing = 0): Tensor {
  if (kind === 'hinge') return add(mean(relu(sub(1, realLogits))), mean(relu(add(1, fakeLogits))));
  const real = smoothing > 0
    ? add(mul(softplus(neg(realLogits)), 1 - smoothing), mul(softplus(realLogits), smoothing))
    : softplus(neg(realLogits));
  return add(mean(real), mean(softplus(fakeLogits)));
}

/**
 * The generator's loss from the discriminator's logits on generated images: `softplus(−f)`
 * (non-saturating: `−log D(G(z))`) or `−f` (hinge), averaged over the batch.
 */
export function generatorLoss(kind: GanLoss, fakeLogits: Tensor): Tensor {
  return kind === 'hinge' ? neg(mean(fakeLogits)) : mean(softplus(neg(fakeLogits)));
}
