/**
 * Measuring a GAN without Inception. For MNIST runs: the project's judge (see `judge.ts`) gives the
 * share of samples it labels with confidence ≥ 0.9, the class histogram and its entropy (mode
 * collapse), the agreement with the requested class (conditional runs) and FID-MNIST, the Fréchet
 * distance between the judge's penultimate features of samples and of the 10,000 real digits, beside
 * the same distance for the untrained generator. For image folders: agreement of an artist
 * classifier (a `classify train` run) with the requested class, and the memorisation check against
 * held-out real images.
 * @module
 */
import { ArgumentError } from '../../errors.js';
import { noGrad } from '../../autograd/tape.js';
import { tensor } from '../../tensor/creation.js';
import type { Tensor } from '../../tensor/tensor.js';
import { resizeBilinear } from '../../ops/resize.js';
import { loadClassifierRun } from '../classify/run-folder.js';
import { buildGenerator } from './architectures.js';
import { standingStatistics } from './ema.js';
import { Random } from '../../tensor/random.js';
import { mixSeed, openGanData } from './data.js';
import { histogramCollapseMessage } from './health.js';
import { JUDGE_FEATURES, judgeImages, loadMnistJudge } from './judge.js';
import { frechetDistanceOf } from './frechet.js';
import { memorizationCheck, type MemorizationCheck } from './memorization.js';
import { loadGanGenerator } from './run-folder.js';
import { sampleFrom } from './sample.js';

/** Options of {@link evaluateGan}. */
export interface EvaluateGanOptions {
  /** Samples to draw (default 2,000). */
  count?: number;
  /** Seeds the samples (default 1, so they differ from the training grids' fixed noise). */
  seed?: number;
  /** A `classify train` run folder whose classes name the GAN's classes (image-folder runs). */
  classifier?: string;
  /** The judge's cache folder (default `judgeCacheDir()`). */
  judgeDir?: string;
  /** Evaluate the generator's own weights instead of their average (to compare the two). */
  raw?: boolean;
  /** Progress messages (judge training). */
  onMessage?: (message: string) => void;
  op?: string;
}

/** What {@link evaluateGan} measured. */
export interface GanEvaluation {
  readonly runDir: string;
  readonly step: number;
  readonly trainingSeconds: number;
  readonly count: number;
  readonly data: string;
  readonly classNames: readonly string[];
  /** The judge (MNIST runs): its test accuracy and folder. */
  readonly judge: { readonly testAccuracy: number; readonly dir: string } | null;
  /** Share of samples the judge (or the artist classifier) labels with confidence ≥ 0.9. */
  readonly confidentShare: number | null;
  /** Share of samples per class (the judge's or classifier's top label). */
  readonly classShares: readonly number[] | null;
  /** Entropy of {@link classShares} in nats, and its maximum `ln k`. */
  readonly entropy: number | null;
  readonly maxEntropy: number | null;
  /** Conditional runs: share of samples whose top label is the class asked for. */
  readonly agreement: number | null;
  /** FID-MNIST of the samples and of the untrained generator (same architecture and initial seed). */
  readonly fid: number | null;
  readonly fidUntrained: number | null;
  readonly memorization: MemorizationCheck | null;
  /** Health warnings (class-histogram collapse). */
  readonly warnings: readonly string[];
}

function argmaxRows(probs: Float32Array, k: number): { labels: Int32Array; confidence: Float32Array } {
  const n = probs.length / k;
  const labels = new Int32Array(n);
  const confidence = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < k; c++) if (probs[i * k + c]! > probs[i * k + best]!) best = c;
    labels[i] = best;
    confidence[i] = probs[i * k + best]!;
  }
  return { labels, confidence };
}

function labelStatistics(labels: Int32Array, confidence: Float32Array, k: number, requested: Int32Array | null) {
  const n = labels.length;
  const shares = new Array<number>(k).fill(0);
  for (const l of labels) shares[l]! += 1 / n;
  const entropy = Math.max(0, -shares.reduce((s, p) => s + (p > 0 ? p * Math.log(p) : 0), 0));
  const confidentShare = confidence.filter((c) => c >= 0.9).length / n;
  const agreement = requested ? labels.filter((l, i) => l === requested[i]).length / n : null;
  return { shares, entropy, confidentShare, agreement };
}

/**
 * Evaluates the run in `runDir` (see the module comment). MNIST runs train the judge on first use
 * (cached afterwards).
 * @example console.log(formatGanEvaluation(await evaluateGan('runs/digits')));
 */
