/**
 * A deterministic train/validation split that keeps each class's proportion.
 * @module
 */
import { ArgumentError } from '../errors.js';
import { Random } from '../tensor/random.js';

/** Indices of each split, and the classes that were too small to be in both. */
export interface StratifiedSplit {
  readonly train: number[];
  readonly validation: number[];
  /** Classes with a single sample: it went to train. */
  readonly singletons: number[];
}

/**
 * Splits sample indices per class: each class with n ≥ 2 samples sends `round(n * validationSplit)`
 * of them (at least 1, at most n - 1) to validation. A class's choice depends only on its own
 * samples (in the given order), `seed` and `className`, so adding a class does not reshuffle others.
 *
 * @param labels class index of each sample
 * @param classNames names used to seed each class's draw
 */
export function stratifiedSplit(labels: ArrayLike<number>, classNames: readonly string[], validationSplit: number, seed: number): StratifiedSplit {
  if (!(validationSplit >= 0 && validationSplit < 1)) throw new ArgumentError(`stratifiedSplit: validationSplit must be in [0, 1), got ${validationSplit}`);
  const byClass = classNames.map(() => [] as number[]);
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!;
    if (!(label >= 0 && label < classNames.length)) throw new ArgumentError(`stratifiedSplit: label ${label} of sample ${i} is not a class index below ${classNames.length}`);
    byClass[label]!.push(i);
  }
  const train: number[] = [];
  const validation: number[] = [];
  const singletons: number[] = [];
  byClass.forEach((members, c) => {
    if (members.length === 1 && validationSplit > 0) singletons.push(c);
    const wanted = validationSplit > 0 && members.length >= 2 ? Math.min(members.length - 1, Math.max(1, Math.round(members.length * validationSplit))) : 0;
    const order = new Random((seed ^ hashString(classNames[c]!)) >>> 0).permutation(members.length);
    const chosen = new Set(Array.from(order.subarray(0, wanted)));
    members.forEach((sample, k) => (chosen.has(k) ? validation : train).push(sample));
  });
  return { train: train.sort((a, b) => a - b), validation: validation.sort((a, b) => a - b), singletons };
}

/** FNV-1a, 32-bit: a stable number for a string. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
