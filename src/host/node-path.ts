/**
 * The `node:path` functions atelier's entry point uses (only for file names, so only on Node):
 * Node's own on Node, {@link nodeOnly} stand-ins in browsers (see runtime.ts for why).
 * @module
 */
import type * as NodePath from 'node:path';
import { isNode, nodeOnly } from './runtime.js';

const path: typeof NodePath | undefined = isNode ? await import('node:path') : undefined;

/* eslint-disable @typescript-eslint/unbound-method -- node:path's functions do not use `this` */
/** `path.dirname`. */
export const dirname = path?.dirname ?? nodeOnly<typeof NodePath.dirname>('node:path', 'dirname');
/** `path.join`. */
export const join = path?.join ?? nodeOnly<typeof NodePath.join>('node:path', 'join');
/* eslint-enable @typescript-eslint/unbound-method */
