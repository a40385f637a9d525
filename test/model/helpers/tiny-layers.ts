/**
 * Minimal layers for model tests (the real layer zoo lives in nn/layers): a dense layer, a flatten
 * layer and a concatenation, written with the Layer base class only.
 */
import { ShapeError } from '../../../src/errors.js';
import { Layer, type CallContext, type LayerOptions, type Penalty } from '../../../src/nn/layer.js';
import type { SymbolicShape } from '../../../src/nn/symbolic.js';
import { add, matmul, relu, reshape, softmax, mul, sum, square } from '../../../src/ops/index.js';
import type { Tensor } from '../../../src/tensor/tensor.js';
import { tensor } from '../../../src/tensor/creation.js';
import type { Variable } from '../../../src/tensor/variable.js';

export interface TinyDenseOptions extends LayerOptions {
  units: number;
  activation?: 'linear' | 'relu' | 'softmax';
  /** L2 factor on the weight. */
  l2?: number;
}

/** `activation(x @ weight + bias)`, weights uniform in ±sqrt(6/(in+out)) from the layer's seeded generator. */
export class TinyDense extends Layer {
  weight: Variable | null = null;
  bias: Variable | null = null;
  constructor(readonly options: TinyDenseOptions) {
    super(options);
  }
  override build(inputShape: SymbolicShape | SymbolicShape[]): void {
    const shape = inputShape as SymbolicShape;
    const inFeatures = shape[shape.length - 1] as number;
    const limit = Math.sqrt(6 / (inFeatures + this.options.units));
    const regularizer: Penalty | null = this.options.l2 ? (w) => mul(sum(square(w)), this.options.l2!) : null;
    this.weight = this.addWeight('weight', [inFeatures, this.options.units], { initializer: (s, rng) => rng.uniform(s, -limit, limit), regularizer });
    this.bias = this.addWeight('bias', [this.options.units], { initializer: (s) => tensor(new Float32Array(s[0]!), s) });
  }
  override call(inputs: Tensor | Tensor[]): Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    const y = add(matmul(x, this.weight!), this.bias!);
    if (this.options.activation === 'relu') return relu(y);
    if (this.options.activation === 'softmax') return softmax(y);
    return y;
  }
  override computeOutputShape(inputShape: SymbolicShape | SymbolicShape[]): SymbolicShape {
    const shape = inputShape as SymbolicShape;
    const last = shape[shape.length - 1];
    if (shape.length < 2) throw new ShapeError(`${this.name}: input has rank ${shape.length}, expected at least 2`);
    if (this.weight && last !== this.weight.shape[0]) throw new ShapeError(`${this.name}: input has ${last} features, the layer was built for ${this.weight.shape[0]}`);
    return [...shape.slice(0, -1), this.options.units];
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), units: this.options.units, activation: this.options.activation ?? 'linear', ...(this.options.l2 ? { l2: this.options.l2 } : {}) };
  }
}

/** `[batch, ...] -> [batch, product]`. */
export class TinyFlatten extends Layer {
  override call(inputs: Tensor | Tensor[]): Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    return reshape(x, [x.shape[0]!, -1]);
  }
  override computeOutputShape(inputShape: SymbolicShape | SymbolicShape[]): SymbolicShape {
    const shape = inputShape as SymbolicShape;
    if (shape.slice(1).some((d) => d === null)) throw new ShapeError(`${this.name}: needs known sizes, got ${JSON.stringify(shape)}`);
    return [shape[0]!, shape.slice(1).reduce((a, b) => (a as number) * (b as number), 1)];
  }
}

/** Sums its inputs (all of one shape): a multi-input layer. */
export class TinyAdd extends Layer {
  override call(inputs: Tensor | Tensor[], _context: CallContext): Tensor {
    const list = Array.isArray(inputs) ? inputs : [inputs];
    return list.reduce((a, b) => add(a, b));
  }
  override computeOutputShape(inputShape: SymbolicShape | SymbolicShape[]): SymbolicShape {
    const shapes = inputShape as SymbolicShape[];
    for (const s of shapes) if (JSON.stringify(s) !== JSON.stringify(shapes[0])) throw new ShapeError(`${this.name}: inputs ${JSON.stringify(shapes)} differ`);
    return shapes[0]!;
  }
}
