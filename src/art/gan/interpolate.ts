/**
 * Latent walks: spherical interpolation (slerp) between random latent points, drawn as a PNG strip
 * or an animated GIF (encoded with the `gifenc` package).
 * @module
 */
import { extname } from 'node:path';
import gifenc from 'gifenc';
import { ArgumentError } from '../../errors.js';
import { Random } from '../../tensor/random.js';
import { tensor } from '../../tensor/creation.js';
import type { Tensor } from '../../tensor/tensor.js';
import { writeFileAtomic } from '../../io/index.js';
import { generate, gridPng, toUnitRange } from './pictures.js';
import { loadGanGenerator, type GanState } from './run-folder.js';
import { classIndexOf, sampleLabels, sampleNoise } from './sample.js';

/**
 * Spherical interpolation between `a` and `b` at `t` in [0, 1]: along the great circle between their
 * directions, with the norm interpolated too (Shoemake 1985; White 2016 for GAN latents, where the
 * straight line passes through improbably short vectors). Falls back to a straight line for
 * (anti)parallel vectors.
 */
export function slerp(a: Float32Array, b: Float32Array, t: number): Float32Array {
  if (a.length !== b.length) throw new ArgumentError(`slerp: vectors of lengths ${a.length} and ${b.length}`);
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  const cos = Math.min(1, Math.max(-1, dot / Math.sqrt(na * nb || 1)));
  const omega = Math.acos(cos);
  const out = new Float32Array(a.length);
  if (Math.abs(Math.sin(omega)) < 1e-6) {
    for (let i = 0; i < a.length; i++) out[i] = (1 - t) * a[i]! + t * b[i]!;
    return out;
  }
  const wa = Math.sin((1 - t) * omega) / Math.sin(omega);
  const wb = Math.sin(t * omega) / Math.sin(omega);
  for (let i = 0; i < a.length; i++) out[i] = wa * a[i]! + wb * b[i]!;
  return out;
}

/** Options of {@link latentWalk}. */
export interface LatentWalkOptions {
  /** Frames per segment, both ends included (default 8). */
  steps?: number;
  /** Latent key points the walk visits (default 2: one segment). */
  points?: number;
  /** Seeds the key points (default 0). */
  seed?: number;
  /** Class of every frame (conditional runs; default the first class). */
  className?: string;
  truncation?: number;
  op?: string;
}

/** A walk's frames: `[segments · steps, size, size, channels]` in [0, 1]. */
export interface LatentWalk {
  readonly frames: Tensor;
  readonly segments: number;
  readonly steps: number;
  readonly className: string | null;
}

/** Generates the frames of a walk through `points` random latent points with a loaded generator. */
export function walkFrames(generator: Parameters<typeof generate>[0], state: GanState, options: LatentWalkOptions = {}): LatentWalk {
  const op = options.op ?? 'latentWalk';
  const steps = options.steps ?? 8;
  const points = options.points ?? 2;
  if (!(Number.isInteger(steps) && steps >= 2)) throw new ArgumentError(`${op}: steps must be an integer >= 2, got ${steps}`);
  if (!(Number.isInteger(points) && points >= 2)) throw new ArgumentError(`${op}: points must be an integer >= 2, got ${points}`);
  const arch = state.settings.architecture;
  const fixed = classIndexOf(op, state, options.className) ?? (arch.numClasses > 0 ? 0 : null);
  const keys = sampleNoise(new Random(options.seed ?? 0), points, arch.latentDim, options.truncation).values as Float32Array;
  const d = arch.latentDim;
  const segments = points - 1;
  const z = new Float32Array(segments * steps * d);
  for (let s = 0; s < segments; s++) {
    const a = keys.subarray(s * d, (s + 1) * d);
    const b = keys.subarray((s + 1) * d, (s + 2) * d);
    for (let j = 0; j < steps; j++) z.set(slerp(a, b, j / (steps - 1)), (s * steps + j) * d);
  }
  const n = segments * steps;
  const frames = toUnitRange(generate(generator, tensor(z, [n, d]), sampleLabels(n, arch.numClasses, fixed)));
  return { frames, segments, steps, className: fixed === null ? null : state.settings.classNames[fixed]! };
}

/** Loads the run's generator and generates a walk (see {@link walkFrames}). */
export function latentWalk(runDir: string, options: LatentWalkOptions = {}): LatentWalk {
  const { generator, state } = loadGanGenerator(runDir, options.op ?? 'latentWalk');
  return walkFrames(generator, state, options);
}

/** Frames `[N, H, W, C]` in [0, 1] as an animated GIF that loops (forward, then back), enlarged by `scale`. */
export function encodeGif(frames: Tensor, options: { scale?: number; delayMs?: number; pingPong?: boolean } = {}): Uint8Array {
  const [n, h, w, c] = frames.shape as [number, number, number, number];
  const scale = options.scale ?? Math.max(1, Math.floor(128 / Math.max(h, w)));
  const W = w * scale;
  const H = h * scale;
  const values = frames.values as Float32Array;
  const order = Array.from({ length: n }, (_, i) => i);
  if (options.pingPong ?? true) for (let i = n - 2; i > 0; i--) order.push(i);
  const gif = gifenc.GIFEncoder();
  for (const f of order) {
    const rgba = new Uint8Array(W * H * 4);
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const src = ((f * h + Math.floor(y / scale)) * w + Math.floor(x / scale)) * c;
        const o = (y * W + x) * 4;
        for (let k = 0; k < 3; k++) rgba[o + k] = Math.round(Math.min(1, Math.max(0, values[src + (c === 3 ? k : 0)]!)) * 255);
        rgba[o + 3] = 255;
      }
    }
    const palette = gifenc.quantize(rgba, 256);
    gif.writeFrame(gifenc.applyPalette(rgba, palette), W, H, { palette, delay: options.delayMs ?? 80 });
  }
  gif.finish();
  return gif.bytes();
}

/**
 * Writes a walk: `.png` gets a strip (one row per segment, `steps` columns), `.gif` an animation.
 * @example await writeWalk(latentWalk('runs/digits', { steps: 10 }), 'walk.gif');
 */
export async function writeWalk(walk: LatentWalk, out: string): Promise<string> {
  const ext = extname(out).toLowerCase();
  if (ext === '.png') {
    await gridPng(walk.frames, { columns: walk.steps, path: out });
    return `${out} (${walk.segments} row${walk.segments === 1 ? '' : 's'} of ${walk.steps} frames)`;
  }
  if (ext === '.gif') {
    await writeFileAtomic(out, encodeGif(walk.frames));
    return `${out} (${walk.frames.shape[0]} frames, looping)`;
  }
  throw new ArgumentError(`interpolate: ${out}: the walk is written as a .png strip or a .gif animation, not '${ext || 'no extension'}'`);
}
