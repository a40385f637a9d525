/** @internal Temporary: kernels under construction in this session. */
import { AtelierError } from '../../errors.js';
export function pending(name: string): (...args: unknown[]) => void {
  return () => {
    throw new AtelierError(`${name}: kernel not implemented yet`);
  };
}
