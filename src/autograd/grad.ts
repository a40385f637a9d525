/**
 * Function transforms: {@link grad} and {@link valueAndGrad}.
 * @module
 */
import { ArgumentError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { zerosLike } from '../tensor/creation.js';
import { backpropagate, withWatched } from './tape.js';

/** What {@link valueAndGrad} returns: the function's value and one gradient per argument. */
export interface ValueAndGrads {
  value: Tensor;
  grads: Tensor[];
}

/**
 * Turns a scalar function of tensors into one that also returns its gradients with respect to every
 * argument. Arguments that the value does not depend on get zero gradients.
 *
 * @example
 * const f = (w: Tensor) => sum(square(w));
 * const { value, grads: [dw] } = valueAndGrad(f)(w);   // dw = 2w
 */
export function valueAndGrad<A extends Tensor[]>(f: (...args: A) => Tensor): (...args: A) => ValueAndGrads {
  return (...args: A) => {
    const value = withWatched(args, () => f(...args));
    if (!value || (value as { isTensor?: unknown }).isTensor !== true) {
      throw new ArgumentError('valueAndGrad: the function must return a Tensor');
    }
    const targets = new Set<Tensor>(args);
    const found = backpropagate(value, targets);
    return { value, grads: args.map((a) => found.get(a) ?? zerosLike(a)) };
  };
}

/**
 * Turns a scalar function of tensors into the function returning its gradients with respect to every argument.
 * @example const df = grad((x: Tensor) => sum(mul(x, x)));  df(x) // [2x]
 */
export function grad<A extends Tensor[]>(f: (...args: A) => Tensor): (...args: A) => Tensor[] {
  const vg = valueAndGrad(f);
  return (...args: A) => vg(...args).grads;
}
