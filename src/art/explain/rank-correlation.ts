/**
 * Spearman's rank correlation, for comparing explanation maps (the sanity checks of Adebayo et al.
 * 2018 compare a trained model's maps with those of a randomised one).
 * @module
 */
import { ArgumentError } from '../../errors.js';

/** Ranks from 1, ties sharing the mean of their ranks. */
export function ranks(values: ArrayLike<number>): Float64Array {
  const order = Array.from({ length: values.length }, (_, i) => i).sort((a, b) => values[a]! - values[b]!);
  const out = new Float64Array(values.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && values[order[j + 1]!] === values[order[i]!]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) out[order[k]!] = rank;
    i = j + 1;
  }
  return out;
}

/** Pearson correlation; 0 when either side is constant. */
export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i]! / n;
    mb += b[i]! / n;
  }
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i]! - ma;
    const db = b[i]! - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : 0;
}

/** Spearman's ρ: the Pearson correlation of the ranks. 1 for the same ordering, −1 for the reverse. */
export function spearman(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new ArgumentError(`spearman: the maps have ${a.length} and ${b.length} values`);
  if (a.length < 2) throw new ArgumentError('spearman: needs at least 2 values');
  return pearson(ranks(a), ranks(b));
}
