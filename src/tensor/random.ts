/**
 * Seeded random numbers. Every source of randomness in atelier (initializers, dropout, shuffling,
 * augmentation, sampling) takes a {@link Random}, so any run can be reproduced from its seed.
 * @module
 */
import { ArgumentError, ShapeError, formatShape } from '../errors.js';
import { empty } from './creation.js';
import { assertValidShape, type Shape } from './shape.js';
import type { Tensor } from './tensor.js';

/**
 * A seeded pseudo-random generator (xoshiro128**, seeded through splitmix32).
 *
 * @example
 * const rng = new Random(42);
 * const w = rng.normal([784, 10], 0, 0.05);
 * const order = rng.permutation(60000);
 */
export class Random {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spareNormal: number | null = null;

  constructor(seed = 0) {
    if (!Number.isFinite(seed)) throw new ArgumentError(`Random: seed must be a finite number, got ${seed}`);
    let x = Math.trunc(seed) >>> 0;
    const next = (): number => {
      // splitmix32
      x = (x + 0x9e3779b9) | 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
  }

  /** The next raw 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** A float in [0, 1) with 32 bits of randomness. */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** A standard normal sample (Box–Muller, pairs cached). */
  nextNormal(): number {
    if (this.spareNormal !== null) {
      const v = this.spareNormal;
      this.spareNormal = null;
      return v;
    }
    let u = 0;
    while (u === 0) u = this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** An integer in [low, high). */
  nextInt(low: number, high: number): number {
    if (!(high > low)) throw new ArgumentError(`Random.nextInt: high ${high} must exceed low ${low}`);
    return low + Math.floor(this.next() * (high - low));
  }

  /** A new generator whose stream is independent of this one's future draws. */
  fork(): Random {
    return new Random(this.nextUint32());
  }

  /** float32 tensor of samples uniform in [min, max). */
  uniform(shape: Shape, min = 0, max = 1): Tensor {
    return this.fill('uniform', shape, () => min + (max - min) * this.next());
  }

  /** float32 tensor of normal samples. */
  normal(shape: Shape, mean = 0, std = 1): Tensor {
    return this.fill('normal', shape, () => mean + std * this.nextNormal());
  }

  /** float32 normal samples redrawn until within two standard deviations (as Keras and PyTorch truncate). */
  truncatedNormal(shape: Shape, mean = 0, std = 1): Tensor {
    return this.fill('truncatedNormal', shape, () => {
      let z: number;
      do z = this.nextNormal();
      while (Math.abs(z) > 2);
      return mean + std * z;
    });
  }

  /** bool tensor, true with probability `p`. */
  bernoulli(shape: Shape, p = 0.5): Tensor {
    if (!(p >= 0 && p <= 1)) throw new ArgumentError(`Random.bernoulli: p must be in [0, 1], got ${p}`);
    return this.fill('bernoulli', shape, () => (this.next() < p ? 1 : 0), 'bool');
  }

  /** int32 tensor of integers uniform in [low, high). */
  integers(shape: Shape, low: number, high: number): Tensor {
    return this.fill('integers', shape, () => this.nextInt(low, high), 'int32');
  }

  /** A random permutation of 0..n-1 as an Int32Array (Fisher–Yates). */
  permutation(n: number): Int32Array {
    if (!Number.isInteger(n) || n < 0) throw new ArgumentError(`Random.permutation: n must be a non-negative integer, got ${n}`);
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const t = p[i]!;
      p[i] = p[j]!;
      p[j] = t;
    }
    return p;
  }

  /**
   * Draws `numSamples` class indices per row from unnormalised log-probabilities `logits`
   * (`[classes]` or `[batch, classes]`); returns int32 `[batch, numSamples]` (or `[numSamples]`).
   * @param temperature divides the logits first: below 1 sharpens, above 1 flattens.
   */
  categorical(logits: Tensor, numSamples = 1, temperature = 1): Tensor {
    if (logits.rank !== 1 && logits.rank !== 2) {
      throw new ShapeError(`Random.categorical: logits ${formatShape(logits.shape)} must be [classes] or [batch, classes]`);
    }
    if (!(temperature > 0)) throw new ArgumentError(`Random.categorical: temperature must be positive, got ${temperature}`);
    const classes = logits.shape[logits.rank - 1]!;
    const rows = logits.rank === 2 ? logits.shape[0]! : 1;
    const values = logits.values;
    const out = empty(logits.rank === 2 ? [rows, numSamples] : [numSamples], 'int32');
    const o = out.values;
    const probs = new Float64Array(classes);
    for (let r = 0; r < rows; r++) {
      let maxLogit = -Infinity;
      for (let c = 0; c < classes; c++) maxLogit = Math.max(maxLogit, values[r * classes + c]! / temperature);
      let total = 0;
      for (let c = 0; c < classes; c++) total += probs[c] = Math.exp(values[r * classes + c]! / temperature - maxLogit);
      for (let s = 0; s < numSamples; s++) {
        let u = this.next() * total;
        let c = 0;
        while (c < classes - 1 && u >= probs[c]!) u -= probs[c++]!;
        o[r * numSamples + s] = c;
      }
    }
    return out;
  }

  private fill(op: string, shape: Shape, draw: () => number, dtype: 'float32' | 'int32' | 'bool' = 'float32'): Tensor {
    assertValidShape(`Random.${op}`, shape);
    const t = empty(shape, dtype);
    const v = t.values;
    for (let i = 0; i < v.length; i++) v[i] = draw();
    return t;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
