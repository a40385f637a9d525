/**
 * Snapshot folders: the one mechanism every writer of models and run folders uses to make a new
 * state visible all at once.
 *
 * A snapshot is a sub-folder named `<kind>-<sequence>` (`model-000012`, `checkpoint-000015`) that
 * holds every file of one state (a model's config, weights and optimizer state, and whatever the
 * task keeps beside them). It is written under a staging name (`.staging-<kind>-<pid>-<random>`),
 * each file and the folder are flushed to disk, and only then is the folder renamed to its final
 * name: a single atomic step. Readers take the complete snapshot with the highest sequence number of
 * a kind, so a crash at any moment leaves either the previous complete state or the new complete
 * one, never a mix. Older snapshots are pruned only after the new one is in place (renamed to a
 * trash name first, so a half-deleted folder never carries a snapshot's name), and staging, trash
 * and temporary files left by processes that no longer run are removed on the next commit.
 * @module
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync, writeSync } from '../host/node-fs.js';
import { join } from '../host/node-path.js';
import { randomBytes } from '../host/node-misc.js';
import { ArgumentError } from '../errors.js';
import { namePath, syncFolder } from './atomic-write.js';

/** A complete snapshot found in a folder. */
export interface Snapshot {
  /** Its folder (`dir/model-000012`). */
  readonly path: string;
  /** Its folder's name (`model-000012`). */
  readonly name: string;
  readonly kind: string;
  /** Increases with every commit into the same folder. */
  readonly sequence: number;
}

/** The files of a snapshot, by file name (no sub-folders): text is written as UTF-8. */
export type SnapshotFiles = ReadonlyMap<string, Uint8Array | string> | Readonly<Record<string, Uint8Array | string>>;

/** Options of {@link commitSnapshot}. */
export interface CommitOptions {
  /** Complete snapshots of the same kind to keep, counting the new one (default 1). */
  keep?: number;
}

const KIND = /^[a-z][a-z0-9]*$/;
const SNAPSHOT_NAME = /^([a-z][a-z0-9]*)-(\d{6,})$/;
/** Staging and trash folders and `writeFileAtomic` temporaries carry the writer's process id. */
const LEFTOVER = /^\.(?:staging|trash)-[a-z0-9]+-(\d+)-[0-9a-f]+$|\.(\d+)\.[0-9a-f]+\.tmp$/;

function checkKind(kind: string): void {
  if (!KIND.test(kind)) throw new ArgumentError(`snapshots: kind must be lower-case letters and digits, got '${kind}'`);
}

function entries(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
}

/** Every complete snapshot of `kind` in `dir`, oldest first (none when `dir` does not exist). */
export function listSnapshots(dir: string, kind: string): Snapshot[] {
  checkKind(kind);
  const found: Snapshot[] = [];
  for (const name of entries(dir)) {
    const match = SNAPSHOT_NAME.exec(name);
    if (!match || match[1] !== kind) continue;
    found.push({ path: join(dir, name), name, kind, sequence: Number(match[2]) });
  }
  return found.sort((a, b) => a.sequence - b.sequence);
}

/** The newest complete snapshot of `kind` in `dir`, or null. */
export function latestSnapshot(dir: string, kind: string): Snapshot | null {
  return listSnapshots(dir, kind).at(-1) ?? null;
}

