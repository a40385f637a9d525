/**
 * `trainTextModel`: a corpus in, a run folder out. Truncated back-propagation through time over
 * lanes of the token stream with the recurrent state carried from batch to batch (reset at the
 * start of each epoch, whose documents are shuffled by the seed), Adam with global-norm clipping and
 * an exponential learning-rate decay per epoch, validation on held-out documents after every epoch,
 * a few samples printed, the best model kept, and a checkpoint every N steps and every epoch so
 * `resume` continues exactly. With `minutes`, training stops at the end of the step that runs out of
 * time, validates and saves.
 * @module
 */
import { resolve } from 'node:path';
import { ArgumentError } from '../../errors.js';
import { valueAndGrad } from '../../autograd/grad.js';
import { mean, sparseSoftmaxCrossEntropy } from '../../ops/index.js';
import { tensor } from '../../tensor/creation.js';
import { scope } from '../../tensor/scope.js';
import { Random } from '../../tensor/random.js';
import { deriveSeed } from '../../model/seeding.js';
import { Adam } from '../../nn/optimizers/adam.js';
import { exponentialDecay } from '../../nn/optimizers/schedules.js';
import { SparseCategoricalCrossentropy } from '../../nn/losses/index.js';
import { listSnapshots, removeSnapshot } from '../../io/snapshots.js';
import type { Model } from '../../model/model.js';
import { MODEL_SNAPSHOT_KIND } from '../../model/model-file.js';
import type { ProgressStream } from '../../model/callbacks/progress-bar.js';
import { buildTextModel, initLogitsToUnigram, restoreStates, saveStates, textLogits, TEXT_ARCHS, type CarriedStates, type TextArch } from './model.js';
import { prepareTextData, reopenTextData, type TextData } from './data.js';
import { laneLayout, laneWindow, tokenStream } from './split.js';
import { streamCrossEntropy, crossEntropyFigures, type CrossEntropy } from './cross-entropy.js';
import { generateText } from './generate.js';
import { readTextCheckpoint, writeTextCheckpoint, TEXT_CHECKPOINT_KIND, type TextHistory, type TextProgress } from './checkpoint.js';
import { textRunFiles, type TextRunSettings } from './run-folder.js';
import { writeTextHistory } from './history.js';
import type { CorpusFormat } from './corpus.js';
import type { ScriptChoice } from './script.js';
import type { Tokenizer } from './tokenizer.js';
import { checkResumeSettings } from '../resume-settings.js';

/** Options of {@link trainTextModel}. */
export interface TrainTextOptions {
  /** The run folder (created if needed). */
  outDir: string;
  /** `lstm` (default), `gru` or `transformer`. */
  arch?: TextArch;
  /** Transformer: attention heads (default 4; `units` must divide by it). */
  heads?: number;
  /** Recurrent layers (default 2). */
  layers?: number;
  /** Units per recurrent layer (default 256). */
  units?: number;
  /** Embedding width (default 64). */
  embeddingDim?: number;
  /** Dropout between layers (default 0). */
  dropout?: number;
  /** Tokens per window of truncated back-propagation (default 64). */
  seqLen?: number;
  /** Lanes read in parallel (default 32). */
  batchSize?: number;
  /** Epochs to train (default 10, or unbounded with `minutes`). */
  epochs?: number;
  /** Time budget in minutes for this call: training stops at the end of the step that exceeds it. */
  minutes?: number;
  /** Adam's initial learning rate (default 2e-3). */
  learningRate?: number;
  /** Learning-rate factor per epoch, applied smoothly step by step (default 0.95). */
  decay?: number;
  /** Global-norm gradient clipping (default 5). */
  clipNorm?: number;
  /** Characters seen fewer times in the training text become `<unk>` (default 1). */
  minCount?: number;
  /** Fraction of documents held out (default 0.05; a single document holds out its end). */
  validationFraction?: number;
  script?: ScriptChoice;
  format?: CorpusFormat;
  /** Seeds the split, initial weights, document order and dropout (default 0). */
  seed?: number;
  /** Continue the run in `outDir` from its last checkpoint, exactly; `epochs` may be raised. */
  resume?: boolean;
  /** Replace a run already in `outDir` (its model stays usable until the new run saves one; its checkpoints are dropped at once). */
  overwrite?: boolean;
  /** Write a checkpoint every this many steps, besides each epoch's end (default 200; 0: only at epoch ends). */
  checkpointEvery?: number;
  /** Samples printed after each validation (default 3). */
  samples?: number;
  /** Stop after this many steps in this call, as if killed after a checkpoint (for tests and smoke runs). */
  maxSteps?: number;
  /** 0 silent, 1 progress (default 1). */
  verbose?: 0 | 1;
  stream?: ProgressStream;
  onWarning?: (message: string) => void;
  /** Prefix of error messages (default `trainTextModel`). */
  op?: string;
}

