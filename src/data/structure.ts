/**
 * Nested structures of tensors (a tensor, arrays of structures, plain objects of structures): the
 * shape of data set elements such as `{ x, y }` or `[x, [y1, y2]]`.
 * @module
 */
import { ShapeError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { isTensor } from './arrays.js';

/** A tensor, or arrays and plain objects nesting tensors (other values pass through unchanged). */
export type Structure = Tensor | readonly Structure[] | { readonly [key: string]: Structure | undefined };

/** Every tensor in `s`, depth first. */
export function leaves(s: unknown, into: Tensor[] = []): Tensor[] {
  if (isTensor(s)) into.push(s);
  else if (Array.isArray(s)) for (const item of s) leaves(item, into);
  else if (typeof s === 'object' && s !== null && Object.getPrototypeOf(s) === Object.prototype) for (const v of Object.values(s)) leaves(v, into);
  return into;
}

/** Replaces every tensor of `s` with `fn(tensor)`, keeping the nesting. */
export function mapStructure<T>(s: T, fn: (t: Tensor) => Tensor): T {
  if (isTensor(s)) return fn(s) as T;
  if (Array.isArray(s)) return (s as unknown[]).map((item) => mapStructure(item, fn)) as T;
  if (typeof s === 'object' && s !== null && Object.getPrototypeOf(s) === Object.prototype) {
    return Object.fromEntries(Object.entries(s).map(([k, v]) => [k, v === undefined ? v : mapStructure(v, fn)])) as T;
  }
  return s;
}

/**
 * Combines same-shaped structures leaf by leaf: `fn` receives the tensors at one position of every
 * structure. Throws, naming the position, when the structures differ.
 */
export function zipStructures<T>(items: readonly T[], fn: (tensors: Tensor[], path: string) => Tensor, path = 'element'): T {
  const first = items[0];
  if (isTensor(first)) {
    items.forEach((s, i) => {
      if (!isTensor(s)) throw new ShapeError(`${path}: item ${i} is not a tensor where item 0 is`);
    });
    return fn(items as unknown as Tensor[], path) as T;
  }
  if (Array.isArray(first)) {
    items.forEach((s, i) => {
      if (!Array.isArray(s) || s.length !== first.length) throw new ShapeError(`${path}: item ${i} is not a list of ${first.length} like item 0`);
    });
    return first.map((_, k) => zipStructures(items.map((s) => (s as unknown[])[k]), fn, `${path}[${k}]`)) as T;
  }
  if (typeof first === 'object' && first !== null && Object.getPrototypeOf(first) === Object.prototype) {
    const keys = Object.keys(first).filter((k) => (first as Record<string, unknown>)[k] !== undefined);
    return Object.fromEntries(
      keys.map((k) => [k, zipStructures(items.map((s) => (s as Record<string, unknown>)[k]), fn, `${path}.${k}`)]),
    ) as T;
  }
  return first as T;
}
