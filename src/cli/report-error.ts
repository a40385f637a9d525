/**
 * How the CLI reports an error: one line, `atelier: <what went wrong, where, what to do>`, never a
 * stack trace from deep inside (set `ATELIER_DEBUG=1` to get the stack as well).
 *
 * - An `AtelierError` (a user error: a missing path, an invalid option value...) prints its message.
 * - A Node system error (`EACCES`, `ENOSPC`, `EROFS`, `EMFILE`, ...) prints what the program was
 *   doing with which path, what the code means and what to do about it.
 * - Anything else is a bug: its message, and how to see the stack.
 * @module
 */
import { AtelierError } from '../errors.js';

/** A Node system error: `code` like `EACCES`, usually with `syscall` and `path`. */
export interface SystemError extends Error {
  code: string;
  errno?: number;
  syscall?: string;
  path?: string;
  dest?: string;
}

/** True for errors Node raises for a failed system call (they carry a string `code` starting with `E`). */
export function isSystemError(e: unknown): e is SystemError {
  return e instanceof Error && typeof (e as Partial<SystemError>).code === 'string' && /^E[A-Z0-9]+$/.test((e as SystemError).code);
}

/** What each code means, and what the user can do about it. */
const CODES: Record<string, { meaning: string; remedy: string }> = {
  EACCES: { meaning: 'permission denied', remedy: 'check the permissions of the path and its folders, or choose a location you can read and write' },
  EPERM: { meaning: 'operation not permitted', remedy: 'check the permissions and ownership of the path, or choose another location' },
  ENOSPC: { meaning: 'no space left on the device', remedy: 'free some disk space, or write to a folder on another disk' },
  EDQUOT: { meaning: 'disk quota exceeded', remedy: 'free some space within your quota, or write to another disk' },
  EROFS: { meaning: 'the file system is read-only', remedy: 'write to a folder on a writable disk' },
  EMFILE: { meaning: 'too many open files in this process', remedy: "raise the limit (ulimit -n) or run on fewer files at once" },
  ENFILE: { meaning: 'too many open files on the system', remedy: 'close other programs or raise the system limit' },
  ENOTDIR: { meaning: 'a part of the path is a file, not a folder', remedy: 'check the path: every part but the last must be a folder' },
  EISDIR: { meaning: 'it is a folder, not a file', remedy: 'give a file path, or choose another name' },
  ELOOP: { meaning: 'too many levels of symbolic links (a symlink loop)', remedy: 'fix or remove the symbolic link' },
  ENOENT: { meaning: 'no such file or folder', remedy: 'check the path' },
  EEXIST: { meaning: 'it already exists', remedy: 'remove it or choose another name' },
  ENAMETOOLONG: { meaning: 'the name is too long', remedy: 'choose a shorter path' },
  ENOTEMPTY: { meaning: 'the folder is not empty', remedy: 'choose an empty or new folder' },
  EXDEV: { meaning: 'the move crosses file systems', remedy: 'keep the files on one disk' },
  EIO: { meaning: 'an input/output error from the device', remedy: 'check the disk (or network share) holding the path' },
  EBUSY: { meaning: 'the resource is busy', remedy: 'close the program using it and try again' },
  ENOMEM: { meaning: 'the system is out of memory', remedy: 'use a smaller batch or image size, or free memory' },
  EPIPE: { meaning: 'the output was closed before everything was written', remedy: 'keep the reading end open (or ignore this when piping into head)' },
};

/** What the program was doing, from the system call. */
function activity(syscall: string | undefined): string {
  switch (syscall) {
    case 'mkdir': return 'create the folder';
    case 'open': return 'open';
    case 'write': return 'write';
    case 'read': return 'read';
    case 'rename': return 'rename';
    case 'unlink': case 'rm': case 'rmdir': return 'remove';
    case 'scandir': case 'opendir': return 'list the folder';
    case 'stat': case 'lstat': case 'access': return 'access';
    case 'fsync': return 'flush to disk';
    case 'copyfile': return 'copy';
    case 'symlink': case 'link': return 'link';
    case 'chmod': return 'change the permissions of';
    default: return syscall ? `${syscall}` : 'use';
  }
}

/** One line for a Node system error: `cannot <do> <path>: <meaning> (<CODE>); <remedy>`. */
export function describeSystemError(e: SystemError): string {
  const known = CODES[e.code];
  const path = e.path ? ` ${e.path}${e.dest ? ` to ${e.dest}` : ''}` : '';
  const doing = e.syscall || e.path ? `cannot ${activity(e.syscall)}${path}: ` : '';
  const meaning = known?.meaning ?? e.message.replace(/^[A-Z0-9]+: /, '').replace(/, \w+ '.*'$/, '');
  return `${doing}${meaning} (${e.code})${known ? `; ${known.remedy}` : ''}`;
}

/** True when `ATELIER_DEBUG` asks for stack traces (any value but '', '0' or 'false'). */
export function debugEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  const v = env.ATELIER_DEBUG;
  return v !== undefined && v !== '' && v !== '0' && v.toLowerCase() !== 'false';
}

/** The system error inside `e` (itself or its `cause` chain), if any. */
function systemErrorIn(e: unknown): SystemError | null {
  for (let current: unknown = e, depth = 0; current && depth < 5; current = (current as { cause?: unknown }).cause, depth++) {
    if (isSystemError(current)) return current;
  }
  return null;
}

/**
 * The text the CLI prints for `e` (ending in a newline). User errors and system errors are one line;
 * other errors (bugs) say so and how to see the stack. With `debug` the stack follows.
 */
export function formatCliError(e: unknown, debug = false): string {
  let line: string;
  const system = e instanceof AtelierError ? null : systemErrorIn(e);
  if (e instanceof AtelierError) line = e.message;
  else if (system) line = describeSystemError(system);
  else if (e instanceof Error) line = `unexpected error: ${e.message || e.name}. This is a bug in atelier; ATELIER_DEBUG=1 shows where it happened`;
  else line = `unexpected error: ${String(e)}`;
  const stack = debug && e instanceof Error && e.stack ? `\n${e.stack}` : '';
  return `atelier: ${line}${stack}\n`;
}

/**
 * Makes errors that escape the command's promise (an `'error'` event, a rejection nobody awaits)
 * print like the others, and treats a closed output pipe (`atelier ... | head -1`) as the end of the
 * reader's interest: the program exits quietly instead of dumping Node's EPIPE stack.
 */
export function installCliProcessHandlers(stderr: { write(text: string): unknown } = process.stderr): void {
  const fail = (e: unknown): void => {
    if (isSystemError(e) && e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    stderr.write(formatCliError(e, debugEnabled()));
    process.exit(1);
  };
  process.stdout.on('error', fail);
  process.on('uncaughtException', fail);
  process.on('unhandledRejection', fail);
}
