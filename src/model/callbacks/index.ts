/**
 * Training callbacks.
 * @module
 */
export { Callback, CallbackList, type CallbackState, type Logs, type TrainingParams } from './callback.js';
export { History } from './history.js';
export { ProgressBar, formatBar, formatEta, formatLogs, formatLogValue, formatPerStep, type ProgressBarOptions, type ProgressStream } from './progress-bar.js';
export { EarlyStopping, type EarlyStoppingOptions } from './early-stopping.js';
export { ReduceLROnPlateau, type ReduceLROnPlateauOptions } from './reduce-lr-on-plateau.js';
export { ModelCheckpoint, formatCheckpointPath, type ModelCheckpointOptions } from './model-checkpoint.js';
export { TerminateOnNaN } from './terminate-on-nan.js';
export { CSVLogger, type CSVLoggerOptions } from './csv-logger.js';
export { JsonLinesLogger } from './json-lines-logger.js';
export { LearningRateScheduler } from './learning-rate-scheduler.js';
export { isImprovement, resolveMode, type MonitorMode } from './monitor.js';
export {
  TrainingCheckpoint, readTrainingCheckpoint, CHECKPOINT_SNAPSHOT_KIND, TRAINING_STATE_FILE,
  type TrainingCheckpointOptions, type TrainingState, type ResumePoint, type HistoryLog,
} from './training-checkpoint.js';
