/**
 * `trainStyleNetwork`: a style image and content pictures in, a run folder out. A small feed-forward
 * network (network.ts) learns, with Adam, to repaint random content crops so that they minimise the
 * perceptual loss of optimisation-based `stylize` (loss.ts). Previews, loss curves, checkpoints through
 * one crash-safe snapshot each, exact resume, and a time budget, as the other training tasks.
 * @module
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { valueAndGrad } from '../../../autograd/grad.js';
import { AtelierError, ArgumentError } from '../../../errors.js';
import { listSnapshots, removeSnapshot } from '../../../io/snapshots.js';
import { Adam } from '../../../nn/optimizers/adam.js';
import { mul, sum } from '../../../ops/index.js';
import { tensor } from '../../../tensor/creation.js';
import { scope } from '../../../tensor/scope.js';
import type { Tensor } from '../../../tensor/tensor.js';
import type { Model } from '../../../model/model.js';
import { checkResumeSettings } from '../../resume-settings.js';
import { mixSeed } from '../../gan/data.js';
import { checkLayers, type FeatureExtractor } from '../extractor.js';
import { resolveExtractor } from '../extractors.js';
import { channelMean, fitLongerSide, imageSize, readStyleInput, type NoticeSink } from '../images.js';
import { estimateStyleBytes, StyleMemoryError, DEFAULT_MEMORY_BUDGET } from '../memory.js';
import { gramTargets, type LossParts } from '../objective.js';
import { applyStyle } from './apply.js';
import { BUILTIN_CONTENT, contentBatch, openContentSet, shippedPhotoPath, type ContentSet } from './content.js';
import { perceptualLoss, type PerceptualTerms } from './loss.js';
import { buildTransformNetwork, resolveTransformNetwork, type TransformNetworkSpec } from './network.js';
import { writePreview, writeStyleCurves } from './pictures.js';
import {
  STYLE_HISTORY_EVERY, STYLE_SNAPSHOT_KIND, latestStyleCheckpoint, readStyleCheckpoint, readStyleState, writeStyleCheckpoint,
  type StyleNetworkHistory, type StyleNetworkSettings, type StyleNetworkState,
} from './run-folder.js';

/** Options of {@link trainStyleNetwork}. Weights multiply the unweighted loss parts, as in `stylize`. */
export interface TrainStyleNetworkOptions {
  /** The run folder (created if needed). */
  outDir: string;
  /** Side of the square content crops, default 256. */
  size?: number;
  /** Longer side of the style image for its Gram targets, default `size`. */
  styleSize?: number;
  /** Crops per step, default 2. */
  batchSize?: number;
  /** Total steps of the run (a resumed run continues up to it); default 1000, unbounded with `minutes`. */
  steps?: number;
  /** Time budget of this call in minutes: training stops after the step that crosses it, and saves. */
  minutes?: number;
  /** Stop after this many steps in this call (and save), e.g. to test resuming. */
  maxSteps?: number;
  /** Weight of the Gram (style) loss, default 1e4 (as `stylize`). */
  styleWeight?: number;
  /** Weight of the content loss, default 1e3 (as `stylize`). */
  contentWeight?: number;
  /** Weight of total variation, default 1 (as `stylize`). */
  tvWeight?: number;
  /** Adam's learning rate, default 1e-3 (Johnson et al.). */
  learningRate?: number;
  /** `'random'` (default) or a VGG `.safetensors` path; see docs/style.md. */
  extractor?: string;
  styleLayers?: readonly string[];
  contentLayers?: readonly string[];
  /** The network's shape (default {@link DEFAULT_TRANSFORM_NETWORK}). */
  network?: Partial<TransformNetworkSpec>;
  /** Seeds the weights, the random extractor and the crops (default 0). */
  seed?: number;
  /** Steps between previews (default 50) and between checkpoints (default 100). */
  previewEvery?: number;
  checkpointEvery?: number;
  /** The image stylised in previews (default: the shipped photo for `builtin`, else the folder's first image). */
  preview?: string;
  /** Continue the run in `outDir` exactly from its last complete checkpoint. */
  resume?: boolean;
  /** Replace a run already in `outDir`. */
  overwrite?: boolean;
  /** Memory budget in bytes (default 3.5 GiB). */
  memoryBudget?: number;
  /** Called after every step. */
  onStep?: (progress: StyleTrainingStep) => void;
  /** One-line messages (data, settings, resume, saves). */
  log?: (line: string) => void;
  /** Notices about adapted inputs (style resized, unreadable content skipped). */
  notice?: NoticeSink;
  /** Name used in errors (default `trainStyleNetwork`). */
  op?: string;
}

