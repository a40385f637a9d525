/**
 * Data for training: image-folder datasets, augmentation, painting patches, MNIST export.
 * Import as `atelier/data`.
 * @module
 */
export {
  ImageFolderDataset, ImageFolderSplit,
  type ImageFolderOptions, type BatchOptions, type ImageBatch, type SkippedFile,
} from './image-folder.js';
export {
  augmentation, compose, flipHorizontal, randomFlipHorizontal, randomCrop, rotate, randomRotation, colorJitter, randomErasing,
  type Augmentation, type RandomCropOptions, type ColorJitterOptions, type RandomErasingOptions,
} from './augment.js';
export type { Pixels } from './pixels.js';
export {
  cutPatches, planPatches, artistFromFileName, crop,
  type CutPatchesOptions, type PatchManifest, type PatchRecord, type PatchSource,
} from './patches.js';
export { exportMnistPngs, readMnistDigits, type MnistExportOptions, type MnistExportResult } from './mnist-export.js';
export { balancedClassWeights } from './class-weights.js';
export { stratifiedSplit, type StratifiedSplit } from './stratified-split.js';
export { parseLabelsCsv } from './labels-csv.js';
export { IMAGE_EXTENSIONS } from './image-files.js';
