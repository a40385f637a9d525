/**
 * Zero padding of images.
 * @module
 */
import type { Tensor } from '../../../tensor/tensor.js';
import { pad } from '../../../ops/slicing.js';
import { Layer, type CallContext, type LayerOptions } from '../../layer.js';
import type { SymbolicShape } from '../../symbolic.js';
import { registerLayer } from '../registry.js';
import { layerArgumentError, singleShape } from '../layer-utils.js';
import { expectImage } from '../convolutional/conv-utils.js';

/** Options of {@link ZeroPadding2D}. */
export interface ZeroPadding2DOptions extends LayerOptions {
  /** `p` on every side, `[ph, pw]` symmetric, or `[[top, bottom], [left, right]]`. Default 1. */
  padding?: number | [number, number] | [[number, number], [number, number]];
}

/**
 * Adds rows and columns of zeros around NHWC images: `[batch, h, w, c]` → `[batch, h + top + bottom, w + left + right, c]`.
 * @example layers.zeroPadding2d({ padding: [[0, 1], [0, 1]] })   // pad bottom and right
 */
export class ZeroPadding2D extends Layer {
  /** `[[top, bottom], [left, right]]`. */
  readonly padding: [[number, number], [number, number]];

  constructor(options: ZeroPadding2DOptions = {}) {
    super(options);
    const p = options.padding ?? 1;
    const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
    const isPair = (v: unknown): v is [number, number] => Array.isArray(v) && v.length === 2 && v.every(isCount);
    if (isCount(p)) this.padding = [[p, p], [p, p]];
    else if (isPair(p)) this.padding = [[p[0], p[0]], [p[1], p[1]]];
    else if (Array.isArray(p) && p.length === 2 && p.every(isPair)) this.padding = [[p[0][0], p[0][1]], [p[1][0], p[1][1]]];
    else throw layerArgumentError('ZeroPadding2D', `padding must be an integer >= 0, [height, width] or [[top, bottom], [left, right]], got ${JSON.stringify(p)}`);
  }

  override call(inputs: Tensor | Tensor[], _context: CallContext): Tensor {
    const [[top, bottom], [left, right]] = this.padding;
    return pad(Array.isArray(inputs) ? inputs[0]! : inputs, [[0, 0], [top, bottom], [left, right], [0, 0]]);
  }

  override computeOutputShape(inputShape: SymbolicShape | SymbolicShape[]): SymbolicShape {
    const shape = singleShape(this, inputShape);
    expectImage(this, shape);
    const [[top, bottom], [left, right]] = this.padding;
    const grow = (d: number | null | undefined, by: number) => (d === null || d === undefined ? null : d + by);
    return [shape[0] ?? null, grow(shape[1], top + bottom), grow(shape[2], left + right), shape[3] ?? null];
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), padding: this.padding };
  }
}

registerLayer('ZeroPadding2D', ZeroPadding2D);
