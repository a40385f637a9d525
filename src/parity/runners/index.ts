/**
 * Every op the parity runner knows, keyed by PyTorch op name. An op missing here is reported as a
 * failed case ("not supported"), never skipped.
 * @module
 */
import type { OpRunner } from '../op-runner.js';
import { elementwiseRunners } from './elementwise.js';
import { imageRunners } from './image.js';
import { lossRunners } from './losses.js';
import { normalizationRunners } from './normalization.js';
import { reductionRunners } from './reduction.js';
import { sequenceRunners } from './sequence.js';
import { attentionRunners } from './attention.js';

export const opRunners: Record<string, OpRunner> = {
  ...elementwiseRunners,
  ...imageRunners,
  ...lossRunners,
  ...normalizationRunners,
  ...reductionRunners,
  ...sequenceRunners,
  ...attentionRunners,
};
