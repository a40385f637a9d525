/**
 * The graph of a functional model: the layer calls that lead from its inputs to its outputs, in an
 * order where every call comes after the calls producing its inputs.
 * @module
 */
import { ArgumentError, ShapeError } from '../errors.js';
import type { CallContext, Layer } from '../nn/layer.js';
import { isShapeList } from '../nn/layer.js';
import { isSymbolic, type SymbolicShape, type SymbolicTensor } from '../nn/symbolic.js';
import type { Tensor } from '../tensor/tensor.js';
import { formatSymbolicShape, shapesCompatible } from './shapes.js';

/** One call of a layer in the graph. A shared layer has one node per call. */
export interface GraphNode {
  layer: Layer;
  /** The symbolic tensors the layer was called on. */
  inputs: readonly SymbolicTensor[];
  /** The symbolic tensors the call produced, by output index (only those seen in the graph). */
  outputs: SymbolicTensor[];
}

/** Where a node's input comes from: a model input, or an output of an earlier node. */
export type TensorSource = { input: number } | { node: number; output: number };

/**
 * A directed acyclic graph of layer calls, found by walking back from the outputs. Validates that
 * every tensor the outputs depend on comes from a declared input, and that layer names are unique.
 */
export class Graph {
  /** Layer calls in topological order. */
  readonly nodes: GraphNode[] = [];
  /** Distinct layers in order of first call. */
  readonly layers: Layer[] = [];

  constructor(
    readonly inputs: readonly SymbolicTensor[],
    readonly outputs: readonly SymbolicTensor[],
    owner: string,
  ) {
    inputs.forEach((t, i) => {
      if (!isSymbolic(t)) throw new ArgumentError(`${owner}: inputs[${i}] is not a symbolic tensor; create model inputs with input({ shape })`);
      if (t.sourceLayer !== null) throw new ArgumentError(`${owner}: inputs[${i}] is the output of layer ${t.sourceLayer.name}, expected a tensor made by input({ shape })`);
      if (inputs.indexOf(t) !== i) throw new ArgumentError(`${owner}: inputs[${i}] is listed twice`);
    });
    outputs.forEach((t, i) => {
      if (!isSymbolic(t)) throw new ArgumentError(`${owner}: outputs[${i}] is not a symbolic tensor; pass the result of layer.apply(...)`);
    });
    this.sort(owner);
    const names = new Map<string, Layer>();
    for (const layer of this.layers) {
      const other = names.get(layer.name);
      if (other && other !== layer) throw new ArgumentError(`${owner}: two different layers are named '${layer.name}'; layer names must be unique within a model`);
      names.set(layer.name, layer);
    }
  }

  /** Depth-first post-order from the outputs (iterative, as deep models would overflow the stack). */
  private sort(owner: string): void {
    const byCall = new Map<readonly SymbolicTensor[], GraphNode>();
    const done = new Set<GraphNode>();
    const onPath = new Set<GraphNode>();
    const nodeOf = (t: SymbolicTensor): GraphNode | null => {
      if (t.sourceLayer === null) {
        if (!this.inputs.includes(t)) {
          const name = t.name ? `'${t.name}' ` : '';
          throw new ArgumentError(`${owner}: the outputs depend on input ${name}${formatSymbolicShape(t.shape)}, which is not among the model's inputs`);
        }
        return null;
      }
      let node = byCall.get(t.inputs);
      if (!node) {
        node = { layer: t.sourceLayer, inputs: t.inputs, outputs: [] };
        byCall.set(t.inputs, node);
      }
      node.outputs[t.outputIndex] ??= t;
      return node;
    };
    const stack: { node: GraphNode; next: number }[] = [];
    const visit = (t: SymbolicTensor): void => {
      const node = nodeOf(t);
      if (!node || done.has(node) || onPath.has(node)) return;
      onPath.add(node);
      stack.push({ node, next: 0 });
    };
    for (const out of this.outputs) {
      visit(out);
      while (stack.length > 0) {
        const top = stack[stack.length - 1]!;
        if (top.next < top.node.inputs.length) {
          visit(top.node.inputs[top.next++]!);
          continue;
        }
        stack.pop();
        onPath.delete(top.node);
        done.add(top.node);
        this.nodes.push(top.node);
        if (!this.layers.includes(top.node.layer)) this.layers.push(top.node.layer);
      }
    }
  }

  /** Where each input of `node` comes from, for serialisation. */
  sourceOf(t: SymbolicTensor): TensorSource {
    if (t.sourceLayer === null) return { input: this.inputs.indexOf(t) };
    const node = this.nodes.findIndex((n) => n.inputs === t.inputs);
    return { node, output: t.outputIndex };
  }

  /** Runs every layer call on concrete `inputs` (one per model input); returns one tensor per model output. */
  run(inputs: readonly Tensor[], context: CallContext): Tensor[] {
    const values = new Map<SymbolicTensor, Tensor>();
    this.inputs.forEach((t, i) => values.set(t, inputs[i]!));
    for (const node of this.nodes) {
      const args = node.inputs.map((t) => values.get(t)!);
      const result = args.length === 1 ? node.layer.apply(args[0]!, context) : node.layer.apply(args, context);
      const list = Array.isArray(result) ? result : [result];
      node.outputs.forEach((t, i) => {
        if (t) values.set(t, list[i]!);
      });
    }
    return this.outputs.map((t) => values.get(t)!);
  }

  /** The output shapes for other input shapes (e.g. when the model is used as a layer), checked layer by layer. */
  inferShapes(inputShapes: readonly SymbolicShape[], owner: string): SymbolicShape[] {
    const shapes = new Map<SymbolicTensor, SymbolicShape>();
    this.inputs.forEach((t, i) => {
      const got = inputShapes[i]!;
      if (!shapesCompatible(t.shape, got)) throw new ShapeError(`${owner}: input ${i} expects ${formatSymbolicShape(t.shape)}, got ${formatSymbolicShape(got)}`);
      shapes.set(t, got);
    });
    for (const node of this.nodes) {
      const args = node.inputs.map((t) => shapes.get(t)!);
      const out = node.layer.computeOutputShape(args.length === 1 ? args[0]! : args);
      const list = isShapeList(out) ? out : [out];
      node.outputs.forEach((t, i) => {
        if (t) shapes.set(t, list[i]!);
      });
    }
    return this.outputs.map((t) => shapes.get(t)!);
  }
}
