/**
 * The synchronous `node:fs` functions atelier uses: Node's own on Node, {@link nodeOnly} stand-ins
 * in browsers (see runtime.ts for why).
 * @module
 */
import type * as NodeFs from 'node:fs';
import { isNode, nodeOnly } from './runtime.js';

const fs: typeof NodeFs | undefined = isNode ? await import('node:fs') : undefined;
const pick = <K extends keyof typeof NodeFs>(name: K): (typeof NodeFs)[K] => fs?.[name] ?? nodeOnly<(typeof NodeFs)[K]>('node:fs', name);

/** `fs.appendFileSync`. */
export const appendFileSync = pick('appendFileSync');
/** `fs.closeSync`. */
export const closeSync = pick('closeSync');
/** `fs.existsSync`. */
export const existsSync = pick('existsSync');
/** `fs.fsyncSync`. */
export const fsyncSync = pick('fsyncSync');
/** `fs.mkdirSync`. */
export const mkdirSync = pick('mkdirSync');
/** `fs.openSync`. */
export const openSync = pick('openSync');
/** `fs.readdirSync`. */
export const readdirSync = pick('readdirSync');
/** `fs.readFileSync`. */
export const readFileSync = pick('readFileSync');
/** `fs.renameSync`. */
export const renameSync = pick('renameSync');
/** `fs.rmSync`. */
export const rmSync = pick('rmSync');
/** `fs.statSync`. */
export const statSync = pick('statSync');
/** `fs.writeSync`. */
export const writeSync = pick('writeSync');
