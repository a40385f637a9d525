/**
 * Memory scopes for loops. Unreachable tensors are released without them (on Node even inside
 * synchronous code, by collection passes; in browsers only after the code returns to the event
 * loop), but a scope releases the tensors created inside it as soon as it ends, at no cost, which is
 * what keeps a browser loop bounded and spares Node the passes' full collections.
 * @module
 */
import type { Tensor } from './tensor.js';

const stack: Set<Tensor>[] = [];

/** Called by the tensor constructor: tracks `t` in the innermost open scope. */
export function trackInScope(t: Tensor): void {
  stack[stack.length - 1]?.add(t);
}

function collectTensors(value: unknown, into: Set<Tensor>, seen = new Set<unknown>()): void {
  if (value === null || typeof value !== 'object' || seen.has(value)) return;
  seen.add(value);
  if ((value as { isTensor?: unknown }).isTensor === true) {
    into.add(value as Tensor);
    return;
  }
  if (Array.isArray(value)) for (const v of value) collectTensors(v, into, seen);
  else if (value instanceof Map) for (const v of value.values()) collectTensors(v, into, seen);
  else if (Object.getPrototypeOf(value) === Object.prototype) for (const v of Object.values(value)) collectTensors(v, into, seen);
}

/**
 * Runs `fn` and disposes every tensor created during it, except those it returns (found in arrays,
 * maps and plain objects) and those passed to {@link keep}. Returned tensors move to the enclosing
 * scope. If `fn` throws, everything it created (but kept tensors) is disposed and the error rethrown.
 * Gradients must be computed inside the scope that created the graph.
 *
 * @example
 * for (let step = 0; step < 10_000; step++) {
 *   const loss = scope(() => trainStep(batch));   // intermediates freed each step
 * }
 */
export function scope<T>(fn: () => T): T {
  const tracked = new Set<Tensor>();
  stack.push(tracked);
  let result: T;
  try {
    result = fn();
  } catch (error) {
    // Nothing escapes a failed scope but the error: free what it made, as on success.
    stack.pop();
    for (const t of tracked) t.dispose();
    throw error;
  }
  stack.pop();
  const kept = new Set<Tensor>();
  collectTensors(result, kept);
  for (const t of tracked) {
    if (kept.has(t)) stack[stack.length - 1]?.add(t);
    else t.dispose();
  }
  return result;
}

/** Exempts `t` from disposal by every open scope; returns it. */
export function keep<T extends Tensor>(t: T): T {
  for (const s of stack) s.delete(t);
  return t;
}