/** What {@link TrainStyleNetworkOptions.onStep} receives. */
export interface StyleTrainingStep {
  step: number;
  /** The run's total steps (Infinity when only the time budget bounds it). */
  steps: number;
  /** Weighted loss of this step, and its unweighted parts (means over the batch). */
  loss: number;
  parts: LossParts;
  /** Seconds of this call so far, and the budget (Infinity without `minutes`). */
  seconds: number;
  budgetSeconds: number;
  stepsThisCall: number;
}

/** What {@link trainStyleNetwork} returns. */
export interface TrainStyleNetworkResult {
  runDir: string;
  network: Model;
  state: StyleNetworkState;
  /** Steps taken by this call and their seconds. */
  steps: number;
  seconds: number;
  stoppedBy: 'steps' | 'minutes' | 'maxSteps';
}

/** A training step whose loss or gradients were not finite. */
export class StyleTrainingError extends AtelierError {}

const DEFAULT_STEPS = 1000;

/**
 * Trains a feed-forward style network for the painting `style` on crops of `content` (a folder of
 * pictures, or `builtin`: the shipped photo and paintings other than the style), writing the run
 * folder `options.outDir`. Apply the result with {@link loadStyleRun} and {@link applyStyle}.
 *
 * @example
 * await trainStyleNetwork('starry_night.jpg', 'photos/', { outDir: 'runs/starry', minutes: 15 });
 * const out = applyStyle(loadStyleRun('runs/starry'), photo);
 */
