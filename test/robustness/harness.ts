/**
 * Helpers of the robustness suite: hashing a folder to prove nothing the user had changed, running
 * the CLI in a child process (as another user where the test needs permissions to bite), hostile
 * inputs made with sharp, and the checks every CLI failure must pass.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, lstatSync, mkdirSync, readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

/** The compiled CLI entry point. */
export const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

/**
 * A fingerprint of everything under `dir`: each entry's relative path, type, mode and content (a
 * symlink's target, a file's bytes). Equal fingerprints: nothing was added, removed or changed.
 */
export function hashTree(dir: string): string {
  const hash = createHash('sha256');
  const walk = (folder: string, rel: string): void => {
    for (const name of readdirSync(folder).sort()) {
      const path = join(folder, name);
      const info = lstatSync(path);
      hash.update(`${rel}/${name}\0${info.mode}\0`);
      if (info.isSymbolicLink()) hash.update(`-> ${readlinkSync(path)}\0`);
      else if (info.isDirectory()) walk(path, `${rel}/${name}`);
      else if (info.mode & 0o444) hash.update(tryRead(path));
    }
  };
  walk(dir, '');
  return hash.digest('hex');
}

function tryRead(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch {
    return Buffer.from('<unreadable>');
  }
}

/** What a CLI run gave. */
export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Options of {@link runAtelier}. */
export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  /** Run as this user and group (root can drop to `nobody` so that permissions apply). */
  uid?: number;
  /** Prefix the command, e.g. `['unshare', '-m', ...]`; the CLI's argv follows. */
  wrapper?: string[];
  timeoutMs?: number;
}

/** Runs `atelier ...args` in a child process (js backend unless `env` says otherwise). */
export function runAtelier(args: string[], options: RunOptions = {}): Promise<CliRun> {
  const command = [...(options.wrapper ?? []), process.execPath, CLI, ...args];
  return new Promise((resolve, reject) => {
    const child = spawn(command[0]!, command.slice(1), {
      env: { ...process.env, ATELIER_BACKEND: 'js', ATELIER_DEBUG: '', ...options.env },
      ...(options.uid !== undefined ? { uid: options.uid, gid: options.uid } : {}),
      timeout: options.timeoutMs ?? 60_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** True when this process is root: permissions then do not apply to it, only to a child run as `nobody`. */
export const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
/** The user a root test drops to. */
export const NOBODY = 65534;

/** Runs the CLI as a user for whom permissions apply: `nobody` when we are root, else ourselves. */
export function runAsUser(args: string[], options: RunOptions = {}): Promise<CliRun> {
  return runAtelier(args, { ...options, ...(isRoot ? { uid: NOBODY } : {}) });
}

/**
 * Why the CLI cannot run as `nobody` here, or null when it can: `nobody` must be able to execute this
 * Node binary and read the built CLI (a checkout or a Node under a private folder such as /root stops
 * it). Tests that need permissions to apply skip with this reason rather than fail for it.
 */
export function cannotRunAsUser(): string | null {
  if (!isRoot) return null;
  const probe = spawnSync(process.execPath, [CLI, '--help'], { uid: NOBODY, gid: NOBODY, encoding: 'utf8', timeout: 30_000 });
  if (probe.status === 0) return null;
  return `user nobody cannot run ${process.execPath} ${CLI} (${probe.error?.message ?? probe.stderr.trim().split('\n')[0] ?? `exit ${probe.status}`}); make both readable by all to run this test`;
}

/** Makes `dir` and its parents up to `root` readable (and listable) by everyone, for a run as `nobody`. */
export function openForReading(root: string, ...dirs: string[]): void {
  chmodSync(root, 0o755);
  for (const dir of dirs) chmodSync(dir, 0o755);
}

/** True when a private tmpfs can be mounted (root with `unshare -m`): the way to a real ENOSPC. */
export function canMountTmpfs(): boolean {
  if (!isRoot) return false;
  const probe = spawnSync('unshare', ['-m', 'sh', '-c', 'd=$(mktemp -d) && mount -t tmpfs -o size=16k tmpfs "$d" && umount "$d"; s=$?; rmdir "$d"; exit $s'], { encoding: 'utf8', timeout: 10_000 });
  return probe.status === 0;
}

/** Lines of a stack trace (`    at f (file:1:2)`) or Node's internal error dumps. */
const STACK = /^\s+at |node:internal|^\s*\^+\s*$|Node\.js v\d+/m;

/**
 * The checks of every CLI failure: a non-zero exit, `expected` in stderr, no stack trace, and the
 * first line a message (`atelier: ...`, or commander's `error: ...` followed by the usage).
 */
export function assertCleanFailure(run: CliRun, expected: RegExp, what: string): void {
  assert.notEqual(run.status, 0, `${what}: exit code`);
  assert.match(run.stderr, expected, `${what}: stderr`);
  assert.doesNotMatch(run.stderr, STACK, `${what}: no stack trace in stderr:\n${run.stderr}`);
  assert.match(run.stderr, /^(atelier|error): /, `${what}: stderr starts with the message:\n${run.stderr}`);
}

/** Writes a `size × size` PNG of one colour. */
export async function writePng(path: string, size: number, rgb: [number, number, number]): Promise<void> {
  await sharp({ create: { width: size, height: size, channels: 3, background: { r: rgb[0], g: rgb[1], b: rgb[2] } } }).png().toFile(path);
}

/** Writes `root/<class>/<i>.png` for each class: `dark` images dark, `light` light (learnable in an epoch or two). */
export async function writeTwoClasses(root: string, perClass: number, size = 8): Promise<string> {
  for (const [name, base] of [['dark', 20], ['light', 230]] as const) {
    mkdirSync(join(root, name), { recursive: true });
    for (let i = 0; i < perClass; i++) await writePng(join(root, name, `${i}.png`), size, [base, base + (i % 3) * 5, base]);
  }
  return root;
}

/** CRC-32 (IEEE) of PNG chunks. */
function crc32(bytes: Uint8Array): number {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  Buffer.from(data).copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/**
 * A decompression bomb: a PNG of a few hundred bytes whose header claims `width × height` pixels
 * (the pixel data is a tiny deflate stream that would expand to gigabytes if anyone decoded it).
 */
export function pngBomb(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  const idat = Buffer.from([0x78, 0x9c, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01]); // deflate of one zero byte
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', new Uint8Array(0))]);
}
