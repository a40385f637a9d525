/**
 * Concatenation of several inputs along one axis.
 * @module
 */
import type { Tensor } from '../../../tensor/tensor.js';
import { concat } from '../../../ops/slicing.js';
import { Layer, type CallContext, type LayerOptions } from '../../layer.js';
import type { SymbolicShape } from '../../symbolic.js';
import { registerLayer } from '../registry.js';
import { formatSymbolicShape, layerArgumentError, layerShapeError } from '../layer-utils.js';

/** Options of {@link Concatenate}. */
export interface ConcatenateOptions extends LayerOptions {
  /** The axis to join along (default -1, the features or channels). Not the batch axis. */
  axis?: number;
}

/**
 * Joins two or more inputs along `axis`; the other axes must match.
 * @example const merged = layers.concatenate().apply([skip, upsampled]);  // U-Net skip connection
 */
export class Concatenate extends Layer {
  readonly axis: number;

  constructor(options: ConcatenateOptions = {}) {
    super(options);
    this.axis = options.axis ?? -1;
    if (!Number.isInteger(this.axis)) throw layerArgumentError('Concatenate', `axis must be an integer, got ${this.axis}`);
  }

  override call(inputs: Tensor | Tensor[], _context: CallContext): Tensor {
    const list = Array.isArray(inputs) ? inputs : [inputs];
    return concat(list, this.axis < 0 ? list[0]!.rank + this.axis : this.axis);
  }

  override computeOutputShape(inputShape: SymbolicShape | SymbolicShape[]): SymbolicShape {
    const shapes = inputShape.length > 0 && Array.isArray(inputShape[0]) ? (inputShape as SymbolicShape[]) : null;
    if (!shapes || shapes.length < 2) {
      throw layerShapeError(this, `expects a list of at least 2 inputs, got ${shapes ? shapes.length : `one input ${formatSymbolicShape(inputShape as SymbolicShape)}`}`);
    }
    const rank = shapes[0]!.length;
    const axis = this.axis < 0 ? rank + this.axis : this.axis;
    const describe = () => shapes.map(formatSymbolicShape).join(', ');
    if (axis < 1 || axis >= rank) throw layerShapeError(this, `axis ${this.axis} is not a non-batch axis of inputs ${describe()}`);
    const out: (number | null)[] = [...shapes[0]!];
    for (const s of shapes.slice(1)) {
      if (s.length !== rank) throw layerShapeError(this, `inputs ${describe()} have different ranks`);
      s.forEach((d, i) => {
        if (i === axis) out[i] = out[i] === null || d === null ? null : out[i]! + d;
        else if (out[i] === null) out[i] = d;
        else if (d !== null && d !== out[i]) throw layerShapeError(this, `inputs ${describe()} differ on axis ${i}; only axis ${axis} may differ`);
      });
    }
    return out;
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), axis: this.axis };
  }
}

registerLayer('Concatenate', Concatenate);
