/**
 * Parity runners for reductions (`max`, `min`, `argmax`, `argmin`, `sum`, `mean`, `logsumexp`,
 * `vector_norm`), elementwise extrema (`maximum`, `minimum`) and clipping (`clamp`). A reduction
 * reads `attrs.dim` (absent: over every element, as PyTorch's `torch.max(x)`); `max`/`min` with a
 * `dim` are the values of `torch.max(x, dim)`.
 * @module
 */
import * as ops from '../../ops/index.js';
import type { Tensor } from '../../tensor/tensor.js';
import { numberAttr, type OpRunner } from '../op-runner.js';

/** `attrs.dim` as our axes: absent or null means every axis. */
function dimAttr(attrs: Record<string, unknown>): number | number[] | undefined {
  const d = attrs.dim;
  if (d === undefined || d === null) return undefined;
  if (typeof d === 'number' || (Array.isArray(d) && d.every((a) => typeof a === 'number'))) return d;
  throw new Error(`attribute 'dim' must be a number or a list of numbers, got ${JSON.stringify(d)}`);
}

function keepDim(attrs: Record<string, unknown>): boolean {
  return attrs.keepdim === true;
}

const reduction = (f: (x: Tensor, axes: number | number[] | undefined, keepDims: boolean) => Tensor): OpRunner => ({
  forward: ({ x }, attrs) => f(x!, dimAttr(attrs), keepDim(attrs)),
});

const argReduction = (f: (x: Tensor, axis?: number) => Tensor): OpRunner => ({
  forward: ({ x }, attrs) => {
    const dim = dimAttr(attrs);
    if (Array.isArray(dim)) throw new Error(`attribute 'dim' must be a single axis here, got ${JSON.stringify(dim)}`);
    return f(x!, dim);
  },
});

function ordAttr(attrs: Record<string, unknown>): 1 | 2 | typeof Infinity {
  const ord = attrs.ord ?? 2;
  if (ord === 1 || ord === 2 || ord === 'inf' || ord === Infinity) return ord === 'inf' ? Infinity : (ord);
  throw new Error(`attribute 'ord' must be 1, 2 or "inf", got ${JSON.stringify(ord)}`);
}

/** Runners keyed by PyTorch op name. */
export const reductionRunners: Record<string, OpRunner> = {
  max: reduction(ops.max),
  min: reduction(ops.min),
  sum: reduction(ops.sum),
  mean: reduction(ops.mean),
  logsumexp: reduction(ops.logSumExp),
  vector_norm: { forward: ({ x }, attrs) => ops.norm(x!, ordAttr(attrs), dimAttr(attrs), keepDim(attrs)) },
  argmax: argReduction(ops.argmax),
  argmin: argReduction(ops.argmin),
  maximum: { forward: ({ a, b }) => ops.maximum(a!, b!) },
  minimum: { forward: ({ a, b }) => ops.minimum(a!, b!) },
  clamp: { forward: ({ x }, attrs) => ops.clip(x!, numberAttr(attrs, 'min'), numberAttr(attrs, 'max')) },
};
