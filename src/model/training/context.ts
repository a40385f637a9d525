/**
 * Small helpers the training loops share: error context, argument checks, yielding to the event loop.
 * @module
 */
import { ArgumentError } from '../../errors.js';

/**
 * Prefixes an error's message with where it happened (`fit: epoch 2/5, batch 17/250: ...`), keeping
 * its class and identity so callers can still `instanceof` it.
 */
export function withContext(e: unknown, context: string): unknown {
  if (!(e instanceof Error) || e.message.startsWith(context)) return e;
  const original = e.message;
  e.message = `${context}: ${original}`;
  if (typeof e.stack === 'string') e.stack = e.stack.replace(original, e.message);
  return e;
}

/**
 * Lets timers and I/O run (progress bars redraw, Ctrl-C is handled, a page repaints) between
 * batches. Browsers have no `setImmediate`; a message to oneself is their equivalent (a zero
 * `setTimeout` is clamped to 4 ms once nested).
 */
export function yieldToEventLoop(): Promise<void> {
  if (typeof setImmediate === 'function') return new Promise((resolve) => setImmediate(resolve));
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/** Throws unless `value` is an integer of at least `min`. */
export function positiveInteger(owner: string, name: string, value: number, min = 1): number {
  if (!Number.isInteger(value) || value < min) {
    throw new ArgumentError(`${owner}: ${name} must be an integer >= ${min}, got ${String(value)}`);
  }
  return value;
}
