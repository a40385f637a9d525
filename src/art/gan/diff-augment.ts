/**
 * DiffAugment (Zhao et al. 2020, "Differentiable Augmentation for Data-Efficient GAN Training"):
 * random colour, translation and cutout applied to *both* real and generated images before the
 * discriminator sees them. Every operation is an ordinary differentiable op (adds, multiplies,
 * means and one gather), so the generator's gradient flows through the augmentation; the
 * discriminator cannot overfit a small data set's exact pixels, and the generator is not pushed to
 * produce augmented images (the augmentation happens after it).
 * @module
 */
import { ArgumentError } from '../../errors.js';
import type { Random } from '../../tensor/random.js';
import type { Tensor } from '../../tensor/tensor.js';
import { tensor, zeros } from '../../tensor/creation.js';
import { add, mul, sub } from '../../ops/arithmetic.js';
import { mean } from '../../ops/reduce.js';
import { reshape } from '../../ops/shape-ops.js';
import { concat } from '../../ops/slicing.js';
import { gather } from '../../ops/indexing.js';

/** The augmentations DiffAugment composes, in the order they apply. */
export const DIFF_AUGMENT_OPS = ['color', 'translation', 'cutout'] as const;
/** One of {@link DIFF_AUGMENT_OPS}. */
export type DiffAugmentOp = (typeof DIFF_AUGMENT_OPS)[number];

/** Parses `"color,translation,cutout"` (or `"none"`, or a list) into a policy. */
export function parseDiffAugmentPolicy(op: string, policy: string | readonly string[]): DiffAugmentOp[] {
  const parts = (typeof policy === 'string' ? policy.split(',') : [...policy]).map((s) => s.trim()).filter((s) => s !== '' && s !== 'none');
  for (const p of parts) {
    if (!(DIFF_AUGMENT_OPS as readonly string[]).includes(p)) throw new ArgumentError(`${op}: unknown DiffAugment operation '${p}'; choose from ${DIFF_AUGMENT_OPS.join(', ')} (comma-separated) or none`);
  }
  return DIFF_AUGMENT_OPS.filter((o) => parts.includes(o));
}

/** Options of {@link diffAugment}. */
export interface DiffAugmentOptions {
  /** Largest shift as a fraction of the side (default 1/8, as the paper). */
  translationRatio?: number;
  /** Side of the cut-out square as a fraction of the side (default 1/2, as the paper). */
  cutoutRatio?: number;
}

/**
 * Augments a batch `[B, H, W, C]` (values in [-1, 1]) with `policy`, drawing every random parameter
 * from `rng`:
 * - `color`: brightness `x + U(-0.5, 0.5)`, saturation (RGB only) `(x − mean_c)·U(0, 2) + mean_c`,
 *   contrast `(x − mean)·U(0.5, 1.5) + mean`, per image;
 * - `translation`: shift by up to `translationRatio` of the side in each direction, filling with 0;
 * - `cutout`: zero one square of `cutoutRatio` of the side at a random place (it may cross the border).
 * Translation and cutout together are one gather from the image plus a zero row, so their gradient is
 * one scatter-add.
 */
export function diffAugment(x: Tensor, policy: readonly DiffAugmentOp[], rng: Random, options: DiffAugmentOptions = {}): Tensor {
  if (policy.length === 0) return x;
  if (x.rank !== 4) throw new ArgumentError(`diffAugment: x must be [batch, height, width, channels], got [${x.shape.join(',')}]`);
  const [b, h, w, c] = x.shape as [number, number, number, number];
  let y = x;
  if (policy.includes('color')) {
    const draw = (lo: number, hi: number) => tensor(Float32Array.from({ length: b }, () => lo + (hi - lo) * rng.next()), [b, 1, 1, 1]);
    y = add(y, draw(-0.5, 0.5));
    if (c === 3) {
      const m = mean(y, 3, true);
      y = add(mul(sub(y, m), draw(0, 2)), m);
    }
    const m = mean(y, [1, 2, 3], true);
    y = add(mul(sub(y, m), draw(0.5, 1.5)), m);
  }
  const translate = policy.includes('translation');
  const cutout = policy.includes('cutout');
  if (!translate && !cutout) return y;
  const pixels = b * h * w;
  const index = new Int32Array(pixels);
  const shiftH = Math.floor(h * (options.translationRatio ?? 0.125) + 0.5);
  const shiftW = Math.floor(w * (options.translationRatio ?? 0.125) + 0.5);
  const cutH = Math.floor(h * (options.cutoutRatio ?? 0.5) + 0.5);
  const cutW = Math.floor(w * (options.cutoutRatio ?? 0.5) + 0.5);
  for (let n = 0; n < b; n++) {
    const dy = translate ? rng.nextInt(-shiftH, shiftH + 1) : 0;
    const dx = translate ? rng.nextInt(-shiftW, shiftW + 1) : 0;
    // The paper's offsets: the square's centre anywhere in [0, side + (1 − cut % 2)).
    const top = cutout ? rng.nextInt(0, h + (1 - (cutH % 2))) - Math.floor(cutH / 2) : h;
    const left = cutout ? rng.nextInt(0, w + (1 - (cutW % 2))) - Math.floor(cutW / 2) : w;
    for (let i = 0; i < h; i++) {
      for (let j = 0; j < w; j++) {
        const si = i + dy;
        const sj = j + dx;
        const cut = cutout && i >= top && i < top + cutH && j >= left && j < left + cutW;
        const inside = si >= 0 && si < h && sj >= 0 && sj < w;
        index[(n * h + i) * w + j] = !cut && inside ? (n * h + si) * w + sj : pixels;
      }
    }
  }
  const rows = concat([reshape(y, [pixels, c]), zeros([1, c])], 0);
  return reshape(gather(rows, tensor(index, [pixels], 'int32'), 0), [b, h, w, c]);
}
