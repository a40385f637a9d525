/**
 * Choosing a feature extractor from a user's words: `'random'` (the default) or a VGG safetensors file.
 * @module
 */
import type { FeatureExtractor } from './extractor.js';
import { createRandomExtractor } from './random-extractor.js';
import { isWeightsPath, loadVggExtractor } from './vgg-extractor.js';

/** Options of {@link resolveExtractor}. */
export interface ResolveExtractorOptions {
  /** Seed of the random extractor's filters. */
  seed?: number;
  /** The random extractor's input centring (the style image's mean colour). */
  inputMean?: readonly [number, number, number];
  /** Feature maps per random style layer. */
  maps?: number;
}

/**
 * An extractor: the given instance, `'random'` (default) for {@link createRandomExtractor}, or a
 * path ending in `.safetensors` for {@link loadVggExtractor}.
 */
export function resolveExtractor(spec: FeatureExtractor | string | undefined, options: ResolveExtractorOptions = {}): FeatureExtractor {
  if (spec !== undefined && typeof spec !== 'string') return spec;
  if (spec === undefined || !isWeightsPath(spec)) return createRandomExtractor({ seed: options.seed, inputMean: options.inputMean, maps: options.maps });
  return loadVggExtractor(spec);
}
