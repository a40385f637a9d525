/**
 * `trainGan`: a data set in, a run folder out. Alternating discriminator and generator steps
 * (`step.ts`), an averaged generator for sampling, fixed-noise sample grids, loss curves,
 * checkpoints through one crash-safe snapshot each, exact resume, and a time budget.
 * @module
 */
import { existsSync } from 'node:fs';
import { resolve, join } from 'node:path';
import { ArgumentError } from '../../errors.js';
import { Random } from '../../tensor/random.js';
import { tensor } from '../../tensor/creation.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { Model } from '../../model/model.js';
import { NonFiniteError, makeNonFiniteReport } from '../../model/training/non-finite.js';
import { Adam } from '../../nn/optimizers/adam.js';
import { listSnapshots, removeSnapshot } from '../../io/snapshots.js';
import { buildDiscriminator, buildGenerator, checkImageSize, resolveArchitecture } from './architectures.js';
import { openGanData, gatherBatch, epochOrder, mixSeed, type GanData } from './data.js';
import { parseDiffAugmentPolicy } from './diff-augment.js';
import { WeightAverage, standingStatistics } from './ema.js';
import { DiscriminatorWatch, histogramCollapseMessage } from './health.js';
import { cachedMnistJudge, judgeImages } from './judge.js';
import { sampleFrom } from './sample.js';
import { checkGanLoss } from './losses.js';
import { generate, sampleGrid, writeGanCurves } from './pictures.js';
import { GAN_SNAPSHOT_KIND, HISTORY_EVERY, assignWeights, latestGanCheckpoint, readGanCheckpoint, readGanState, writeGanCheckpoint, type GanHistory, type GanSettings, type GanState } from './run-folder.js';
import { ganStep, type GanStepResult } from './step.js';
import { GanProgress, type ProgressStream } from './progress.js';
import { checkResumeSettings } from '../resume-settings.js';

/** Options of {@link trainGan}. */
export interface TrainGanOptions {
  /** The run folder (created if needed). */
  outDir: string;
  /** Image side: 28 (default for mnist), 32 or 64 (default for folders). */
  size?: number;
  /** 1 or 3 (default: 1 for mnist, 3 for folders). */
  channels?: 1 | 3;
  /** Condition on the data's classes (sub-folders; MNIST digits). Default false. */
  conditional?: boolean;
  /** Epochs to train (default 20 without `minutes`; unbounded with `minutes`). */
  epochs?: number;
  /** Time budget in minutes: training stops at the end of the step that crosses it, and saves. */
  minutes?: number;
  /** Default 64. */
  batchSize?: number;
  /** `nsgan` (default) or `hinge`. */
  loss?: string;
  /** One-sided label smoothing of the non-saturating loss (default 0.1: real target 0.9). */
  labelSmoothing?: number;
  /**
   * DiffAugment policy: `"color,translation,cutout"`, a subset, or `"none"`. Default: all three when
   * the data set has fewer than 5,000 images (small art sets), none otherwise.
   */
  augment?: string;
  /** Decay of the generator's weight average (default 0.999; 0 turns averaging off). */
  emaDecay?: number;
  /** Adam's learning rate and betas (defaults 2e-4, 0.5, 0.999: DCGAN's). */
  learningRate?: number;
  beta1?: number;
  /** Discriminator width (filters of its first layer; default 64). */
  width?: number;
  /** Noise length (default 100). */
  latentDim?: number;
  /** Spectrally normalise the discriminator instead of batch-normalising it (default false). */
  spectralNorm?: boolean;
  /** Seeds the weights, data order, noise and augmentation (default 0). */
  seed?: number;
  /** Steps between sample grids (default 500) and between checkpoints (default 500). */
  sampleEvery?: number;
  checkpointEvery?: number;
  /** Continue the run in `outDir` exactly from its last complete checkpoint. */
  resume?: boolean;
  /** Replace a run already in `outDir`. */
  overwrite?: boolean;
  /** 0 silent, 1 progress and messages (default 1). */
  verbose?: 0 | 1;
  stream?: ProgressStream;
  onWarning?: (message: string) => void;
  /** Stop after this many steps in this call (tests of interruption; default none). */
  maxSteps?: number;
  /** Prefix of error messages (default `trainGan`). */
  op?: string;
}

