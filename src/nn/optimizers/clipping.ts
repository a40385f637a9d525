/**
 * Gradient clipping: by value, by each gradient's norm, by the norm of all gradients together.
 * @module
 */
import { ArgumentError } from '../../errors.js';
import { clip, div, maximum, mul, sqrt, square, sum } from '../../ops/index.js';
import type { Tensor } from '../../tensor/tensor.js';

function checkLimit(op: string, name: string, v: number): void {
  if (!(v > 0)) throw new ArgumentError(`${op}: ${name} must be positive, got ${v}`);
}

/** Limits every element of every gradient to `[−clipValue, clipValue]`. */
export function clipByValue(grads: readonly Tensor[], clipValue: number): Tensor[] {
  checkLimit('clipByValue', 'clipValue', clipValue);
  return grads.map((g) => clip(g, -clipValue, clipValue));
}

/** Rescales `grad` to L2 norm `maxNorm` when its norm is larger: `g · maxNorm / max(‖g‖, maxNorm)`. */
export function clipByNorm(grad: Tensor, maxNorm: number): Tensor {
  checkLimit('clipByNorm', 'maxNorm', maxNorm);
  const norm = sqrt(sum(square(grad)));
  return mul(grad, div(maxNorm, maximum(norm, maxNorm)));
}

/** What {@link clipByGlobalNorm} returns. */
export interface GlobalNormClipResult {
  /** The gradients, rescaled together when their joint norm exceeds the limit. */
  grads: Tensor[];
  /** The joint L2 norm `sqrt(Σ‖g‖²)` before clipping. */
  globalNorm: number;
}

/**
 * Rescales all gradients by one factor, `maxNorm / max(globalNorm, maxNorm)`, where `globalNorm` is
 * their joint L2 norm, as `tf.clip_by_global_norm` does. This keeps their direction. When the norm
 * is infinite or NaN every gradient becomes NaN, so a diverged step is seen rather than hidden.
 *
 * @example const { grads: clipped, globalNorm } = clipByGlobalNorm(grads, 1.0);
 */
export function clipByGlobalNorm(grads: readonly Tensor[], maxNorm: number): GlobalNormClipResult {
  checkLimit('clipByGlobalNorm', 'maxNorm', maxNorm);
  // Summed in float64 so that many large gradients do not lose precision in the total.
  let squares = 0;
  for (const g of grads) squares += sum(square(g)).item();
  const globalNorm = Math.sqrt(squares);
  const scale = Number.isFinite(globalNorm) ? maxNorm / Math.max(globalNorm, maxNorm) : NaN;
  return { grads: scale === 1 ? [...grads] : grads.map((g) => mul(g, scale)), globalNorm };
}
