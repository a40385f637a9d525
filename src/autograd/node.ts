/**
 * The record an operation leaves on its output so gradients can flow back through it.
 * @module
 */
import type { Tensor } from '../tensor/tensor.js';

/**
 * A vector-Jacobian product: given the gradient of the loss with respect to an op's output, returns
 * the gradient with respect to each input, in order (`null` where an input gets none, e.g. integer
 * indices). Each returned gradient has its input's shape. `needsGrad[i]` says whether input `i` is
 * being differentiated: an expensive rule may skip the others (return `null` for them).
 */
export type Vjp = (dy: Tensor, needsGrad: readonly boolean[]) => readonly (Tensor | null)[];

/** How an output was computed: the op's name, its inputs and its vjp rule. */
export interface GradNode {
  readonly op: string;
  readonly inputs: readonly Tensor[];
  readonly vjp: Vjp;
  /** Which inputs were being differentiated when the op ran. */
  readonly needsGrad: readonly boolean[];
}