export async function trainStyleNetwork(style: string, content: string, options: TrainStyleNetworkOptions): Promise<TrainStyleNetworkResult> {
  const op = options.op ?? 'trainStyleNetwork';
  if (typeof options.outDir !== 'string' || options.outDir === '') throw new ArgumentError(`${op}: outDir (the run folder) is required`);
  if (options.resume && options.overwrite) throw new ArgumentError(`${op}: resume and overwrite exclude each other`);
  const runDir = resolve(options.outDir);
  const log = options.log ?? (() => {});
  const notice = options.notice ?? (() => {});
  const existing = existsSync(runDir) ? latestStyleCheckpoint(runDir, op) : null;
  if (options.resume && !existing) throw new ArgumentError(`${op}: ${runDir} holds no complete checkpoint to resume from; start a new run without --resume`);
  if (!options.resume && !options.overwrite && existing) throw new ArgumentError(`${op}: ${runDir} already holds a run; choose another run folder, continue it (--resume) or replace it (--overwrite)`);
  const totalSteps = options.steps ?? (options.minutes !== undefined ? Infinity : DEFAULT_STEPS);
  if (options.steps !== undefined) positiveInteger(op, 'steps', options.steps);
  if (options.maxSteps !== undefined) positiveInteger(op, 'maxSteps', options.maxSteps);
  const budgetMs = options.minutes !== undefined ? positive(op, 'minutes', options.minutes) * 60_000 : Infinity;

  let settings: StyleNetworkSettings;
  let state: StyleNetworkState;
  let network: Model;
  let optimizer: Adam;
  let contentSet: ContentSet;
  if (options.resume) {
    settings = readStyleState(existing!.path).settings;
    checkResumeSettings(op, runDir, [
      ['size', options.size, settings.size], ['batchSize', options.batchSize, settings.batchSize], ['seed', options.seed, settings.seed],
      ['styleWeight', options.styleWeight, settings.styleWeight], ['contentWeight', options.contentWeight, settings.contentWeight],
      ['tvWeight', options.tvWeight, settings.tvWeight], ['learningRate', options.learningRate, settings.learningRate], ['extractor', options.extractor, settings.extractor],
    ]);
    contentSet = await openContentSet(op, settings.content, settings.style, notice);
    if (contentSet.files.length !== settings.contentCount) throw new ArgumentError(`${op}: cannot resume ${runDir}: ${settings.content} now has ${contentSet.files.length} readable images, the run was trained on ${settings.contentCount}`);
    optimizer = new Adam({ learningRate: settings.learningRate, epsilon: 1e-8 });
    const saved = readStyleCheckpoint(existing!.path, optimizer);
    network = saved.network;
    state = saved.state;
    log(`Resuming ${runDir} at step ${state.step} (${existing!.name})`);
  } else {
    contentSet = await openContentSet(op, content, style, notice);
    settings = await newSettings(op, style, contentSet, options);
    network = buildTransformNetwork(settings.network, mixSeed(settings.seed, 1));
    optimizer = new Adam({ learningRate: settings.learningRate, epsilon: 1e-8 });
    state = { format: 'atelier-style-network', version: 1, settings, step: 0, seconds: 0, history: emptyHistory() };
    if (options.overwrite) for (const old of listSnapshots(runDir, STYLE_SNAPSHOT_KIND)) removeSnapshot(old);
  }
  if (state.step >= totalSteps) throw new ArgumentError(`${op}: ${runDir} has already taken ${state.step} steps, not fewer than steps ${totalSteps}; ask for more steps to continue`);

  const [h0, w0] = await imageSize(settings.style);
  const styleImage = await readStyleInput(settings.style, fitLongerSide(h0, w0, settings.styleSize), 'style', notice, [settings.size, settings.size]);
  const extractor = resolveExtractor(settings.extractor, { seed: settings.seed, inputMean: channelMean(styleImage) });
  checkLayers(op, extractor, settings.styleLayers, 'style');
  checkLayers(op, extractor, settings.contentLayers, 'content');
  checkTrainingMemory(op, extractor, settings, options.memoryBudget ?? DEFAULT_MEMORY_BUDGET);
  const terms: PerceptualTerms = {
    extractor, styleLayers: settings.styleLayers, contentLayers: settings.contentLayers,
    styleTargets: gramTargets(extractor, [styleImage], settings.styleLayers),
    styleWeight: settings.styleWeight, contentWeight: settings.contentWeight, tvWeight: settings.tvWeight,
  };
  const [ph, pw] = await imageSize(settings.preview);
  const previewImage = await readStyleInput(settings.preview, fitLongerSide(ph, pw, Math.max(settings.size, 256)), 'preview', notice);
  log(`Data: ${contentSet.source === BUILTIN_CONTENT ? 'builtin (the shipped photo and paintings)' : contentSet.source}, ${contentSet.files.length} images, ` +
    `${settings.batchSize} random ${settings.size}x${settings.size} crops per step; style ${settings.style} at ${styleImage.shape[2]}x${styleImage.shape[1]}`);
  log(`Network: width ${settings.network.width}, ${settings.network.residualBlocks} residual blocks, ${settings.network.outerKernel}x${settings.network.outerKernel} outer convolutions, ` +
    `${network.countParams().toLocaleString('en-US')} parameters; loss ${settings.styleWeight}·style + ${settings.contentWeight}·content + ${settings.tvWeight}·tv on ${extractor.description}; Adam ${settings.learningRate}`);

  const history: StyleNetworkHistory = { ...state.history, pending: [...state.history.pending] };
  let step = state.step;
  const startSeconds = state.seconds;
  const started = performance.now();
  const info = (): StyleNetworkState => ({
    format: 'atelier-style-network', version: 1, settings, step, seconds: startSeconds + (performance.now() - started) / 1000,
    history: { ...history, pending: [...history.pending] },
  });
  let lastSaved = options.resume ? step : -1;
  const save = async () => {
    writeStyleCheckpoint(runDir, network, optimizer, info());
    lastSaved = step;
    await writeStyleCurves(runDir, history, settings);
  };
  const preview = async () => {
    const out = applyStyle(network, previewImage);
    await writePreview(runDir, step, out);
    out.dispose();
  };
  if (step === 0) await preview();

  let stoppedBy: TrainStyleNetworkResult['stoppedBy'] = 'steps';
  let stepsThisCall = 0;
  while (step < totalSteps) {
    const crops = await contentBatch(contentSet, settings.size, settings.batchSize, settings.seed, step);
    const result = trainingStep(network, optimizer, terms, crops);
    crops.dispose();
    if (!result) {
      const where = lastSaved >= 0 ? `the last good checkpoint (step ${lastSaved}) in ${runDir} is intact; resume from it with --resume` : 'no checkpoint had been written yet';
      throw new StyleTrainingError(`${op}: the loss or a gradient became non-finite at step ${step + 1} (learning rate ${settings.learningRate}); ${where}. Remedies: a lower learning rate, lower loss weights`);
    }
    step++;
    stepsThisCall++;
    logStep(history, step, result);
    const elapsed = performance.now() - started;
    options.onStep?.({ step, steps: totalSteps, loss: result.total, parts: result.parts, seconds: elapsed / 1000, budgetSeconds: budgetMs / 1000, stepsThisCall });
    if (step % settings.previewEvery === 0) await preview();
    const outOfTime = elapsed >= budgetMs;
    const maxed = options.maxSteps !== undefined && stepsThisCall >= options.maxSteps;
    if (step % settings.checkpointEvery === 0 || outOfTime || maxed) await save();
    if (outOfTime || maxed) {
      stoppedBy = outOfTime ? 'minutes' : 'maxSteps';
      break;
    }
  }
  if (lastSaved !== step) await save();
  if (step % settings.previewEvery !== 0) await preview();
  const seconds = (performance.now() - started) / 1000;
  log(`Stopped after ${stoppedBy === 'minutes' ? `the ${options.minutes}-minute budget` : stoppedBy === 'maxSteps' ? `${stepsThisCall} steps` : `step ${totalSteps}`}: ` +
    `step ${step}, ${(seconds / Math.max(stepsThisCall, 1)).toFixed(2)} s/step. Saved to ${runDir}/ (checkpoint, previews/latest.png, curves-loss.png)`);
  return { runDir, network, state: info(), steps: stepsThisCall, seconds, stoppedBy };
}

