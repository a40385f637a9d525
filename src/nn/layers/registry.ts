/**
 * The layer registry: maps class names in saved configs back to constructors, so models can be
 * saved as JSON and restored. Every built-in layer registers itself when its module loads (importing
 * `nn/layers/index.js` loads them all).
 * @module
 */
import { ArgumentError } from '../../errors.js';
import type { Layer, LayerConfig } from '../layer.js';

/** A layer constructor taking its config object, as every built-in layer has. */
export type LayerConstructor = new (config: never) => Layer;

const constructors = new Map<string, LayerConstructor>();

/**
 * Registers `ctor` under `className`; {@link deserializeLayer} will call `new ctor(config)`.
 * Registering a name twice with different constructors is an error (two layers would fight over saved models).
 * @example registerLayer('MyBlock', MyBlock);
 */
export function registerLayer(className: string, ctor: LayerConstructor): void {
  const existing = constructors.get(className);
  if (existing && existing !== ctor) throw new ArgumentError(`registerLayer: '${className}' is already registered to another class`);
  constructors.set(className, ctor);
}

/** The constructor registered under `className`, or undefined. */
export function getLayerClass(className: string): LayerConstructor | undefined {
  return constructors.get(className);
}

/** Every registered layer class name, sorted. */
export function registeredLayerNames(): string[] {
  return [...constructors.keys()].sort();
}

/**
 * Recreates a layer (without its weights) from `layer.toConfig()`.
 * @example const copy = deserializeLayer(JSON.parse(JSON.stringify(dense.toConfig())));
 */
export function deserializeLayer(config: LayerConfig): Layer {
  if (typeof config !== 'object' || config === null || typeof config.className !== 'string') {
    throw new ArgumentError(`deserializeLayer: expected {className, config}, got ${JSON.stringify(config)}`);
  }
  const ctor = constructors.get(config.className);
  if (!ctor) {
    throw new ArgumentError(
      `deserializeLayer: unknown layer class '${config.className}'; registered: ${registeredLayerNames().join(', ') || 'none (import nn/layers/index.js)'}`,
    );
  }
  return new ctor((config.config ?? {}) as never);
}
