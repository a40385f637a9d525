/**
 * Artwork classification: train a classifier on an image folder (or painting patches), predict,
 * evaluate with per-class metrics, confusion matrix and misclassified images.
 * @module
 */
export { defaultClassifier, classifierFromConfig, checkClassifierOutput, type DefaultClassifierOptions, type ArchitectureConfig } from './model.js';
export {
  openClassifierData, splitDataset, defaultAugmentation, hasTrainValFolders,
  type ClassifierData, type ClassifierSplit, type OpenClassifierDataOptions, type SplitDatasetOptions,
} from './data.js';
export { trainClassifier, resolveImageSize, type TrainClassifierOptions, type TrainClassifierResult } from './train.js';
export { predictImages, readForClassifier, classifierReadOptions, topClasses, type PredictImagesOptions, type ImagePrediction, type ClassScore } from './predict.js';
export { evaluateClassifier, formatEvaluation, type EvaluateClassifierOptions, type ClassifierEvaluation, type Misclassified } from './evaluate.js';
export { confusionMatrix, classMetrics, classMetricsText, accuracyOf, type ClassMetrics } from './metrics.js';
export { loadClassifierRun, holdsModel, type ClassifierRun, type ClassifierInfo } from './run-folder.js';
export { writeHistory, writeCurves, CURVE_FILES, type HistoryRecord } from './curves.js';
