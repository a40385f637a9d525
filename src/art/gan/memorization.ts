/**
 * The memorisation check: is each generated image closer to its nearest training image than real
 * images the GAN never saw are? A GAN that copies its training set produces samples whose nearest
 * training neighbour is much closer than a held-out image's is.
 * @module
 */
import { ArgumentError } from '../../errors.js';
import { noGrad } from '../../autograd/tape.js';
import { tensor } from '../../tensor/creation.js';
import { scope } from '../../tensor/scope.js';
import { matmul } from '../../ops/matmul.js';

/** Euclidean distance from each of `queries` (`q × d`) to its nearest row of `reference` (`r × d`), by matrix products. */
export function nearestDistances(queries: Float32Array, reference: Float32Array, d: number, chunk = 256): Float32Array {
  const q = queries.length / d;
  const r = reference.length / d;
  if (!Number.isInteger(q) || !Number.isInteger(r) || r === 0) throw new ArgumentError(`nearestDistances: ${queries.length} and ${reference.length} values do not make rows of ${d} (the reference must not be empty)`);
  const refNorms = new Float64Array(r);
  for (let j = 0; j < r; j++) {
    let s = 0;
    for (let k = 0; k < d; k++) s += reference[j * d + k]! ** 2;
    refNorms[j] = s;
  }
  const ref = tensor(reference, [r, d]);
  const out = new Float32Array(q);
  for (let i = 0; i < q; i += chunk) {
    const m = Math.min(chunk, q - i);
    const rows = queries.subarray(i * d, (i + m) * d);
    const dots = scope(() => noGrad(() => Float32Array.from(matmul(tensor(Float32Array.from(rows), [m, d]), ref, { transposeB: true }).values as Float32Array)));
    for (let a = 0; a < m; a++) {
      let norm = 0;
      for (let k = 0; k < d; k++) norm += rows[a * d + k]! ** 2;
      let best = Infinity;
      for (let j = 0; j < r; j++) best = Math.min(best, norm + refNorms[j]! - 2 * dots[a * r + j]!);
      out[i + a] = Math.sqrt(Math.max(0, best));
    }
  }
  ref.dispose();
  return out;
}

/** The largest share of samples under the held-out 5th percentile that still passes. */
export const MEMORIZATION_CLOSE_SHARE = 0.1;

/** The result of {@link memorizationCheck}. */
export interface MemorizationCheck {
  /** Median distance from a sample to its nearest training image. */
  readonly sampleMedian: number;
  /** Median distance from a held-out real image to its nearest training image. */
  readonly heldOutMedian: number;
  /** Share of samples nearer to the training set than the 5th percentile of held-out images. */
  readonly closeShare: number;
  /**
   * True when samples are no closer to the training images than held-out images are: at most 10% of
   * them (twice the 5% of held-out images, by construction) fall under the held-out 5th percentile. A
   * copying generator puts most samples there; medians alone mislead, since a blurry sample is near
   * every image in pixel distance.
   */
  readonly passed: boolean;
}

function quantile(values: Float32Array, p: number): number {
  const sorted = Float32Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor(p * (sorted.length - 1) + 0.5))]!;
}

/** Compares samples' and held-out images' nearest-training-image distances (pixel space, rows of `d` values). */
export function memorizationCheck(samples: Float32Array, heldOut: Float32Array, training: Float32Array, d: number): MemorizationCheck {
  const s = nearestDistances(samples, training, d);
  const h = nearestDistances(heldOut, training, d);
  const low = quantile(h, 0.05);
  const sampleMedian = quantile(s, 0.5);
  const heldOutMedian = quantile(h, 0.5);
  const closeShare = s.filter((v) => v < low).length / s.length;
  return { sampleMedian, heldOutMedian, closeShare, passed: closeShare <= MEMORIZATION_CLOSE_SHARE };
}
