/**
 * Elementwise sum of several inputs (residual connections).
 * @module
 */
import type { Tensor } from '../../../tensor/tensor.js';
import { add } from '../../../ops/arithmetic.js';
import { Layer, type CallContext, type LayerOptions } from '../../layer.js';
import type { SymbolicShape } from '../../symbolic.js';
import { registerLayer } from '../registry.js';
import { formatSymbolicShape, layerShapeError } from '../layer-utils.js';

/**
 * Sums two or more inputs, broadcast as NumPy does (axes of size 1 stretch).
 * @example const y = layers.add().apply([x, shortcut]);
 */
export class Add extends Layer {
  constructor(options: LayerOptions = {}) {
    super(options);
  }

  override call(inputs: Tensor | Tensor[], _context: CallContext): Tensor {
    const list = Array.isArray(inputs) ? inputs : [inputs];
    return list.slice(1).reduce((sum, t) => add(sum, t), list[0]!);
  }

  override computeOutputShape(inputShape: SymbolicShape | SymbolicShape[]): SymbolicShape {
    return broadcastInputShapes(this, inputShape);
  }
}

/** The broadcast of two or more input shapes (unknown sizes stay unknown unless another input fixes them); throws naming the layer. */
export function broadcastInputShapes(layer: Layer, inputShape: SymbolicShape | SymbolicShape[]): SymbolicShape {
  const shapes = inputShape.length > 0 && Array.isArray(inputShape[0]) ? (inputShape as SymbolicShape[]) : null;
  if (!shapes || shapes.length < 2) {
    throw layerShapeError(layer, `expects a list of at least 2 inputs, got ${shapes ? shapes.length : `one input ${formatSymbolicShape(inputShape as SymbolicShape)}`}`);
  }
  const rank = Math.max(...shapes.map((s) => s.length));
  const out: (number | null)[] = [];
  for (let i = 0; i < rank; i++) {
    let size: number | null = 1;
    let unknown = false;
    for (const s of shapes) {
      const d = s[i - (rank - s.length)];
      if (d === undefined || d === 1) continue;
      if (d === null) unknown = true;
      else if (size === 1) size = d;
      else if (size !== d) throw layerShapeError(layer, `inputs ${shapes.map(formatSymbolicShape).join(' and ')} cannot be broadcast together (axis ${i}: ${size} vs ${d})`);
    }
    out.push(size === 1 && unknown ? null : size);
  }
  return out;
}

registerLayer('Add', Add);