/**
 * One Adam step: the network repaints the crops (its graph recorded), the loss's gradient with
 * respect to the repainted images is computed image by image and part by part, then pushed back
 * through the network. Returns null (and changes nothing) when the loss or a gradient is not finite.
 */
function trainingStep(network: Model, optimizer: Adam, terms: PerceptualTerms, crops: Tensor): { total: number; parts: LossParts } | null {
  return scope(() => {
    const outputs = network.apply(crops, { training: true });
    const loss = perceptualLoss(terms, tensor(outputs.values, outputs.shape), crops);
    if (!Number.isFinite(loss.total)) return null;
    const weights = network.trainableWeights;
    const { grads } = valueAndGrad((..._weights: Tensor[]) => sum(mul(outputs, loss.grad)))(...weights);
    if (grads.some((g) => !(g.values as Float32Array).every(Number.isFinite))) return null;
    optimizer.applyGradients(grads, weights);
    return { total: loss.total, parts: loss.parts };
  });
}

async function newSettings(op: string, style: string, content: ContentSet, options: TrainStyleNetworkOptions): Promise<StyleNetworkSettings> {
  const size = positiveInteger(op, 'size', options.size ?? 256);
  if (size < 16 || size % 4 !== 0) throw new ArgumentError(`${op}: size must be a multiple of 4, at least 16, got ${size}`);
  const styleAbs = resolve(style);
  if (!existsSync(styleAbs)) throw new ArgumentError(`${op}: style image ${style} does not exist`);
  const extractorSpec = options.extractor ?? 'random';
  const probe = resolveExtractor(extractorSpec, { seed: options.seed ?? 0 });
  const preview = options.preview ? resolve(options.preview) : content.source === BUILTIN_CONTENT ? shippedPhotoPath() : content.files[0]!;
  return {
    style: styleAbs, content: content.source, contentCount: content.files.length, size, styleSize: positiveInteger(op, 'styleSize', options.styleSize ?? size),
    batchSize: positiveInteger(op, 'batchSize', options.batchSize ?? 2), seed: options.seed ?? 0, network: resolveTransformNetwork(op, options.network),
    extractor: extractorSpec, extractorDescription: probe.description,
    styleLayers: [...(options.styleLayers ?? probe.defaultStyleLayers)], contentLayers: [...(options.contentLayers ?? probe.defaultContentLayers)],
    styleWeight: weight(op, 'styleWeight', options.styleWeight ?? 1e4), contentWeight: weight(op, 'contentWeight', options.contentWeight ?? 1e3),
    tvWeight: weight(op, 'tvWeight', options.tvWeight ?? 1), learningRate: positive(op, 'learningRate', options.learningRate ?? 1e-3),
    previewEvery: positiveInteger(op, 'previewEvery', options.previewEvery ?? 50), checkpointEvery: positiveInteger(op, 'checkpointEvery', options.checkpointEvery ?? 100),
    preview,
  };
}

