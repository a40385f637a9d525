/**
 * The `node:fs/promises` functions atelier's entry point uses: Node's own on Node, {@link nodeOnly}
 * stand-ins in browsers (see runtime.ts for why).
 * @module
 */
import type * as NodeFsPromises from 'node:fs/promises';
import { isNode, nodeOnly } from './runtime.js';

const fs: typeof NodeFsPromises | undefined = isNode ? await import('node:fs/promises') : undefined;
const pick = <K extends keyof typeof NodeFsPromises>(name: K): (typeof NodeFsPromises)[K] =>
  fs?.[name] ?? nodeOnly<(typeof NodeFsPromises)[K]>('node:fs/promises', name);

/** `fs.promises.mkdir`. */
export const mkdir = pick('mkdir');
/** `fs.promises.open`. */
export const open = pick('open');
/** `fs.promises.readFile`. */
export const readFile = pick('readFile');
/** `fs.promises.rename`. */
export const rename = pick('rename');
/** `fs.promises.rm`. */
export const rm = pick('rm');
/** `fs.promises.writeFile`. */
export const writeFile = pick('writeFile');
