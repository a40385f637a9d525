/**
 * Where atelier writes progress and diagnostics: Node's stdout/stderr on Node, the console in
 * browsers (which have no `process`).
 * @module
 */
import { isNode } from './runtime.js';

/** The parts of a writable text stream that progress output needs. */
export interface TextStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** Writes whole lines to `log`, holding back a trailing partial line until it is completed. */
function consoleStream(log: (line: string) => void): TextStream {
  let pending = '';
  return {
    write(text: string): boolean {
      const lines = (pending + text).split('\n');
      pending = lines.pop()!;
      for (const line of lines) log(line);
      return true;
    },
  };
}

let browserOut: TextStream | undefined;
let browserErr: TextStream | undefined;

/** Standard output: `process.stdout` on Node, `console.log` line by line elsewhere (never a terminal). */
export function standardOutput(): TextStream {
  if (isNode) return process.stdout;
  return (browserOut ??= consoleStream((line) => console.log(line)));
}

/** Standard error: `process.stderr` on Node, `console.warn` line by line elsewhere. */
export function standardError(): TextStream {
  if (isNode) return process.stderr;
  return (browserErr ??= consoleStream((line) => console.warn(line)));
}
