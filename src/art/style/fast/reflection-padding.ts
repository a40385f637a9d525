/**
 * Reflection padding and cropping of images, for fast style-transfer networks: a convolution over
 * an image padded with zeros sees a dark frame at the border, and a network trained that way paints
 * one; mirroring the input by a margin and cropping it from the output moves the frame out of the picture.
 * @module
 */
import { ArgumentError } from '../../../errors.js';
import type { Tensor } from '../../../tensor/tensor.js';
import { pad, slice } from '../../../ops/slicing.js';
import { Layer, type CallContext, type LayerOptions } from '../../../nn/layer.js';
import type { SymbolicShape } from '../../../nn/symbolic.js';
import { registerLayer } from '../../../nn/layers/index.js';

/** Options of {@link ReflectionPadding2D}. */
export interface ReflectionPadding2DOptions extends LayerOptions {
  /** Rows and columns mirrored on every side (without repeating the edge pixel), default 1. */
  padding?: number;
}

/**
 * Pads NHWC images by mirroring them at their edges (PyTorch's `ReflectionPad2d`):
 * `[batch, h, w, c]` → `[batch, h + 2p, w + 2p, c]`. Images must be larger than `p` on each side.
 * @example new ReflectionPadding2D({ padding: 4 })   // before a 9x9 'valid' convolution
 */
export class ReflectionPadding2D extends Layer {
  readonly padding: number;

  constructor(options: ReflectionPadding2DOptions = {}) {
    super(options);
    const p = options.padding ?? 1;
    if (!(Number.isInteger(p) && p >= 0)) throw new ArgumentError(`ReflectionPadding2D: padding must be an integer >= 0, got ${String(p)}`);
    this.padding = p;
  }

  override call(inputs: Tensor | Tensor[], _context: CallContext): Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    const p = this.padding;
    if (p === 0) return x;
    const [, h, w] = x.shape as [number, number, number, number];
    if (h <= p || w <= p) throw new ArgumentError(`${this.name}: a ${w}x${h} image is too small to mirror ${p} pixels at each edge; give images of at least ${p + 1}x${p + 1} at this layer`);
    return pad(x, [[0, 0], [p, p], [p, p], [0, 0]], 'reflect');
  }

  override computeOutputShape(inputShape: SymbolicShape | SymbolicShape[]): SymbolicShape {
    const shape = imageShape(this.name, inputShape);
    const grow = (d: number | null | undefined) => (d === null || d === undefined ? null : d + 2 * this.padding);
    return [shape[0] ?? null, grow(shape[1]), grow(shape[2]), shape[3] ?? null];
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), padding: this.padding };
  }
}

registerLayer('ReflectionPadding2D', ReflectionPadding2D);

/** Options of {@link Cropping2D}. */
export interface Cropping2DOptions extends LayerOptions {
  /** Rows and columns removed on every side, default 1. */
  cropping?: number;
}

/**
 * Removes `cropping` rows and columns on every side of NHWC images (Keras's `Cropping2D` with one
 * number): `[batch, h, w, c]` → `[batch, h − 2p, w − 2p, c]`; undoes {@link ReflectionPadding2D}.
 */
export class Cropping2D extends Layer {
  readonly cropping: number;

  constructor(options: Cropping2DOptions = {}) {
    super(options);
    const p = options.cropping ?? 1;
    if (!(Number.isInteger(p) && p >= 0)) throw new ArgumentError(`Cropping2D: cropping must be an integer >= 0, got ${String(p)}`);
    this.cropping = p;
  }

  override call(inputs: Tensor | Tensor[], _context: CallContext): Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    const p = this.cropping;
    const [b, h, w, c] = x.shape as [number, number, number, number];
    if (h <= 2 * p || w <= 2 * p) throw new ArgumentError(`${this.name}: cannot crop ${p} pixels from each edge of a ${w}x${h} image`);
    return p === 0 ? x : slice(x, [0, p, p, 0], [b, h - 2 * p, w - 2 * p, c]);
  }

  override computeOutputShape(inputShape: SymbolicShape | SymbolicShape[]): SymbolicShape {
    const shape = imageShape(this.name, inputShape);
    const shrink = (d: number | null | undefined) => (d === null || d === undefined ? null : d - 2 * this.cropping);
    return [shape[0] ?? null, shrink(shape[1]), shrink(shape[2]), shape[3] ?? null];
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), cropping: this.cropping };
  }
}

registerLayer('Cropping2D', Cropping2D);

function imageShape(name: string, inputShape: SymbolicShape | SymbolicShape[]): SymbolicShape {
  const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as SymbolicShape;
  if (shape.length !== 4) throw new ArgumentError(`${name}: expects images [batch, height, width, channels], got [${shape.join(',')}]`);
  return shape;
}
