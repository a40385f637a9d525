/**
 * The feature-extractor interface every style loss goes through: the random multi-scale network
 * (the default, no weights to ship) and a pretrained VGG read from safetensors implement it alike.
 * @module
 */
import { ArgumentError } from '../../errors.js';
import type { Tensor } from '../../tensor/tensor.js';

/** A network that maps an image to named feature maps for the style (Gram) and content losses. */
export interface FeatureExtractor {
  /** `'random'` or `'vgg16'` / `'vgg19'`. */
  readonly kind: string;
  /** One line for progress output and run metadata, e.g. `random multi-scale (3,5,7,11,15,23 px x 64 maps, seed 0)`. */
  readonly description: string;
  /**
   * True when each layer is computed from the image alone (no shared prefix), so the style loss may
   * be differentiated one layer at a time to save memory.
   */
  readonly independentLayers?: boolean;
  /** Every layer {@link FeatureExtractor.extract} can return, in network order. */
  readonly layerNames: readonly string[];
  /** The layers the style loss uses unless told otherwise. */
  readonly defaultStyleLayers: readonly string[];
  /** The layers the content loss uses unless told otherwise. */
  readonly defaultContentLayers: readonly string[];
  /**
   * Feature maps `[1, h, w, c]` of the requested layers for an image `[1, height, width, 3]` with values
   * in [0, 1] (the extractor applies its own normalisation). Differentiable with respect to `image`.
   */
  extract(image: Tensor, layers: readonly string[]): Map<string, Tensor>;
  /**
   * Bytes of memory one forward and backward pass needs per image pixel for these layers (feature
   * maps, their gradients and workspace), used to refuse sizes that cannot fit before starting.
   */
  bytesPerPixel(layers: readonly string[]): number;
}

/** Throws an error listing the known layers when `layers` names one the extractor does not have. */
export function checkLayers(op: string, extractor: FeatureExtractor, layers: readonly string[], what: string): void {
  const unknown = layers.filter((l) => !extractor.layerNames.includes(l));
  if (unknown.length > 0) {
    throw new StyleLayerError(`${op}: ${what} layer${unknown.length > 1 ? 's' : ''} ${unknown.map((l) => `'${l}'`).join(', ')} not in the ${extractor.kind} extractor; its layers: ${extractor.layerNames.join(', ')}`);
  }
  if (layers.length === 0) throw new StyleLayerError(`${op}: no ${what} layers given`);
}

/** A style or content layer name that the extractor does not have. */
export class StyleLayerError extends ArgumentError {}
