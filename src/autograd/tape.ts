/**
 * Recording and replaying the computation graph (reverse-mode automatic differentiation).
 *
 * Ops call {@link record} with their inputs, output and vjp rule. When gradient mode is on and an
 * input requires grad (or is watched by {@link valueAndGrad}), the output remembers how it was made.
 * {@link backpropagate} walks that graph from a root in reverse topological order.
 * @module
 */
import { AtelierError, ShapeError, formatShape } from '../errors.js';
import { Tensor, installBackward } from '../tensor/tensor.js';
import { shapesEqual } from '../tensor/shape.js';
import type { GradNode, Vjp } from './node.js';
import { emptyUninitialized, onesLike } from '../tensor/creation.js';
import { getBackend } from '../backend/registry.js';

let gradEnabled = true;
const watched: Set<Tensor>[] = [];

/** True while operations are being recorded for differentiation. */
export function isGradEnabled(): boolean {
  return gradEnabled;
}

/**
 * Runs `fn` without recording gradients: faster and lighter for inference and weight updates.
 * @example const probs = noGrad(() => model.predict(x));
 */
export function noGrad<T>(fn: () => T): T {
  const previous = gradEnabled;
  gradEnabled = false;
  try {
    return fn();
  } finally {
    gradEnabled = previous;
  }
}

/** @internal Runs `fn` with every tensor in `tensors` treated as requiring grad. */
export function withWatched<T>(tensors: Iterable<Tensor>, fn: () => T): T {
  watched.push(new Set(tensors));
  const previous = gradEnabled;
  gradEnabled = true;
  try {
    return fn();
  } finally {
    gradEnabled = previous;
    watched.pop();
  }
}

function tracks(t: Tensor): boolean {
  if (t.gradNode !== null || t.requiresGrad) return true;
  for (const set of watched) if (set.has(t)) return true;
  return false;
}

/**
 * Attaches a vjp rule to `output` when any of `inputs` is being differentiated; returns `output`.
 * Every differentiable op ends with `return record('name', [inputs], output, dy => [...])`.
 */
export function record(op: string, inputs: readonly Tensor[], output: Tensor, vjp: Vjp): Tensor {
  if (gradEnabled && output.dtype === 'float32') {
    const needsGrad = inputs.map((t) => t.dtype === 'float32' && tracks(t));
    if (needsGrad.some(Boolean)) output.gradNode = { op, inputs, vjp, needsGrad } satisfies GradNode;
  }
  return output;
}

/** Reverse topological order of the graph below `root` (iterative: recurrent graphs can be very deep). */
function reverseTopologicalOrder(root: Tensor, targets: ReadonlySet<Tensor>): Tensor[] {
  const order: Tensor[] = [];
  const visited = new Set<Tensor>();
  const stack: [Tensor, number][] = [[root, 0]];
  visited.add(root);
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const [t, next] = top;
    const inputs = t.gradNode?.inputs ?? [];
    if (next < inputs.length) {
      top[1]++;
      const child = inputs[next]!;
      if (!visited.has(child) && (child.gradNode || child.requiresGrad || targets.has(child))) {
        visited.add(child);
        stack.push([child, 0]);
      }
    } else {
      stack.pop();
      order.push(t);
    }
  }
  return order.reverse();
}

/**
 * Computes d root / d t for every tensor `t` in `targets`, seeding with `seed` (ones for a scalar root).
 * Returns a map from target to gradient (absent when the root does not depend on it).
 * The graph is released afterwards unless `retainGraph`.
 */
export function backpropagate(root: Tensor, targets: ReadonlySet<Tensor>, seed?: Tensor, retainGraph = false): Map<Tensor, Tensor> {
  if (seed === undefined) {
    if (root.size !== 1) {
      throw new ShapeError(`backward: output ${formatShape(root.shape)} is not a scalar: pass the gradient of the loss with respect to it`);
    }
    seed = onesLike(root);
  } else if (!shapesEqual(seed.shape, root.shape)) {
    throw new ShapeError(`backward: gradient ${formatShape(seed.shape)} does not match output ${formatShape(root.shape)}`);
  }
  const grads = new Map<Tensor, Tensor>([[root, seed]]);
  const result = new Map<Tensor, Tensor>();
  const order = reverseTopologicalOrder(root, targets);
  noGrad(() => {
    for (const t of order) {
      const dy = grads.get(t);
      if (dy === undefined) continue;
      grads.delete(t);
      if (targets.has(t)) result.set(t, dy);
      const node = t.gradNode;
      if (!node) continue;
      const inputGrads = node.vjp(dy, node.needsGrad);
      node.inputs.forEach((input, i) => {
        const g = inputGrads[i];
        if (!g || !node.needsGrad[i]) return;
        if (!shapesEqual(g.shape, input.shape)) {
          throw new AtelierError(`backward: the vjp of ${node.op} returned a gradient ${formatShape(g.shape)} for input ${i} of shape ${formatShape(input.shape)}`);
        }
        const previous = grads.get(input);
        grads.set(input, previous ? accumulate(previous, g) : g);
      });
      if (!retainGraph) t.gradNode = null;
    }
  });
  return result;
}

/**
 * `a + b` for two gradients of one tensor, on the backend's add kernel: the tape sits below the op
 * surface (ops record on it), so it does not call `add`.
 */
function accumulate(a: Tensor, b: Tensor): Tensor {
  if (a.dtype !== b.dtype || !shapesEqual(a.shape, b.shape)) {
    throw new AtelierError(`backward: cannot accumulate a ${b.dtype} gradient ${formatShape(b.shape)} into a ${a.dtype} gradient ${formatShape(a.shape)}`);
  }
  const out = emptyUninitialized(a.shape, a.dtype);
  getBackend().binary('add', a.values, a.shape, b.values, b.shape, out.values, a.shape);
  return out;
}

installBackward((root, gradient) => {
  const leaves = new Set<Tensor>();
  for (const t of reverseTopologicalOrder(root, new Set())) if (t.requiresGrad && !t.gradNode) leaves.add(t);
  const grads = backpropagate(root, leaves, gradient);
  noGrad(() => {
    for (const [leaf, g] of grads) leaf.grad = leaf.grad ? accumulate(leaf.grad, g) : g;
  });
});
