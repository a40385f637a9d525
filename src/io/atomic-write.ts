/**
 * Atomic file writes: readers see the old file or the new one, never half of it.
 * @module
 */
import { mkdir, open, rename, rm } from '../host/node-fs-promises.js';
import { appendFileSync, closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from '../host/node-fs.js';
import { dirname } from '../host/node-path.js';
import { randomBytes } from '../host/node-misc.js';

/** A temporary name beside `path`: same folder, so the final rename cannot cross file systems. */
function temporaryPath(path: string): string {
  return `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
}

/**
 * Names `path` on a system error that has no path of its own (a failed `write` or `fsync` on an open
 * file reports only `ENOSPC: no space left on device, write`), so that the report says which file.
 */
export function namePath(error: unknown, path: string): unknown {
  const e = error as { code?: unknown; path?: unknown; message?: unknown };
  if (error instanceof Error && typeof e.code === 'string' && e.path === undefined) {
    e.path = path;
    error.message = `${error.message} (writing '${path}')`;
  }
  return error;
}

/**
 * Writes `bytes` to `path` through a temporary file in the same folder, fsync, then rename
 * (atomic on POSIX file systems). Creates missing parent folders.
 */
export async function writeFileAtomic(path: string, bytes: Uint8Array | string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = temporaryPath(path);
  const handle = await open(temp, 'w');
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temp, { force: true });
    throw namePath(error, path);
  }
  await handle.close();
  try {
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/**
 * The synchronous form of {@link writeFileAtomic}, for code that must not yield between checking and
 * writing (checkpoints written from a training callback). Also flushes the folder entry so the
 * rename survives a crash where the platform allows it.
 */
export function writeFileAtomicSync(path: string, data: Uint8Array | string): void {
  mkdirSync(dirname(path), { recursive: true });
  const temp = temporaryPath(path);
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  let fd: number | null = null;
  try {
    fd = openSync(temp, 'wx');
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
    fsyncSync(fd);
    closeSync(fd);
    fd = null;
    renameSync(temp, path);
  } catch (e) {
    if (fd !== null) closeSync(fd);
    rmSync(temp, { force: true });
    throw namePath(e, path);
  }
  syncFolder(dirname(path));
}

/** Flushes a folder's entry list (best effort: Windows cannot open folders; the rename is atomic there anyway). */
export function syncFolder(dir: string): void {
  let fd: number | null = null;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Not supported here; nothing more to do.
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/**
 * Appends `line` to `path` in a single write on a file opened with O_APPEND, so readers and crashes
 * see whole lines only, and lines from several writers never interleave.
 */
export function appendLineAtomic(path: string, line: string): void {
  appendFileSync(path, line.endsWith('\n') ? line : `${line}\n`, { encoding: 'utf8', flag: 'a' });
}
