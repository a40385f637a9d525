/**
 * Occlusion sensitivity (Zeiler & Fergus 2014).
 * @module
 */
import { ArgumentError } from '../../errors.js';
import { scope } from '../../tensor/scope.js';
import { tensor } from '../../tensor/creation.js';
import type { Model } from '../../model/model.js';
import type { Tensor } from '../../tensor/tensor.js';
import { prepare, type ExplainOptions, type Explanation } from './common.js';
import { batchOf, classScores } from './scores.js';

/** Options of {@link occlusion}. */
export interface OcclusionOptions extends ExplainOptions {
  /** Side of the square patch (default: 1/8 of the shorter image side, at least 1). */
  patchSize?: number;
  /** Step between patch positions (default: half the patch). */
  stride?: number;
  /** Value the patch is filled with, in every channel (default 0, black). */
  baselineValue?: number;
}

/** Patch positions along an axis of `length`: every `stride`, plus the last position so the edge is covered. */
function positions(length: number, patch: number, stride: number): number[] {
  const out: number[] = [];
  for (let p = 0; p + patch <= length; p += stride) out.push(p);
  if (out[out.length - 1] !== length - patch) out.push(length - patch);
  return out;
}

/**
 * Occlusion: slides a `patchSize` square filled with `baselineValue` over the image and records how
 * much the class score drops; each pixel's value is the mean drop over the patches that cover it.
 * Positive where hiding the pixel hurts the class. Costs one forward pass per patch position, no
 * gradients, so it also works for models whose gradients are uninformative.
 */
export function occlusion(model: Model, image: Tensor, options: OcclusionOptions = {}): Explanation {
  // Everything made here but the returned maps is released at once.
  return scope(() => {
    const p = prepare('occlusion', model, image, options);
    const [height, width, channels] = p.shape;
    const patch = options.patchSize ?? Math.max(1, Math.round(Math.min(height, width) / 8));
    const stride = options.stride ?? Math.max(1, Math.floor(patch / 2));
    const fill = options.baselineValue ?? 0;
    if (!(Number.isInteger(patch) && patch >= 1 && patch <= Math.min(height, width))) {
      throw new ArgumentError(`occlusion: patchSize must be an integer in 1..${Math.min(height, width)}, got ${patch}`);
    }
    if (!(Number.isInteger(stride) && stride >= 1)) throw new ArgumentError(`occlusion: stride must be an integer >= 1, got ${stride}`);
    if (!Number.isFinite(fill)) throw new ArgumentError(`occlusion: baselineValue must be finite, got ${fill}`);
    const pixels = p.x.data() as Float32Array;
    const windows = positions(height, patch, stride).flatMap((top) => positions(width, patch, stride).map((left) => [top, left] as const));
    const drops = new Float32Array(windows.length);
    for (let start = 0; start < windows.length; start += p.target.batchSize) {
      const chunk = windows.slice(start, start + p.target.batchSize).map(([top, left]) => {
        const copy = Float32Array.from(pixels);
        for (let y = top; y < top + patch; y++) copy.fill(fill, (y * width + left) * channels, (y * width + left + patch) * channels);
        return copy;
      });
      const scores = classScores(p.target, batchOf(chunk, p.shape));
      scores.forEach((s, i) => (drops[start + i] = p.score - s));
    }
    const total = new Float32Array(height * width);
    const count = new Float32Array(height * width);
    windows.forEach(([top, left], w) => {
      for (let y = top; y < top + patch; y++) {
        for (let x = left; x < left + patch; x++) {
          total[y * width + x]! += drops[w]!;
          count[y * width + x]!++;
        }
      }
    });
    const map = total.map((t, i) => (count[i]! > 0 ? t / count[i]! : 0));
    return { method: 'occlusion', map: tensor(map, [height, width]), classIndex: p.target.classIndex, score: p.score, scoreKind: p.scoreKind };
  });
}