/** What {@link trainGan} did. */
export interface TrainGanResult {
  readonly runDir: string;
  readonly state: GanState;
  /** The averaged generator (or the generator itself without averaging), in inference mode. */
  readonly generator: Model;
  readonly discriminator: Model;
  /** Steps this call took, and its seconds. */
  readonly steps: number;
  readonly seconds: number;
  /** Why training stopped. */
  readonly stoppedBy: 'epochs' | 'minutes' | 'maxSteps';
}

function positive(op: string, name: string, v: number, integer = true): number {
  if (!(Number.isFinite(v) && v > 0 && (!integer || Number.isInteger(v)))) throw new ArgumentError(`${op}: ${name} must be a positive ${integer ? 'integer' : 'number'}, got ${v}`);
  return v;
}

function newSettings(op: string, data: GanData, options: TrainGanOptions): GanSettings {
  const size = options.size ?? (data.source === 'mnist' ? 28 : 64);
  const conditional = options.conditional ?? false;
  if (conditional && data.classNames.length < 2) throw new ArgumentError(`${op}: --conditional needs at least two classes (sub-folders); ${data.source} has ${data.classNames.length}`);
  const architecture = resolveArchitecture(op, {
    size, channels: data.train.channels, numClasses: conditional ? data.classNames.length : 0,
    ...(options.latentDim !== undefined ? { latentDim: options.latentDim } : {}), ...(options.width !== undefined ? { width: options.width } : {}),
    spectralNorm: options.spectralNorm ?? false,
  });
  const batchSize = positive(op, 'batchSize', options.batchSize ?? 64);
  if (data.train.count < batchSize) {
    throw new ArgumentError(`${op}: ${data.source} has ${data.train.count} image${data.train.count === 1 ? '' : 's'}, fewer than one batch of ${batchSize}; add images or lower --batch-size`);
  }
  const loss = checkGanLoss(op, options.loss ?? 'nsgan');
  const labelSmoothing = options.labelSmoothing ?? (loss === 'nsgan' ? 0.1 : 0);
  if (!(labelSmoothing >= 0 && labelSmoothing < 0.5)) throw new ArgumentError(`${op}: labelSmoothing must be in [0, 0.5), got ${labelSmoothing}`);
  const emaDecay = options.emaDecay ?? 0.999;
  if (!(emaDecay >= 0 && emaDecay < 1)) throw new ArgumentError(`${op}: emaDecay must be in [0, 1) (0 turns averaging off), got ${emaDecay}`);
  return {
    architecture, data: data.source, classNames: data.classNames, batchSize, seed: options.seed ?? 0, loss, labelSmoothing,
    augment: parseDiffAugmentPolicy(op, options.augment ?? (data.train.count < 5000 ? 'color,translation,cutout' : 'none')),
    emaDecay, learningRate: positive(op, 'learningRate', options.learningRate ?? 2e-4, false), beta1: options.beta1 ?? 0.5, beta2: 0.999,
    sampleEvery: positive(op, 'sampleEvery', options.sampleEvery ?? 500), checkpointEvery: positive(op, 'checkpointEvery', options.checkpointEvery ?? 500),
    trainCount: data.train.count, stepsPerEpoch: Math.floor(data.train.count / batchSize),
  };
}

/** Checks that options given on resume agree with the run's settings. */
function checkResumeOptions(op: string, runDir: string, settings: GanSettings, options: TrainGanOptions): void {
  checkResumeSettings(op, runDir, [
    ['size', options.size, settings.architecture.size], ['batchSize', options.batchSize, settings.batchSize], ['seed', options.seed, settings.seed],
    // --conditional is a switch: only asking for it can disagree with the run.
    ['loss', options.loss, settings.loss], ['conditional', options.conditional ? true : undefined, settings.architecture.numClasses > 0],
  ]);
}

const adam = (s: GanSettings) => new Adam({ learningRate: s.learningRate, beta1: s.beta1, beta2: s.beta2, epsilon: 1e-8 });

/** The fixed noise (and labels, one class per row when conditional) of the run's sample grids. */
export function fixedNoise(settings: GanSettings, count = 64): { z: Tensor; labels: Tensor | null } {
  const rng = new Random(mixSeed(settings.seed, 0xf1ed));
  const z = rng.normal([count, settings.architecture.latentDim]);
  const k = settings.architecture.numClasses;
  const labels = k > 0 ? tensor(Int32Array.from({ length: count }, (_, i) => Math.floor(i / Math.ceil(count / k)) % k), [count, 1], 'int32') : null;
  return { z, labels };
}

function emptyHistory(): GanHistory {
  return { step: [], discriminatorLoss: [], generatorLoss: [], dReal: [], dFake: [], pending: [0, 0, 0, 0, 0] };
}

