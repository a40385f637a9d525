/**
 * Style transfer and texture synthesis: feature extractors (random multi-scale filters by default,
 * or VGG weights from safetensors), Gram/content/total-variation losses, optimisation with L-BFGS or
 * Adam, {@link synthesizeTexture} and {@link stylize}. See docs/style.md.
 * @module
 */
export { type FeatureExtractor, checkLayers, StyleLayerError } from './extractor.js';
export { createRandomExtractor, randomStyleLayerName, mirroredConv2d, type RandomExtractorOptions } from './random-extractor.js';
export { loadVggExtractor, VggWeightsError, type VggExtractorOptions } from './vgg-extractor.js';
export { resolveExtractor, type ResolveExtractorOptions } from './extractors.js';
export { gramMatrix, gramLoss, contentLoss, totalVariationLoss, rangePenalty } from './losses.js';
export { gramTargets, featureTargets, styleObjective, styleObjectiveParts, type StyleTerms, type LossParts, type ImageObjective } from './objective.js';
export { optimizeImage, type OptimizeImageOptions, type OptimizeImageResult, type StepProgress, type StyleOptimizer } from './optimize.js';
export { synthesizeTexture, type TextureOptions, type TextureResult } from './texture.js';
export { stylize, stylizeImages, type StylizeOptions, type StylizeResult, type StyleInit } from './stylize.js';
export { readStyleInput, readMask, fitLongerSide, channelMean, luminanceImage, combineLuminance, type NoticeSink } from './images.js';
export { checkStyleMemory, estimateStyleBytes, StyleMemoryError, DEFAULT_MEMORY_BUDGET } from './memory.js';