/** True when process `pid` is still running (signal 0 probes without signalling). */
function isRunning(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes what writers that no longer run left in `dir`: staging folders of unfinished snapshots,
 * trash folders of interrupted prunes, and `*.tmp` files of interrupted atomic writes. Leftovers of
 * running processes (including this one) are kept. Returns the names removed.
 */
export function removeLeftovers(dir: string): string[] {
  const removed: string[] = [];
  for (const name of entries(dir)) {
    const match = LEFTOVER.exec(name);
    if (!match) continue;
    if (isRunning(Number(match[1] ?? match[2]))) continue;
    rmSync(join(dir, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}

function writeDurably(path: string, data: Uint8Array | string): void {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const fd = openSync(path, 'wx');
  try {
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** The `[name, contents]` pairs of `files`, checked: plain file names, text or bytes. */
export function snapshotFileEntries(files: SnapshotFiles): [string, Uint8Array | string][] {
  const list = files instanceof Map ? [...(files as ReadonlyMap<string, Uint8Array | string>)] : Object.entries(files as Record<string, Uint8Array | string>);
  for (const [name, data] of list) {
    if (!/^[^/\\]+$/.test(name) || name === '.' || name === '..') throw new ArgumentError(`snapshots: file name '${name}' must be a plain name without folders`);
    if (typeof data !== 'string' && !(data instanceof Uint8Array)) throw new ArgumentError(`snapshots: file '${name}' must be a string or bytes, got ${typeof data}`);
  }
  return list;
}

function nextSequence(dir: string, kind: string): number {
  return (latestSnapshot(dir, kind)?.sequence ?? 0) + 1;
}

/**
 * Writes `files` as a new snapshot of `kind` in `dir` (created if needed) and makes it visible in
 * one atomic rename; then prunes older snapshots of the kind beyond `keep` and removes leftovers of
 * dead writers. If anything fails (a full disk, a permission), the staging folder is removed and the
 * error is thrown unchanged: the previous snapshot is untouched.
 *
 * @example commitSnapshot('runs/mnist', 'model', { 'model.json': json, 'weights.safetensors': bytes })
 */
export function commitSnapshot(dir: string, kind: string, files: SnapshotFiles, options: CommitOptions = {}): Snapshot {
  checkKind(kind);
  const keep = options.keep ?? 1;
  if (!Number.isInteger(keep) || keep < 1) throw new ArgumentError(`snapshots: keep must be a positive integer, got ${keep}`);
  const list = snapshotFileEntries(files);
  mkdirSync(dir, { recursive: true });
  if (!statSync(dir).isDirectory()) throw new ArgumentError(`snapshots: ${dir} exists and is not a folder`);
  removeLeftovers(dir);
  const staging = join(dir, `.staging-${kind}-${process.pid}-${randomBytes(4).toString('hex')}`);
  let snapshot: Snapshot;
  try {
    mkdirSync(staging);
    for (const [name, data] of list) {
      try {
        writeDurably(join(staging, name), data);
      } catch (e) {
        // Name the file where the user will look for it, not the staging folder.
        throw namePath(e, join(dir, name));
      }
    }
    syncFolder(staging);
    snapshot = publish(dir, kind, staging);
  } catch (e) {
    rmSync(staging, { recursive: true, force: true });
    throw e;
  }
  syncFolder(dir);
  prune(dir, kind, keep);
  return snapshot;
}

/** Renames `staging` to the next free `<kind>-<sequence>` (another writer may take a number first). */
function publish(dir: string, kind: string, staging: string): Snapshot {
  for (let attempt = 0; ; attempt++) {
    const sequence = nextSequence(dir, kind);
    const name = `${kind}-${String(sequence).padStart(6, '0')}`;
    const path = join(dir, name);
    try {
      renameSync(staging, path);
      return { path, name, kind, sequence };
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if ((code !== 'ENOTEMPTY' && code !== 'EEXIST' && code !== 'EPERM') || attempt >= 16) throw e;
    }
  }
}

/** Removes the oldest snapshots of `kind` beyond `keep`: renamed to trash first, then deleted. */
function prune(dir: string, kind: string, keep: number): void {
  const all = listSnapshots(dir, kind);
  for (const old of all.slice(0, Math.max(0, all.length - keep))) removeSnapshot(old);
}

/** Deletes one snapshot safely (trash rename first, so no half-deleted folder keeps its name). */
export function removeSnapshot(snapshot: Snapshot): void {
  const trash = join(snapshot.path, '..', `.trash-${snapshot.kind}-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    renameSync(snapshot.path, trash);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  rmSync(trash, { recursive: true, force: true });
}