/** What {@link trainTextModel} did. */
export interface TrainTextResult {
  readonly runDir: string;
  readonly settings: TextRunSettings;
  readonly tokenizer: Tokenizer;
  readonly history: TextHistory;
  /** The best validation figures (NaN without held-out text). */
  readonly validation: CrossEntropy;
  /** Why training stopped this time. */
  readonly stoppedBy: 'epochs' | 'minutes' | 'maxSteps';
  /** Optimizer steps taken in the whole run. */
  readonly steps: number;
  /** Samples printed at the last validation. */
  readonly samples: readonly string[];
}

function positive(op: string, name: string, v: number, integer = true): number {
  if (!(integer ? Number.isInteger(v) && v >= 1 : Number.isFinite(v) && v > 0)) throw new ArgumentError(`${op}: ${name} must be ${integer ? 'an integer >= 1' : 'a positive number'}, got ${v}`);
  return v;
}

/**
 * Trains a character-level language model on `corpus` (a file or `tang`, `moby-dick`) into
 * `options.outDir`. See the module description for the method and `run-folder.ts` for the folder.
 *
 * @example await trainTextModel('tang', { outDir: 'runs/tang', minutes: 30, seed: 0 });
 */
export async function trainTextModel(corpus: string, options: TrainTextOptions): Promise<TrainTextResult> {
  const op = options.op ?? 'trainTextModel';
  if (typeof options.outDir !== 'string' || options.outDir === '') throw new ArgumentError(`${op}: outDir (the run folder, -o) is required`);
  if (options.resume && options.overwrite) throw new ArgumentError(`${op}: resume and overwrite exclude each other`);
  const runDir = resolve(options.outDir);
  const verbose = options.verbose ?? 1;
  const stream = options.stream ?? process.stdout;
  const say = (line: string) => verbose && stream.write(`${line}\n`);
  const warn = options.onWarning ?? ((m: string) => console.warn(m));
  const existing = listSnapshots(runDir, TEXT_CHECKPOINT_KIND).length > 0 || listSnapshots(runDir, MODEL_SNAPSHOT_KIND).length > 0;
  const checkpoint = options.resume ? readTextCheckpoint(runDir) : null;
  if (options.resume && !checkpoint) throw new ArgumentError(`${op}: ${runDir} holds no training checkpoint to resume from (start a new run without --resume)`);
  if (!options.resume && existing && !options.overwrite) throw new ArgumentError(`${op}: ${runDir} already holds a run; choose another run folder, continue it (--resume) or replace it (--overwrite)`);

  let settings: TextRunSettings;
  let data: TextData;
  let model: Model;
  if (checkpoint) {
    settings = checkpoint.settings;
    checkResumeSettings(op, runDir, [
      ['arch', options.arch, settings.arch], ['layers', options.layers, settings.layers], ['units', options.units, settings.units], ['heads', options.heads, settings.heads],
      ['seqLen', options.seqLen, settings.seqLen], ['batchSize', options.batchSize, settings.batchSize], ['seed', options.seed, settings.seed],
      ['script', options.script, settings.script],
    ]);
    const source = corpus === settings.corpus || resolve(corpus) === settings.corpus ? settings.corpus : null;
    if (!source) throw new ArgumentError(`${op}: cannot resume ${runDir} on ${corpus}: the run was trained on ${settings.corpus}`);
    data = await reopenTextData(settings, checkpoint.tokenizer, op);
    model = checkpoint.model;
  } else {
    const arch = options.arch ?? 'lstm';
    if (!TEXT_ARCHS.includes(arch)) throw new ArgumentError(`${op}: --arch ${arch} is not available (this version trains ${TEXT_ARCHS.join(', ')})`);
    const seed = options.seed ?? 0;
    const seqLen = positive(op, 'seqLen', options.seqLen ?? 64);
    const batchSize = positive(op, 'batchSize', options.batchSize ?? 32);
    const decay = options.decay ?? 0.95;
    if (!(decay > 0 && decay <= 1)) throw new ArgumentError(`${op}: decay must be in (0, 1], got ${decay}`);
    data = await prepareTextData(corpus, { format: options.format, script: options.script, validationFraction: options.validationFraction, seed, minCount: options.minCount, op });
    const trainTokens = tokenStream(data.train, data.tokenizer.eosId);
    const trainLayout = laneLayout(trainTokens.length, batchSize, seqLen, `${op}: the training text of ${corpus}`);
    if (trainLayout.lanes < batchSize) warn(`${op}: the training text fills only ${trainLayout.lanes} lanes of ${seqLen} tokens; training with batch size ${trainLayout.lanes} instead of ${batchSize}`);
    const count = (docs: readonly Int32Array[]) => docs.reduce((n, d) => n + d.length, 0);
    settings = {
      format: 'atelier-text', version: 1, corpus: data.corpus.source, corpusFormat: data.corpus.format, script: data.corpus.script,
      documents: data.corpus.documents.length, validationFraction: options.validationFraction ?? 0.05, splitMode: data.split.mode,
      trainDocuments: data.split.train.length, validationDocuments: data.split.validation.length,
      trainCharacters: count(data.train), validationCharacters: count(data.validation), minCount: options.minCount ?? 1,
      arch, layers: positive(op, 'layers', options.layers ?? 2), units: positive(op, 'units', options.units ?? 256),
      embeddingDim: positive(op, 'embeddingDim', options.embeddingDim ?? 64), heads: positive(op, 'heads', options.heads ?? 4), dropout: options.dropout ?? 0, seqLen, batchSize,
      learningRate: positive(op, 'learningRate', options.learningRate ?? 2e-3, false), decay, clipNorm: positive(op, 'clipNorm', options.clipNorm ?? 5, false),
      seed, stepsPerEpoch: trainLayout.steps,
    };
    model = buildTextModel({ ...settings, vocabSize: data.tokenizer.vocabSize, maxLength: seqLen });
    initLogitsToUnigram(model, trainTokens, data.tokenizer.vocabSize);
    model.compile({
      optimizer: new Adam({ learningRate: exponentialDecay({ initialLearningRate: settings.learningRate, decaySteps: settings.stepsPerEpoch, decayRate: decay }), globalClipnorm: settings.clipNorm }),
      loss: new SparseCategoricalCrossentropy({ fromLogits: true }),
    });
    // The old model stays usable until the new run's first model snapshot replaces it; its checkpoints go now.
    if (options.overwrite) for (const old of listSnapshots(runDir, TEXT_CHECKPOINT_KIND)) removeSnapshot(old);
  }
  const tokenizer = data.tokenizer;
  const { seed, seqLen } = settings;
  const hasValidation = data.validation.length > 0 && data.validation.some((d) => d.length > 0);
  const validationStream = hasValidation ? tokenStream(data.validation, tokenizer.eosId) : null;
  const epochs = options.epochs ?? (options.minutes !== undefined ? Infinity : 10);
  if (options.epochs !== undefined) positive(op, 'epochs', options.epochs);
  if (options.minutes !== undefined) positive(op, 'minutes', options.minutes, false);
  const deadline = options.minutes !== undefined ? performance.now() + options.minutes * 60_000 : Infinity;
  const checkpointEvery = options.checkpointEvery ?? 200;
  const sampleCount = options.samples ?? 3;
  const optimizer = model.compiled!.optimizer;
  const variables = model.trainableWeights;

  let p: TextProgress = checkpoint?.progress ?? {
    format: 'atelier-text-progress', version: 1, epoch: 0, step: 0, globalStep: 0, lossSum: 0, lossCount: 0, epochSeconds: 0,
    history: { epoch: [], loss: [], val_loss: [], seconds: [] }, bestValLoss: null, elapsedSeconds: 0,
  };
  say(`Data: ${settings.corpus}: ${settings.trainDocuments} training document${settings.trainDocuments === 1 ? '' : 's'} (${settings.trainCharacters} characters), ` +
    `${settings.validationDocuments} held out (${settings.validationCharacters} characters, ${settings.splitMode === 'tail' ? `the last ${Math.round(settings.validationFraction * 100)}%` : `${Math.round(settings.validationFraction * 100)}% of the documents, seed ${seed}`}); ` +
    `vocabulary ${tokenizer.vocabSize} (min count ${settings.minCount})`);
  say(`Model: ${settings.arch === 'transformer' ? `Transformer, ${settings.layers} blocks of width ${settings.units}, ${settings.heads} heads, context ${seqLen}` : `${settings.layers}×${settings.units} ${settings.arch.toUpperCase()}, embedding ${settings.embeddingDim}`}, dropout ${settings.dropout}; ` +
    `${settings.arch === 'transformer' ? 'windows of' : 'TBPTT'} ${seqLen} steps × ${settings.batchSize} lanes, ${settings.stepsPerEpoch} steps per epoch; Adam ${settings.learningRate} × ${settings.decay}/epoch, clip ${settings.clipNorm}`);
  if (checkpoint) say(`Resuming ${runDir} at epoch ${p.epoch + 1}, step ${p.step}/${settings.stepsPerEpoch} from ${checkpoint.snapshot.name}`);

  let stoppedBy: TrainTextResult['stoppedBy'] = 'epochs';
  let stepsThisCall = 0;
  let lastSamples: string[] = [];
  let best = p.bestValLoss;
  const save = (progress: TextProgress, states: CarriedStates | null) => writeTextCheckpoint(runDir, model, tokenizer, settings, progress, states);
  while (p.epoch < epochs) {
    const epochStart = performance.now() - p.epochSeconds * 1000;
    const order = settings.splitMode === 'documents' ? new Random(deriveSeed(seed + 1, p.epoch)).permutation(data.train.length) : undefined;
    const train = tokenStream(data.train, tokenizer.eosId, order);
    const layout = laneLayout(train.length, settings.batchSize, seqLen, `${op}: the training text`);
    restoreStates(model, p.step > 0 ? checkpoint?.states ?? null : null);
    let { step, lossSum, lossCount, globalStep } = p;
    const tick = progressTicker(stream, verbose === 1, p.epoch, epochs, layout.steps);
    let stopNow = false;
    while (step < layout.steps) {
      const { x, y } = laneWindow(train, layout, step);
      const rng = new Random(deriveSeed(seed ^ 0x6a09e667, globalStep));
      const loss = scope(() => {
        const xs = tensor(x, [layout.lanes, seqLen], 'int32');
        const ys = tensor(y, [layout.lanes, seqLen], 'int32');
        const { value, grads } = valueAndGrad((..._w) => mean(sparseSoftmaxCrossEntropy(textLogits(model, xs, true, rng), ys)))(...variables);
        const v = value.item();
        if (Number.isFinite(v)) optimizer.applyGradients(grads, variables);
        return v;
      });
      if (!Number.isFinite(loss)) {
        throw new ArgumentError(`${op}: the training loss became ${loss} at epoch ${p.epoch + 1}, step ${step + 1}; the last checkpoint in ${runDir} is from before it (lower the learning rate or clipNorm and resume)`);
      }
      step++;
      globalStep++;
      stepsThisCall++;
      lossSum += loss;
      lossCount++;
      tick(step, lossSum / lossCount, layout.lanes * seqLen);
      const outOfTime = performance.now() >= deadline;
      const outOfSteps = options.maxSteps !== undefined && stepsThisCall >= options.maxSteps;
      const elapsed = p.elapsedSeconds + (performance.now() - epochStart) / 1000 - p.epochSeconds;
      const mid = { ...p, step, globalStep, lossSum, lossCount, epochSeconds: (performance.now() - epochStart) / 1000, elapsedSeconds: elapsed };
      if (outOfSteps && step < layout.steps) {
        save(mid, saveStates(model, layout.lanes));
        stoppedBy = 'maxSteps';
        stopNow = true;
        break;
      }
      if (outOfTime && step < layout.steps) {
        p = mid;
        stoppedBy = 'minutes';
        stopNow = true;
        break;
      }
      if (checkpointEvery > 0 && step % checkpointEvery === 0 && step < layout.steps) save(mid, saveStates(model, layout.lanes));
      if (outOfSteps) stoppedBy = 'maxSteps';
    }
    if (stoppedBy === 'maxSteps' && stopNow) return finish();
    const endOfEpoch = step >= layout.steps;
    const trainStates = endOfEpoch ? null : saveStates(model, layout.lanes);
    const trainLoss = lossSum / lossCount;
    const val = validationStream ? streamCrossEntropy(model, validationStream, settings.batchSize, seqLen, `${op}: the held-out text`) : crossEntropyFigures(NaN, 0);
    lastSamples = sampleCount > 0 ? generateText(model, tokenizer, { count: sampleCount, length: 120, temperature: 0.8, seed: deriveSeed(seed, p.epoch), warmup: settings.splitMode === 'documents' }) : [];
    const epochSeconds = (performance.now() - epochStart) / 1000;
    const history: TextHistory = {
      epoch: [...p.history.epoch, endOfEpoch ? p.epoch + 1 : p.epoch + step / layout.steps],
      loss: [...p.history.loss, trainLoss], val_loss: [...p.history.val_loss, val.natsPerChar], seconds: [...p.history.seconds, epochSeconds],
    };
    const improved = hasValidation ? best === null || val.natsPerChar < best : true;
    if (improved) {
      best = hasValidation ? val.natsPerChar : best;
      model.save(runDir, { includeOptimizer: false, files: textRunFiles(tokenizer, settings) });
    }
    const elapsedSeconds = p.elapsedSeconds + epochSeconds - p.epochSeconds;
    p = endOfEpoch
      ? { ...p, epoch: p.epoch + 1, step: 0, globalStep, lossSum: 0, lossCount: 0, epochSeconds: 0, history, bestValLoss: best, elapsedSeconds }
      : { ...p, step, globalStep, lossSum: 0, lossCount: 0, epochSeconds: 0, history, bestValLoss: best, elapsedSeconds };
    save(p, trainStates);
    await writeTextHistory(runDir, history, lastSamples);
    say(`Epoch ${endOfEpoch ? p.epoch : (p.epoch + step / layout.steps).toFixed(2)}${Number.isFinite(epochs) ? `/${epochs}` : ''}: loss ${trainLoss.toFixed(4)}` +
      (hasValidation ? ` - val ${val.natsPerChar.toFixed(4)} nats/char (${val.bitsPerChar.toFixed(3)} bits/char, perplexity ${val.perplexity.toFixed(2)})${improved ? ' - saved' : ''}` : '') +
      ` - ${epochSeconds.toFixed(1)}s`);
    for (const s of lastSamples) say(`  » ${s.replace(/\n/g, ' ⏎ ').slice(0, 160)}`);
    if (stopNow || stoppedBy === 'maxSteps') break;
    // Out of time exactly at an epoch's end: the epoch is validated and saved; start no other.
    if (performance.now() >= deadline) {
      stoppedBy = 'minutes';
      break;
    }
  }
  return finish();

  function finish(): TrainTextResult {
    const bestVal = p.bestValLoss === null ? NaN : p.bestValLoss;
    if (stoppedBy !== 'maxSteps') say(`Best validation loss ${Number.isNaN(bestVal) ? 'n/a' : `${bestVal.toFixed(4)} nats/char`}; ${p.globalStep} steps, ${(p.elapsedSeconds / 60).toFixed(1)} min of training; saved to ${runDir}/`);
    return {
      runDir, settings, tokenizer, history: p.history, validation: crossEntropyFigures(bestVal, settings.validationCharacters),
      stoppedBy, steps: p.globalStep, samples: lastSamples,
    };
  }
}

/** Prints progress within an epoch: rewritten in place on a terminal, every 10% otherwise. */
function progressTicker(stream: ProgressStream, on: boolean, epoch: number, epochs: number, steps: number): (step: number, loss: number, tokens: number) => void {
  const start = performance.now();
  let first = -1;
  let lastTenth = -1;
  const tty = Boolean((stream as { isTTY?: boolean }).isTTY);
  return (step, loss, tokens) => {
    if (!on) return;
    if (first < 0) first = step - 1;
    const seconds = (performance.now() - start) / 1000;
    const rate = ((step - first) * tokens) / Math.max(seconds, 1e-9);
    const eta = ((steps - step) * tokens) / Math.max(rate, 1e-9);
    const line = `Epoch ${epoch + 1}${Number.isFinite(epochs) ? `/${epochs}` : ''} - ${step}/${steps} - loss ${loss.toFixed(4)} - ${Math.round(rate)} chars/s - ETA ${eta.toFixed(0)}s`;
    const tenth = Math.floor((step * 10) / steps);
    if (tty) stream.write(`\r${line}${step === steps ? '\n' : ''}`);
    else if (tenth !== lastTenth) {
      lastTenth = tenth;
      stream.write(`${line}\n`);
    }
  };
}

