/**
 * What it takes to run one fixture op on the engine.
 * @module
 */
import type { Tensor } from '../tensor/tensor.js';
import type { Layout } from './layout.js';

/**
 * Runs one PyTorch op name on engine tensors. Inputs arrive converted to our layout according to
 * `inputLayouts` (default `plain`); the output is converted back with `outputLayout`.
 */
export interface OpRunner {
  inputLayouts?: Record<string, Layout>;
  outputLayout?: Layout;
  /** The forward computation in our layout. `labels` are integer class or embedding indices. */
  forward(inputs: Record<string, Tensor>, attrs: Record<string, unknown>, labels?: Tensor): Tensor;
}

/** Reads a numeric attribute, with a default. */
export function numberAttr(attrs: Record<string, unknown>, name: string, fallback?: number): number {
  const v = attrs[name] ?? fallback;
  if (typeof v !== 'number') throw new Error(`attribute '${name}' must be a number, got ${JSON.stringify(v)}`);
  return v;
}

/** Reads a `[h, w]` pair attribute (a single number means both). */
export function pairAttr(attrs: Record<string, unknown>, name: string, fallback?: [number, number]): [number, number] {
  const v = attrs[name] ?? fallback;
  if (typeof v === 'number') return [v, v];
  if (Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'number')) return [v[0]!, v[1]!];
  throw new Error(`attribute '${name}' must be a number or a pair, got ${JSON.stringify(v)}`);
}