export async function evaluateGan(runDir: string, options: EvaluateGanOptions = {}): Promise<GanEvaluation> {
  const op = options.op ?? 'evaluateGan';
  const count = options.count ?? 2000;
  if (!(Number.isInteger(count) && count >= 2)) throw new ArgumentError(`${op}: count must be an integer >= 2, got ${count}`);
  const { generator, state } = loadGanGenerator(runDir, op, { useAverage: !options.raw });
  const { settings } = state;
  const arch = settings.architecture;
  const samples = sampleFrom(generator, state, { count, seed: options.seed ?? 1, op });
  const base = { runDir, step: state.step, trainingSeconds: state.seconds, count, data: settings.data, classNames: settings.classNames };
  const warnings: string[] = [];

  if (settings.data === 'mnist') {
    const judge = await loadMnistJudge({ ...(options.judgeDir ? { dir: options.judgeDir } : {}), ...(options.onMessage ? { onMessage: options.onMessage } : {}) });
    const judged = judgeImages(judge.model, samples.images);
    const { labels, confidence } = argmaxRows(judged.probs, 10);
    const stats = labelStatistics(labels, confidence, 10, samples.labels);
    const data = await openGanData('mnist', { size: 28, op });
    const real = judgeImages(judge.model, tensor(Float32Array.from(data.train.pixels, (v) => (v + 1) / 2), [data.train.count, 28, 28, 1])).features;
    const fid = frechetDistanceOf(judged.features, real, JUDGE_FEATURES);
    // The run's generator at step 0, sampled as the run samples (standing statistics when it averages weights).
    const untrained = buildGenerator(arch, mixSeed(settings.seed, 1));
    if (settings.emaDecay > 0) standingStatistics(untrained, arch.latentDim, arch.numClasses, new Random(mixSeed(settings.seed, 0x57a7, 0)));
    const fresh = sampleFrom(untrained, state, { count, seed: options.seed ?? 1, op });
    const fidUntrained = frechetDistanceOf(judgeImages(judge.model, fresh.images).features, real, JUDGE_FEATURES);
    // A histogram of unrecognisable samples says nothing about collapse.
    const collapse = stats.confidentShare >= 0.3 ? histogramCollapseMessage(stats.shares, settings.classNames) : null;
    if (collapse) warnings.push(collapse);
    if (stats.confidentShare < 0.3) warnings.push(`only ${(stats.confidentShare * 100).toFixed(1)}% of the samples are confidently recognised digits: train longer (or check the sample grids)`);
    return {
      ...base, judge: { testAccuracy: judge.info.testAccuracy, dir: judge.dir }, confidentShare: stats.confidentShare, classShares: stats.shares,
      entropy: stats.entropy, maxEntropy: Math.log(10), agreement: stats.agreement, fid, fidUntrained, memorization: null, warnings,
    };
  }

  let confidentShare: number | null = null;
  let classShares: number[] | null = null;
  let entropy: number | null = null;
  let agreement: number | null = null;
  if (options.classifier) {
    const run = await loadClassifierRun(options.classifier, op);
    const [h, w] = run.info.imageSize;
    const probs = noGrad(() => {
      let x: Tensor = samples.images;
      if (run.info.channels !== arch.channels) throw new ArgumentError(`${op}: the classifier takes ${run.info.channels} channels, the GAN makes ${arch.channels}`);
      if (x.shape[1] !== h || x.shape[2] !== w) x = resizeBilinear(x, [h, w]);
      return Float32Array.from((run.model.apply(x, { training: false })).values as Float32Array);
    });
    const k = run.classNames.length;
    const { labels, confidence } = argmaxRows(probs, k);
    const requested = samples.labels ? Int32Array.from(samples.labels, (l) => run.classNames.indexOf(settings.classNames[l]!)) : null;
    if (requested && requested.some((r) => r < 0)) throw new ArgumentError(`${op}: the classifier's classes (${run.classNames.join(', ')}) do not include every class of the GAN (${settings.classNames.join(', ')})`);
    const stats = labelStatistics(labels, confidence, k, requested);
    ({ confidentShare, entropy, agreement } = stats);
    classShares = stats.shares;
  }
  const data = await openGanData(settings.data, { size: arch.size, channels: arch.channels, op });
  const d = arch.size * arch.size * arch.channels;
  const memorization = data.heldOut && data.heldOut.count > 0
    ? memorizationCheck(Float32Array.from(samples.images.values as Float32Array, (v) => v * 2 - 1), data.heldOut.pixels, data.train.pixels, d)
    : null;
  if (memorization && !memorization.passed) warnings.push(`${(memorization.closeShare * 100).toFixed(1)}% of the samples are nearer to a training image than 95% of held-out real images are: the generator may be copying its training set`);
  return {
    ...base, judge: null, confidentShare, classShares, entropy, maxEntropy: classShares ? Math.log(classShares.length) : null, agreement,
    fid: null, fidUntrained: null, memorization, warnings,
  };
}

/** The evaluation as text, one figure per line. */
export function formatGanEvaluation(e: GanEvaluation): string {
  const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
  const lines = [`${e.runDir}: step ${e.step} (${(e.trainingSeconds / 60).toFixed(1)} minutes of training), ${e.count} samples`];
  if (e.judge) lines.push(`judge: MNIST convnet, ${pct(e.judge.testAccuracy)} on its 2,000 held-out test digits (${e.judge.dir})`);
  if (e.confidentShare !== null) lines.push(`confidently labelled (≥ 0.9): ${pct(e.confidentShare)}`);
  if (e.classShares) {
    lines.push(`class histogram: ${e.classShares.map((p, i) => `${e.classNames[i] ?? i} ${pct(p)}`).join(', ')}`);
    lines.push(`smallest class share: ${pct(Math.min(...e.classShares))}; entropy ${e.entropy!.toFixed(3)} of ${e.maxEntropy!.toFixed(3)} nats`);
  }
  if (e.agreement !== null) lines.push(`agreement with the requested class: ${pct(e.agreement)}`);
  if (e.fid !== null) lines.push(`FID-MNIST (judge features; comparable only within atelier): ${e.fid.toFixed(2)}; untrained generator ${e.fidUntrained!.toFixed(2)} (the trained one's is ${(e.fidUntrained! / Math.max(e.fid, 1e-12)).toFixed(1)}× lower)`);
  if (e.memorization) {
    const m = e.memorization;
    lines.push(`memorisation check: median distance to the nearest training image ${m.sampleMedian.toFixed(2)} for samples, ${m.heldOutMedian.toFixed(2)} for held-out real images; ` +
      `${pct(m.closeShare)} of samples nearer than the closest 5% of held-out images — ${m.passed ? 'passed' : 'FAILED'}`);
  }
  for (const w of e.warnings) lines.push(`warning: ${w}`);
  return lines.join('\n');
}
