/**
 * Image generation with GANs: DCGAN generators and (projection) discriminators, `trainGan` with
 * DiffAugment, a weight-averaged generator, crash-safe checkpoints and exact resume; sampling, latent
 * walks, and quality measures without Inception (the MNIST judge, FID-MNIST, memorisation).
 * @module
 */
export { buildGenerator, buildDiscriminator, resolveArchitecture, checkImageSize, SUPPORTED_SIZES, type GanArchitecture, type GanImageSize } from './architectures.js';
export { ClassProjection, type ClassProjectionOptions } from './projection.js';
export { SpectralConv2D, SpectralDense, spectralNormalize } from './spectral-norm.js';
export { diffAugment, parseDiffAugmentPolicy, DIFF_AUGMENT_OPS, type DiffAugmentOp, type DiffAugmentOptions } from './diff-augment.js';
export { discriminatorLoss, generatorLoss, checkGanLoss, GAN_LOSSES, type GanLoss } from './losses.js';
export { WeightAverage, standingStatistics } from './ema.js';
export { ganStep, type GanNetworks, type GanStepSettings, type GanStepResult } from './step.js';
export { openGanData, gatherBatch, epochOrder, mixSeed, BUILT_IN_DATA, type GanData, type GanImages, type OpenGanDataOptions } from './data.js';
export { trainGan, fixedNoise, type TrainGanOptions, type TrainGanResult } from './train.js';
export {
  writeGanCheckpoint, readGanCheckpoint, readGanState, latestGanCheckpoint, loadGanGenerator, readSnapshotModel, assignWeights,
  GAN_SNAPSHOT_KIND, GAN_STATE_FILE, HISTORY_EVERY, type GanCheckpoint, type GanSettings, type GanState, type GanHistory,
} from './run-folder.js';
export { generate, sampleGrid, gridPng, toUnitRange, writeGanCurves, type GridOptions } from './pictures.js';
export { sampleGan, sampleFrom, writeSamples, sampleNoise, sampleLabels, classIndexOf, type SampleGanOptions, type GanSamples } from './sample.js';
export { encodeNpyFloat32, decodeNpyFloat32 } from './npy.js';
export { slerp, latentWalk, walkFrames, encodeGif, writeWalk, type LatentWalk, type LatentWalkOptions } from './interpolate.js';
export { loadMnistJudge, judgeImages, judgeModel, judgeCacheDir, JUDGE_VERSION, JUDGE_FEATURES, JUDGE_FEATURE_LAYER, type MnistJudge, type JudgeInfo } from './judge.js';
export { frechetDistance, frechetDistanceOf, featureStatistics, symmetricEigen } from './frechet.js';
export { nearestDistances, memorizationCheck, MEMORIZATION_CLOSE_SHARE, type MemorizationCheck } from './memorization.js';
export { evaluateGan, formatGanEvaluation, type EvaluateGanOptions, type GanEvaluation } from './evaluate.js';
export { DiscriminatorWatch, discriminatorWinsMessage, histogramCollapseMessage, DISCRIMINATOR_WIN_STEPS, DISCRIMINATOR_WIN_LOSS } from './health.js';
export { GanProgress, type GanProgressUpdate } from './progress.js';
