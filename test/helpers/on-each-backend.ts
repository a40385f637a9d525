/** Test helper: run a check once under each backend. */
import { getBackend, setBackend } from '../../src/index.js';

/** Runs `fn` once under the `js` and the `wasm` backend (its name passed in), restoring the previous backend. */
export function onEachBackend(fn: (name: string) => void): void {
  const previous = getBackend().name;
  try {
    for (const name of ['js', 'wasm']) {
      setBackend(name);
      fn(name);
    }
  } finally {
    setBackend(previous);
  }
}
