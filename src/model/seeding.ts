/**
 * Seeded weight initialisation for whole models: each layer draws its initial weights from a
 * generator derived from the model's seed and the layer's position, so a model's starting point
 * depends only on its seed and architecture, not on what else the program created before.
 * @module
 */
import { Random } from '../tensor/random.js';
import { noGrad } from '../autograd/tape.js';
import { Layer, seedLayerRandom } from '../nn/layer.js';
import type { SymbolicShape } from '../nn/symbolic.js';
import { ArgumentError } from '../errors.js';

/** Mixes a seed and a position into an independent 32-bit seed (a splitmix-style finaliser). */
export function deriveSeed(seed: number, index: number): number {
  let z = (Math.trunc(seed) ^ Math.imul(index + 1, 0x9e3779b9)) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** The generator the `index`-th layer of a model seeded with `seed` initialises from. */
export function layerRandomFor(seed: number, index: number): Random {
  return new Random(deriveSeed(seed, index));
}

/** Something that can re-initialise its own layers (a nested model). */
interface Reseedable {
  reinitialize(seed: number): void;
}

function isReseedable(layer: Layer): layer is Layer & Reseedable {
  return typeof (layer as Partial<Reseedable>).reinitialize === 'function';
}

/**
 * Gives `layer` its seeded generator. An unbuilt layer just receives the generator (its weights are
 * drawn when it is built); a built one is re-initialised in place: a twin is constructed from the
 * layer's config, built from the same generator, and its values are copied into the layer's own
 * variables (so references held by optimizers or users stay valid).
 *
 * @param inputShape the shape the layer was built for (needed to build the twin).
 */
export function seedLayer(layer: Layer, seed: number, index: number, inputShape: SymbolicShape | SymbolicShape[] | null): void {
  if (isReseedable(layer)) {
    layer.reinitialize(deriveSeed(seed, index));
    return;
  }
  const rng = layerRandomFor(seed, index);
  if (!layer.built) {
    seedLayerRandom(layer, rng);
    return;
  }
  if (layer.weights.length === 0) return;
  if (inputShape === null) throw new ArgumentError(`seed: layer ${layer.name} is built but its input shape is unknown, so it cannot be re-initialised`);
  const Ctor = layer.constructor as new (config: Record<string, unknown>) => Layer;
  const twin = new Ctor({ ...layer.getConfig(), name: layer.name });
  seedLayerRandom(twin, rng);
  twin.ensureBuilt(inputShape);
  const fresh = twin.weights;
  const own = layer.weights;
  if (fresh.length !== own.length) {
    throw new ArgumentError(`seed: layer ${layer.name} rebuilt from its config has ${fresh.length} weights, expected ${own.length}; getConfig() must recreate the layer`);
  }
  noGrad(() => own.forEach((w, i) => w.assign(fresh[i]!)));
  for (const w of fresh) w.dispose();
}
