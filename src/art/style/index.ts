/**
 * Style transfer and texture synthesis: feature extractors (random multi-scale filters by default,
 * or VGG weights from safetensors), Gram/content/total-variation losses, optimisation with L-BFGS or
 * Adam, {@link synthesizeTexture} and {@link stylize}; fast feed-forward transfer: {@link trainStyleNetwork},
 * {@link loadStyleRun}, {@link applyStyle}. See docs/style.md.
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
export { trainStyleNetwork, StyleTrainingError, type TrainStyleNetworkOptions, type TrainStyleNetworkResult, type StyleTrainingStep } from './fast/train.js';
export { loadStyleRun, applyStyle, applyStyleToPixels, type StyleRun } from './fast/apply.js';
export { buildTransformNetwork, resolveTransformNetwork, transformNetworkFlops, DEFAULT_TRANSFORM_NETWORK, type TransformNetworkSpec } from './fast/network.js';
export { ReflectionPadding2D, Cropping2D, type ReflectionPadding2DOptions, type Cropping2DOptions } from './fast/reflection-padding.js';
export { perceptualLoss, type PerceptualTerms, type PerceptualLossResult } from './fast/loss.js';
export { openContentSet, contentBatch, shippedPhotoPath, BUILTIN_CONTENT, type ContentSet } from './fast/content.js';
export {
  latestStyleCheckpoint, readStyleCheckpoint, readStyleState, writeStyleCheckpoint, STYLE_SNAPSHOT_KIND, STYLE_STATE_FILE, STYLE_HISTORY_EVERY,
  type StyleNetworkSettings, type StyleNetworkState, type StyleNetworkHistory,
} from './fast/run-folder.js';