/**
 * Network activations and their gradients per input pixel, in floats, for a network of `spec`: about
 * eight tensors per convolution block (convolution, instance-norm intermediates, ReLU) at each resolution.
 */
function networkFloatsPerPixel(spec: TransformNetworkSpec): number {
  const [c1, c2, c3] = [spec.width / 4, spec.width / 2, spec.width];
  return 2 * (8 * 2 * c1 + 12 + (8 * 2 * c2) / 4 + (8 * c3 * (2 + 2 * spec.residualBlocks)) / 16);
}

/**
 * Refuses crops too large for memory before any work: the extractor's need for one crop (images are
 * differentiated one at a time; `estimateStyleBytes`, as `stylize`) plus the network's for the batch.
 */
function checkTrainingMemory(op: string, extractor: FeatureExtractor, s: StyleNetworkSettings, budget: number): void {
  const layers = [...s.styleLayers, ...s.contentLayers];
  const side = s.size + 2 * s.network.margin;
  const need = (size: number) => estimateStyleBytes(extractor, layers, size, size, 0) + s.batchSize * (size + 2 * s.network.margin) ** 2 * networkFloatsPerPixel(s.network) * 4;
  if (need(s.size) <= budget) return;
  let fits = s.size;
  while (fits > 16 && need(fits) > budget) fits -= 4;
  throw new StyleMemoryError(`${op}: ${s.batchSize} crops of ${s.size}x${s.size} (${side} px with the margin) need about ${(need(s.size) / 1024 ** 3).toFixed(1)} GiB with the ${extractor.kind} extractor ` +
    `(${layers.length} layers), more than the ${(budget / 1024 ** 3).toFixed(1)} GiB budget; the largest size that fits is about ${fits} (--size ${fits}), or use a smaller --batch-size`);
}

function emptyHistory(): StyleNetworkHistory {
  return { step: [], loss: [], style: [], content: [], tv: [], pending: [0, 0, 0, 0, 0] };
}

function logStep(history: StyleNetworkHistory, step: number, r: { total: number; parts: LossParts }): void {
  const p = history.pending;
  p[0]! += 1;
  p[1]! += r.total;
  p[2]! += r.parts.style;
  p[3]! += r.parts.content;
  p[4]! += r.parts.tv;
  if (p[0]! < STYLE_HISTORY_EVERY) return;
  const round = (v: number) => Number((v / p[0]!).toPrecision(6));
  history.step.push(step);
  history.loss.push(round(p[1]!));
  history.style.push(round(p[2]!));
  history.content.push(round(p[3]!));
  history.tv.push(round(p[4]!));
  history.pending = [0, 0, 0, 0, 0];
}

function positiveInteger(op: string, name: string, v: number): number {
  if (!(Number.isInteger(v) && v >= 1)) throw new ArgumentError(`${op}: ${name} must be an integer >= 1, got ${String(v)}`);
  return v;
}

function positive(op: string, name: string, v: number): number {
  if (!(v > 0) || !Number.isFinite(v)) throw new ArgumentError(`${op}: ${name} must be a finite number > 0, got ${String(v)}`);
  return v;
}

function weight(op: string, name: string, v: number): number {
  if (!(v >= 0) || !Number.isFinite(v)) throw new ArgumentError(`${op}: ${name} must be a finite number >= 0, got ${String(v)}`);
  return v;
}
