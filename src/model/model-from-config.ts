/**
 * Rebuilding a model's architecture from its saved config: Sequential stacks, functional graphs,
 * and models nested as layers.
 * @module
 */
import { ArgumentError } from '../errors.js';
import type { Layer, LayerConfig } from '../nn/layer.js';
import { input, type SymbolicTensor } from '../nn/symbolic.js';
import { Model } from './model.js';
import { Sequential } from './sequential.js';
import type { TensorSource } from './graph.js';

/** Layer classes by class name, for layers outside the built-in registry (Keras' `custom_objects`). */
export type CustomLayers = Record<string, new (config: never) => Layer>;

/** The built-in layer registry, consulted after custom layers. */
export interface LayerResolver {
  knows(className: string): boolean;
  create(config: LayerConfig): Layer;
}

function fail(path: string, what: string): never {
  throw new ArgumentError(`${path}: ${what}`);
}

function asRecord(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(path, `expected an object, got ${JSON.stringify(value)}`);
  return value as Record<string, unknown>;
}

function asArray(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) fail(path, `expected a list, got ${JSON.stringify(value)}`);
  return value as unknown[];
}

/**
 * Recreates a layer or model (without weights) from `{ className, config }`. `path` locates the
 * entry in errors (`model.json: config.layers[2]`).
 */
export function layerFromConfig(entry: unknown, path: string, custom: CustomLayers, resolve: LayerResolver | null): Layer {
  const { className, config } = asRecord(entry, path) as { className?: unknown; config?: unknown };
  if (typeof className !== 'string') fail(path, 'className is missing');
  const cfg = asRecord(config ?? {}, `${path}.config`);
  if (className === 'Sequential' || className === 'Model') return modelFromConfig(className, cfg, `${path}.config`, custom, resolve);
  const Ctor = custom[className];
  if (!Ctor && !(resolve && resolve.knows(className))) {
    return fail(path, `unknown layer class '${className}'; pass it in customLayers: loadModel(dir, { customLayers: { ${className} } })`);
  }
  try {
    return Ctor ? new Ctor(cfg as never) : resolve!.create({ className, config: cfg });
  } catch (e) {
    if (e instanceof Error) e.message = `${path} (${className}): ${e.message}`;
    throw e;
  }
}

/** Recreates a `Sequential` or functional `Model` from its `getConfig()`. */
export function modelFromConfig(className: string, config: Record<string, unknown>, path: string, custom: CustomLayers, resolve: LayerResolver | null): Model {
  const name = typeof config.name === 'string' ? config.name : undefined;
  const seed = typeof config.seed === 'number' ? config.seed : undefined;
  const layerEntries = asArray(config.layers, `${path}.layers`);
  const layers = layerEntries.map((entry, i) => layerFromConfig(entry, `${path}.layers[${i}]`, custom, resolve));
  let model: Model;
  if (className === 'Sequential') {
    const inputShape = config.inputShape === undefined ? undefined : (asArray(config.inputShape, `${path}.inputShape`) as number[]);
    // Weights are loaded right after; the seed is kept only so that fit shuffles as the original did.
    model = new Sequential({ name, seed, inputShape, layers });
  } else if (className === 'Model') {
    model = functionalFromConfig(config, layers, path, name, seed);
  } else {
    return fail(path, `unknown model class '${className}', expected Sequential or Model`);
  }
  if (config.trainable === false) model.trainable = false;
  return model;
}

function functionalFromConfig(config: Record<string, unknown>, layers: Layer[], path: string, name: string | undefined, seed: number | undefined): Model {
  const inputs = asArray(config.inputs, `${path}.inputs`).map((entry, i) => {
    const spec = asRecord(entry, `${path}.inputs[${i}]`);
    return input({ shape: asArray(spec.shape, `${path}.inputs[${i}].shape`) as (number | null)[], name: typeof spec.name === 'string' ? spec.name : undefined });
  });
  const produced: SymbolicTensor[][] = [];
  const lookup = (ref: unknown, where: string): SymbolicTensor => {
    const r = asRecord(ref, where) as Partial<{ input: number; node: number; output: number }>;
    if (typeof r.input === 'number') return inputs[r.input] ?? fail(where, `input ${r.input} does not exist (${inputs.length} inputs)`);
    const node = produced[r.node ?? -1];
    if (!node) fail(where, `node ${r.node} does not exist before this point`);
    return node[r.output ?? 0] ?? fail(where, `node ${r.node} has no output ${r.output}`);
  };
  asArray(config.nodes, `${path}.nodes`).forEach((entry, i) => {
    const where = `${path}.nodes[${i}]`;
    const node = asRecord(entry, where) as { layer?: unknown; inputs?: unknown };
    const layer = layers[node.layer as number] ?? fail(where, `layer ${JSON.stringify(node.layer)} does not exist`);
    const args = asArray(node.inputs, `${where}.inputs`).map((ref, k) => lookup(ref as TensorSource, `${where}.inputs[${k}]`));
    const out = args.length === 1 ? layer.apply(args[0]!) : layer.apply(args);
    produced.push(Array.isArray(out) ? out : [out]);
  });
  const outputs = asArray(config.outputs, `${path}.outputs`).map((ref, i) => lookup(ref, `${path}.outputs[${i}]`));
  return new Model({
    name,
    seed,
    inputs: config.singleInput === false ? inputs : inputs[0]!,
    outputs: config.singleOutput === false ? outputs : outputs[0]!,
  });
}
