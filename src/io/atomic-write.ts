/**
 * Crash-safe file writes: a reader sees either the old file or the complete new one, never a
 * half-written file.
 * @module
 */
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync, appendFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

let counter = 0;

/**
 * Writes `data` to `path` atomically: the bytes go to a temporary file in the same folder (so the
 * rename cannot cross file systems), are flushed to disk with fsync, and the temporary file is then
 * renamed over `path`. If anything fails, the temporary file is removed and `path` is untouched.
 */
export function writeFileAtomic(path: string, data: Uint8Array | string): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${counter++}.tmp`);
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  let fd: number | null = null;
  try {
    fd = openSync(tmp, 'wx');
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
    fsyncSync(fd);
    closeSync(fd);
    fd = null;
    renameSync(tmp, path);
  } catch (e) {
    if (fd !== null) closeSync(fd);
    rmSync(tmp, { force: true });
    throw e;
  }
  syncDirectory(dirname(path));
}

/** Flushes a folder's entry list so a completed rename survives a crash (best effort: not every platform allows it). */
function syncDirectory(dir: string): void {
  let fd: number | null = null;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Windows cannot open folders; the rename itself is still atomic there.
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/**
 * Appends `line` to `path` in a single write on a file opened with O_APPEND, so concurrent readers
 * and crashes see whole lines only (a line never interleaves with another writer's).
 */
export function appendLineAtomic(path: string, line: string): void {
  appendFileSync(path, line.endsWith('\n') ? line : `${line}\n`, { encoding: 'utf8', flag: 'a' });
}
