/**
 * The `cli-progress` package (live progress bars on terminals) on Node; undefined in browsers,
 * which have no terminal and cannot resolve a package name without a bundler (see runtime.ts).
 * @module
 */
import type CliProgress from 'cli-progress';
import { isNode } from './runtime.js';

/** `cli-progress`, or undefined outside Node. */
export const cliProgress: typeof CliProgress | undefined = isNode ? (await import('cli-progress')).default : undefined;
