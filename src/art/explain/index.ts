/**
 * Explanations of image classifiers: saliency, SmoothGrad, integrated gradients, Grad-CAM and
 * occlusion, over any single-input Sequential or functional model; heat-map pictures and JSON.
 * @module
 */
export type { Explanation, ExplanationMethod, ExplainOptions } from './common.js';
export { explain, EXPLANATION_METHODS, type ExplainAnyOptions } from './explain.js';
export { saliency, smoothGrad, type SmoothGradOptions } from './saliency.js';
export { integratedGradients, type IntegratedGradientsOptions } from './integrated-gradients.js';
export { gradCam, type GradCamOptions } from './gradcam.js';
export { occlusion, type OcclusionOptions } from './occlusion.js';
export { writeExplanation, explanationToJson, jsonPathFor, type WriteExplanationOptions, type ExplanationJson } from './output.js';
export { spearman, pearson, ranks } from './rank-correlation.js';
export { modelProgram, runProgram, logitHead, type Program, type Step, type Source, type RunOptions } from './program.js';
