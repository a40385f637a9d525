/**
 * `node:crypto`'s `randomBytes` (temporary file names) and `node:module`'s `createRequire` (finding a
 * package's data files): Node's own on Node, {@link nodeOnly} stand-ins in browsers (see runtime.ts).
 * @module
 */
import type * as NodeCrypto from 'node:crypto';
import type * as NodeModule from 'node:module';
import { isNode, nodeOnly } from './runtime.js';

const crypto: typeof NodeCrypto | undefined = isNode ? await import('node:crypto') : undefined;
const nodeModule: typeof NodeModule | undefined = isNode ? await import('node:module') : undefined;

/** `crypto.randomBytes`. */
export const randomBytes = crypto?.randomBytes ?? nodeOnly<typeof NodeCrypto.randomBytes>('node:crypto', 'randomBytes');
/** `module.createRequire`. */
export const createRequire = nodeModule?.createRequire ?? nodeOnly<typeof NodeModule.createRequire>('node:module', 'createRequire');
