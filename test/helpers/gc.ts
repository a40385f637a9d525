/** Letting the garbage collector run in tests that measure memory(). */
import assert from 'node:assert/strict';

const gc = (globalThis as { gc?: () => void }).gc;

/**
 * Runs the collector, yielding to the event loop between rounds, until the finalizers that free
 * tensor memory (for garbage made before a measurement) have had their turn.
 */
export async function settleGc(): Promise<void> {
  assert.ok(gc, 'run the tests with --expose-gc (scripts/run-tests.mjs does)');
  for (let i = 0; i < 6; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}
