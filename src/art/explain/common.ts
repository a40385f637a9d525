/**
 * What every explanation method shares: its result, the common options, and preparing the image,
 * the model program and the class to explain.
 * @module
 */
import { ShapeError, ArgumentError } from '../../errors.js';
import { reshape } from '../../ops/shape-ops.js';
import type { Model } from '../../model/model.js';
import type { Tensor } from '../../tensor/tensor.js';
import { hasProbabilityHead, modelProgram, type Program } from './program.js';
import { classScores, predictedClass, type ScoreTarget } from './scores.js';

/** The methods {@link explain} knows. */
export type ExplanationMethod = 'saliency' | 'smoothgrad' | 'integrated-gradients' | 'gradcam' | 'occlusion';

/** An explanation of one image's class score. */
export interface Explanation {
  readonly method: ExplanationMethod;
  /** Relevance per pixel `[H, W]`; for Grad-CAM per cell of the explained layer `[h, w]` (upsample for display). */
  readonly map: Tensor;
  /** The class explained. */
  readonly classIndex: number;
  /** The model's score for that class on the image. */
  readonly score: number;
  /** `probability` (a softmax/sigmoid output), `logit` (the same model without its final squashing) or `output` (a model without one). */
  readonly scoreKind: 'probability' | 'logit' | 'output';
  /** Integrated gradients: attributions per pixel and channel `[H, W, C]` (their sum approximates `score − baselineScore`). */
  readonly attributions?: Tensor;
  /** Integrated gradients: the score of the baseline image. */
  readonly baselineScore?: number;
  /** Integrated gradients: `sum(attributions) − (score − baselineScore)`, the completeness error of the integral. */
  readonly completenessGap?: number;
  /** Grad-CAM: the layer whose activations were weighed. */
  readonly layerName?: string;
}

/** Options every method takes. */
export interface ExplainOptions {
  /** Class to explain (default: the model's prediction). */
  classIndex?: number;
  /**
   * Explain the logit instead of the probability when the model ends in a softmax or sigmoid (a
   * `Dense` with that activation, a `Softmax` layer or an `Activation`). Probabilities saturate:
   * a confident prediction has near-zero gradients, which makes gradient maps faint and noisy.
   */
  useLogits?: boolean;
  /** Images per forward/backward pass for methods that run many (default 16). */
  batchSize?: number;
}

/** The image as a batch of one, the program, and the scoring target. */
export interface Prepared {
  readonly x: Tensor;
  readonly shape: readonly [number, number, number];
  readonly program: Program;
  readonly target: ScoreTarget;
  readonly score: number;
  readonly scoreKind: Explanation['scoreKind'];
}

/** Validates `image` (`[H, W, C]` or `[1, H, W, C]`) and resolves the class and scoring. */
export function prepare(op: string, model: Model, image: Tensor, options: ExplainOptions): Prepared {
  const rank3 = image.rank === 3;
  if (!rank3 && !(image.rank === 4 && image.shape[0] === 1)) {
    throw new ShapeError(`${op}: image [${image.shape.join(',')}] must be [height, width, channels] (or a batch of one)`);
  }
  if (image.dtype !== 'float32') throw new ArgumentError(`${op}: image must be float32, got ${image.dtype}`);
  const shape = (rank3 ? image.shape : image.shape.slice(1)) as [number, number, number];
  const x = rank3 ? reshape(image, [1, ...shape]) : image;
  model.checkInputs(x);
  const program = modelProgram(model);
  const batchSize = options.batchSize ?? 16;
  if (!(Number.isInteger(batchSize) && batchSize >= 1)) throw new ArgumentError(`${op}: batchSize must be an integer >= 1, got ${batchSize}`);
  const classIndex = options.classIndex ?? predictedClass(program, x);
  const classes = model.outputShapes[0]?.[model.outputShapes[0].length - 1] ?? null;
  if (!(Number.isInteger(classIndex) && classIndex >= 0 && (classes === null || classIndex < classes))) {
    throw new ArgumentError(`${op}: classIndex must be an integer in 0..${classes === null ? '(classes - 1)' : classes - 1}, got ${classIndex}`);
  }
  const probabilities = hasProbabilityHead(program);
  const logits = (options.useLogits ?? false) && probabilities;
  const target: ScoreTarget = { program, classIndex, logits, batchSize };
  const score = classScores(target, x)[0]!;
  return { x, shape, program, target, score, scoreKind: logits ? 'logit' : probabilities ? 'probability' : 'output' };
}

/** Maximum over channels of `|values|` for one image `[H, W, C]` → `[H * W]`. */
export function maxAbsOverChannels(values: Float32Array, offset: number, height: number, width: number, channels: number): Float32Array {
  const out = new Float32Array(height * width);
  for (let p = 0; p < height * width; p++) {
    let m = 0;
    for (let c = 0; c < channels; c++) m = Math.max(m, Math.abs(values[offset + p * channels + c]!));
    out[p] = m;
  }
  return out;
}