function logStep(history: GanHistory, step: number, r: GanStepResult): void {
  const p = history.pending;
  p[0]! += 1;
  p[1]! += r.discriminatorLoss;
  p[2]! += r.generatorLoss;
  p[3]! += r.dReal;
  p[4]! += r.dFake;
  if (p[0]! < HISTORY_EVERY) return;
  const round = (v: number) => Number((v / p[0]!).toPrecision(6));
  history.step.push(step);
  history.discriminatorLoss.push(round(p[1]!));
  history.generatorLoss.push(round(p[2]!));
  history.dReal.push(round(p[3]!));
  history.dFake.push(round(p[4]!));
  history.pending = [0, 0, 0, 0, 0];
}

/**
 * Trains a DCGAN on `source` (`mnist`, an image folder with one sub-folder per class, or a patches
 * folder with `train/` and `val/`) and writes the run folder `options.outDir`.
 *
 * @example
 * const run = await trainGan('mnist', { outDir: 'runs/digits', minutes: 10 });
 * const images = generate(run.generator, new Random(1).normal([16, 100]), null);
 */
export async function trainGan(source: string, options: TrainGanOptions): Promise<TrainGanResult> {
  const op = options.op ?? 'trainGan';
  if (typeof options.outDir !== 'string' || options.outDir === '') throw new ArgumentError(`${op}: outDir (the run folder) is required`);
  if (options.resume && options.overwrite) throw new ArgumentError(`${op}: resume and overwrite exclude each other`);
  const runDir = resolve(options.outDir);
  const verbose = options.verbose ?? 1;
  const stream = options.stream ?? process.stdout;
  const say = (line: string) => { if (verbose) stream.write(`${line}\n`); };
  const warn = options.onWarning ?? ((m: string) => say(`warning: ${m}`));
  const existing = existsSync(runDir) ? latestGanCheckpoint(runDir, op) : null;
  if (options.resume && !existing) throw new ArgumentError(`${op}: ${runDir} holds no complete checkpoint to resume from; start a new run without --resume`);
  if (!options.resume && !options.overwrite && existing) throw new ArgumentError(`${op}: ${runDir} already holds a run; choose another run folder, continue it (--resume) or replace it (--overwrite)`);

  let settings: GanSettings;
  let state: GanState;
  let nets: { generator: Model; discriminator: Model; generatorOptimizer: Adam; discriminatorOptimizer: Adam };
  let emaWeights: ReadonlyMap<string, Tensor> | null = null;
  let data: GanData;
  if (options.resume) {
    settings = readGanState(existing!.path).settings;
    checkResumeOptions(op, runDir, settings, options);
    if (options.learningRate !== undefined && options.learningRate !== settings.learningRate) {
      // The one setting a resume may change: the NaN guard's first remedy is a lower learning rate.
      say(`Learning rate changed from ${settings.learningRate} to ${options.learningRate}`);
      settings = { ...settings, learningRate: positive(op, 'learningRate', options.learningRate, false) };
    }
    const saved = readGanCheckpoint(existing!.path, { generator: adam(settings), discriminator: adam(settings) });
    data = await openGanData(settings.data, { size: settings.architecture.size, channels: settings.architecture.channels, onWarning: warn, op });
    if (data.train.count !== settings.trainCount) throw new ArgumentError(`${op}: cannot resume ${runDir}: ${settings.data} now has ${data.train.count} images, the run was trained on ${settings.trainCount}`);
    nets = { generator: saved.generator, discriminator: saved.discriminator, generatorOptimizer: saved.generatorOptimizer as Adam, discriminatorOptimizer: saved.discriminatorOptimizer as Adam };
    state = saved.state;
    emaWeights = saved.emaWeights;
    say(`Resuming ${runDir} at step ${state.step} (epoch ${state.epoch + 1}, ${existing!.name})`);
  } else {
    checkImageSize(op, options.size ?? (source === 'mnist' ? 28 : 64));
    data = await openGanData(source, { size: options.size ?? (source === 'mnist' ? 28 : 64), ...(options.channels ? { channels: options.channels } : {}), onWarning: warn, op });
    settings = newSettings(op, data, options);
    const seed = settings.seed;
    nets = {
      generator: buildGenerator(settings.architecture, mixSeed(seed, 1)), discriminator: buildDiscriminator(settings.architecture, mixSeed(seed, 2)),
      generatorOptimizer: adam(settings), discriminatorOptimizer: adam(settings),
    };
    state = { format: 'atelier-gan', version: 1, settings, step: 0, epoch: 0, stepInEpoch: 0, emaUpdates: 0, seconds: 0, history: emptyHistory(), warnings: [] };
    if (options.overwrite) for (const old of listSnapshots(runDir, GAN_SNAPSHOT_KIND)) removeSnapshot(old);
  }
  const arch = settings.architecture;
  say(`Data: ${data.source === 'mnist' ? 'mnist (10,000 digits)' : data.source}, ${data.train.count} images at ${arch.size}×${arch.size}×${arch.channels}` +
    `${arch.numClasses > 0 ? `, conditional on ${arch.numClasses} classes` : ''}; ${settings.stepsPerEpoch} steps per epoch of ${settings.batchSize}`);
  say(`Loss ${settings.loss}${settings.loss === 'nsgan' ? ` (label smoothing ${settings.labelSmoothing})` : ''}, DiffAugment ${settings.augment.join('+') || 'off'}, ` +
    `weight average ${settings.emaDecay > 0 ? settings.emaDecay : 'off'}, Adam ${settings.learningRate} β1 ${settings.beta1}${arch.spectralNorm ? ', spectral norm in D' : ''}; ` +
    `G ${nets.generator.countParams().toLocaleString('en-US')} and D ${nets.discriminator.countParams().toLocaleString('en-US')} parameters`);

  const ema = settings.emaDecay > 0 ? new WeightAverage(nets.generator, settings.emaDecay) : null;
  if (ema && emaWeights) ema.load(emaWeights, state.emaUpdates);
  const sampler = buildGenerator(arch, 0);
  let averagedAt = -1;
  /** The generator samples come from: the weight average with its standing statistics (computed once per step). */
  const averaged = (): Model => {
    if (averagedAt === step) return sampler;
    assignWeights(sampler, ema ? ema.weights(nets.generator) : new Map(nets.generator.weights.map((w) => [w.name, w])), 'the generator average');
    if (ema) standingStatistics(sampler, arch.latentDim, arch.numClasses, new Random(mixSeed(settings.seed, 0x57a7, step)));
    averagedAt = step;
    return sampler;
  };
  const history: GanHistory = { ...state.history, pending: [...state.history.pending] };
  const warnings = [...state.warnings];
  const noise = fixedNoise(settings);
  let { step, epoch, stepInEpoch } = state;
  const startSeconds = state.seconds;
  const epochs = options.epochs ?? (options.minutes !== undefined ? Infinity : 20);
  if (options.epochs !== undefined) positive(op, 'epochs', options.epochs);
  const budgetMs = options.minutes !== undefined ? positive(op, 'minutes', options.minutes, false) * 60_000 : Infinity;
  const started = performance.now();
  const progress = verbose ? new GanProgress(stream, settings.stepsPerEpoch) : null;
  const watch = new DiscriminatorWatch();
  const info = (): GanState => ({
    format: 'atelier-gan', version: 1, settings, step, epoch, stepInEpoch, emaUpdates: ema?.updates ?? 0,
    seconds: startSeconds + (performance.now() - started) / 1000, history: { ...history, pending: [...history.pending] }, warnings,
  });
  let lastSaved = step;
  let hasCheckpoint = existing !== null && options.resume === true;
  const save = async () => {
    const emaWeights = ema ? new Map(averaged().weights.map((w) => [w.name, w as Tensor])) : null;
    writeGanCheckpoint(runDir, { ...nets, emaWeights, state: info() });
    lastSaved = step;
    hasCheckpoint = true;
    await writeGanCurves(runDir, history);
  };
  // MNIST runs check the class histogram at every grid when the judge is already cached (it is never trained mid-run).
  const judge = data.source === 'mnist' && arch.size === 28 ? cachedMnistJudge() : null;
  let collapsedBefore = false;
  const checkHistogram = () => {
    if (!judge || step === 0) return;
    const { images } = sampleFrom(averaged(), info(), { count: 500, seed: mixSeed(settings.seed, 0x415, step) });
    const { probs } = judgeImages(judge.model, images);
    const shares = new Array<number>(10).fill(0);
    let confident = 0;
    for (let i = 0; i < 500; i++) {
      let best = 0;
      for (let c = 1; c < 10; c++) if (probs[i * 10 + c]! > probs[i * 10 + best]!) best = c;
      shares[best]! += 1 / 500;
      if (probs[i * 10 + best]! >= 0.9) confident++;
    }
    // Until the samples look like digits (30% confidently labelled), their histogram says nothing.
    const message = confident >= 150 ? histogramCollapseMessage(shares, settings.classNames) : null;
    if (message && !collapsedBefore) {
      warnings.push({ step, message });
      progress?.interrupt();
      warn(`step ${step}: ${message}`);
    }
    collapsedBefore = message !== null;
  };
  const grid = async () => {
    checkHistogram();
    const images = generate(averaged(), noise.z, noise.labels);
    await sampleGrid(images, { path: join(runDir, 'samples', `step-${String(step).padStart(6, '0')}.png`) });
    await sampleGrid(images, { path: join(runDir, 'samples', 'latest.png') });
  };
  if (step === 0) await grid();

  let stoppedBy: TrainGanResult['stoppedBy'] = 'epochs';
  let stepsThisCall = 0;
  training: while (epoch < epochs) {
    const order = epochOrder(data.train.count, settings.seed, epoch);
    while (stepInEpoch < settings.stepsPerEpoch) {
      const rows = order.subarray(stepInEpoch * settings.batchSize, (stepInEpoch + 1) * settings.batchSize);
      const batch = gatherBatch(data.train, rows);
      const result = ganStep({ ...nets, latentDim: arch.latentDim, numClasses: arch.numClasses }, batch.x, arch.numClasses > 0 ? batch.labels : null,
        new Random(mixSeed(settings.seed, 0x57e9, step)), settings);
      batch.x.dispose();
      batch.labels.dispose();
      if (result.nonFinite) {
        progress?.end();
        const report = makeNonFiniteReport({
          epoch, epochs: Number.isFinite(epochs) ? epochs : epoch + 1, batch: stepInEpoch, steps: settings.stepsPerEpoch, loss: result.nonFinite.loss,
          culprit: result.nonFinite.culprit, dataIssue: null, action: 'stop', learningRate: settings.learningRate,
        });
        const saved = hasCheckpoint
          ? `The last good checkpoint (step ${lastSaved}) in ${runDir} is intact; resume from it with --resume (and e.g. a lower --learning-rate).`
          : `No checkpoint had been written yet (the first comes at step ${settings.checkpointEvery}); start again with what the remedies say.`;
        const message = `${op}: ${result.nonFinite.network} update at step ${step + 1}: ${report.message}\n${saved}`;
        throw new NonFiniteError({ ...report, message });
      }
      step++;
      stepInEpoch++;
      stepsThisCall++;
      ema?.update(nets.generator);
      logStep(history, step, result);
      const warning = watch.observe(result.discriminatorLoss);
      if (warning) {
        warnings.push({ step, message: warning });
        progress?.interrupt();
        warn(`step ${step}: ${warning}`);
      }
      const elapsed = performance.now() - started;
      progress?.update({ step, epoch, stepInEpoch, result, seconds: elapsed / 1000 });
      if (step % settings.sampleEvery === 0) await grid();
      const outOfTime = elapsed >= budgetMs;
      const maxed = options.maxSteps !== undefined && stepsThisCall >= options.maxSteps;
      if (stepInEpoch === settings.stepsPerEpoch) {
        epoch++;
        stepInEpoch = 0;
      }
      if (step % settings.checkpointEvery === 0 || outOfTime || maxed) await save();
      if (outOfTime || maxed) {
        stoppedBy = outOfTime ? 'minutes' : 'maxSteps';
        break training;
      }
      if (stepInEpoch === 0) break;
    }
  }
  progress?.end();
  if (lastSaved !== step || step === 0) await save();
  if (step % settings.sampleEvery !== 0) await grid();
  const seconds = (performance.now() - started) / 1000;
  say(`Stopped after ${stoppedBy === 'minutes' ? `the ${options.minutes}-minute budget` : stoppedBy === 'maxSteps' ? `${stepsThisCall} steps` : `${epoch} epochs`}: ` +
    `step ${step}, epoch ${epoch + (stepInEpoch > 0 ? 1 : 0)}, ${(stepsThisCall / Math.max(seconds, 1e-9)).toFixed(2)} steps/s (${(stepsThisCall * settings.batchSize / Math.max(seconds, 1e-9)).toFixed(0)} real images/s)`);
  say(`Saved to ${runDir}/ (checkpoint with both networks, optimizers and the averaged generator; samples/latest.png; curves-loss.png)`);
  return { runDir, state: info(), generator: averaged(), discriminator: nets.discriminator, steps: stepsThisCall, seconds, stoppedBy };
}
