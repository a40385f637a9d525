/**
 * Walking the layers of a model, nested models included, in call order.
 * @module
 */
import type { Layer, LayerWeight } from '../nn/layer.js';

/** A layer that contains layers (a model used as a layer). */
function childLayers(layer: Layer): Layer[] | null {
  const children = (layer as { layers?: unknown }).layers;
  return Array.isArray(children) ? (children as Layer[]) : null;
}

/** Every leaf layer under `layers` (descending into nested models), each once, in call order. */
export function leafLayers(layers: readonly Layer[], into: Layer[] = []): Layer[] {
  for (const layer of layers) {
    const children = childLayers(layer);
    if (children) leafLayers(children, into);
    else if (!into.includes(layer)) into.push(layer);
  }
  return into;
}

/** A weight with the leaf layer that owns it. */
export interface OwnedWeight {
  layer: Layer;
  weight: LayerWeight;
}

/** Every weight with its owning layer, in layer order. */
export function ownedWeights(layers: readonly Layer[]): OwnedWeight[] {
  return leafLayers(layers).flatMap((layer) => layer.layerWeights.map((weight) => ({ layer, weight })));
}
