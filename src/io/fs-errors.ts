/**
 * Words for file-system error codes, so that a symlink loop is not reported as "does not exist"
 * and an unreadable file not as "not an image".
 * @module
 */

/** The code of a Node system error, or undefined. */
export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Why a path could not be used, for `stat`/`open`/`readdir` failures: `does not exist`, `is a
 * symbolic link loop (ELOOP)`, `cannot be read: permission denied (EACCES)`...
 */
export function describeFsError(error: unknown): string {
  const code = errorCode(error);
  switch (code) {
    case 'ENOENT': return 'does not exist';
    case 'ELOOP': return 'is a symbolic link loop (ELOOP): the link leads back to itself; fix or remove it';
    case 'EACCES': return 'cannot be read: permission denied (EACCES); check its permissions and those of its folders';
    case 'EPERM': return 'cannot be read: operation not permitted (EPERM); check its permissions';
    case 'ENOTDIR': return 'does not exist (ENOTDIR: a part of the path is a file, not a folder)';
    case 'ENAMETOOLONG': return 'has a name that is too long (ENAMETOOLONG)';
    case 'EMFILE': case 'ENFILE': return `cannot be opened: too many open files (${code}); raise the limit (ulimit -n)`;
    case 'EIO': return 'cannot be read: input/output error (EIO); check the disk';
    default: return `cannot be read (${code ?? (error instanceof Error ? error.message : String(error))})`;
  }
}
