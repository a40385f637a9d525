/**
 * Choosing the next token from logits: temperature, top-k, top-p (nucleus), greedy (argmax), and a
 * mask of allowed tokens for constrained decoding. Everything runs on plain arrays with a seeded
 * generator, so a seed fixes the samples.
 * @module
 */
import { ArgumentError } from '../../errors.js';
import type { Random } from '../../tensor/random.js';

/** How the next token is chosen. */
export interface SamplingOptions {
  /** Divides the logits (default 1); must be > 0 (use `greedy` for argmax). */
  temperature?: number;
  /** Keep only the `topK` most likely tokens (default: all). */
  topK?: number;
  /** Keep the smallest set of most likely tokens whose probability reaches `topP` (default 1: all). */
  topP?: number;
  /** Always take the most likely token. */
  greedy?: boolean;
}

/** Checks sampling options; errors name the option (`--temperature`...). */
export function checkSamplingOptions(options: SamplingOptions): void {
  const { temperature, topK, topP } = options;
  if (temperature !== undefined && !(Number.isFinite(temperature) && temperature > 0)) {
    throw new ArgumentError(`--temperature must be > 0, got ${temperature} (for the most likely character at every step, use --greedy)`);
  }
  if (topK !== undefined && !(Number.isInteger(topK) && topK >= 1)) throw new ArgumentError(`--top-k must be an integer >= 1, got ${topK}`);
  if (topP !== undefined && !(topP > 0 && topP <= 1)) throw new ArgumentError(`--top-p must be in (0, 1], got ${topP}`);
}

/**
 * Picks a token from one row of `logits`. `allowed` (optional) lists the only tokens that may be
 * chosen: the others are masked before the temperature, top-k and top-p apply. Returns -1 when no
 * token is allowed.
 */
export function chooseToken(logits: ArrayLike<number>, options: SamplingOptions, rng: Random, allowed?: ArrayLike<number> | null): number {
  const candidates: number[] = [];
  if (allowed) for (let i = 0; i < allowed.length; i++) candidates.push(allowed[i]!);
  else for (let i = 0; i < logits.length; i++) candidates.push(i);
  if (candidates.length === 0) return -1;
  if (options.greedy) {
    let best = candidates[0]!;
    for (const c of candidates) if (logits[c]! > logits[best]!) best = c;
    return best;
  }
  const t = options.temperature ?? 1;
  candidates.sort((a, b) => logits[b]! - logits[a]! || a - b);
  let kept = options.topK ? candidates.slice(0, options.topK) : candidates;
  const top = logits[kept[0]!]! / t;
  let weights = kept.map((c) => Math.exp(logits[c]! / t - top));
  const total = weights.reduce((a, b) => a + b, 0);
  if ((options.topP ?? 1) < 1) {
    let acc = 0;
    let n = 0;
    while (n < kept.length && acc < options.topP! * total) acc += weights[n++]!;
    kept = kept.slice(0, Math.max(1, n));
    weights = weights.slice(0, kept.length);
  }
  const sum = weights.reduce((a, b) => a + b, 0);
  let r = rng.next() * sum;
  for (let i = 0; i < kept.length; i++) {
    r -= weights[i]!;
    if (r < 0) return kept[i]!;
  }
  return kept[kept.length - 1]!;
}
