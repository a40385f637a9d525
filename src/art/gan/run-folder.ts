/**
 * The GAN run folder: every state of a run is one snapshot (`run/checkpoint-<n>/`, made visible in
 * one atomic rename by `commitSnapshot`) holding both networks, both optimizer states, the averaged
 * generator, the counters and the run's settings, so a crash at any moment leaves the previous
 * complete checkpoint or the new one, never a mix:
 *
 * ```
 * run/checkpoint-000012/
 *   generator.json, generator.safetensors           the generator (modelFiles: config + weights)
 *   generator-ema.safetensors                       its exponential moving average (used for sampling)
 *   discriminator.json, discriminator.safetensors   the discriminator
 *   generator-optimizer.safetensors, discriminator-optimizer.safetensors   both Adam states
 *   gan.json                                        settings, class names, counters, loss history
 * run/samples/step-000500.png, run/samples/latest.png   fixed-noise sample grids (pictures, written atomically)
 * run/curves-loss.svg|png, run/curves-d.svg|png          loss curves and D(x), D(G(z))
 * ```
 * Randomness needs no saved generator state: the data order of epoch `e` and every random draw of
 * step `t` come from generators seeded with `(seed, e)` and `(seed, t)`.
 * @module
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ArgumentError } from '../../errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import { shapesEqual } from '../../tensor/shape.js';
import { FileFormatError } from '../../io/file-format-error.js';
import { encodeSafetensors, readSafetensors } from '../../io/safetensors.js';
import { commitSnapshot, latestSnapshot, type Snapshot } from '../../io/snapshots.js';
import { modelFiles } from '../../model/save-model.js';
import { modelFromConfig, type LayerResolver } from '../../model/model-from-config.js';
import { MODEL_FILE, WEIGHTS_FILE, type ModelFile } from '../../model/model-file.js';
import type { Model } from '../../model/model.js';
import type { Optimizer } from '../../nn/optimizers/optimizer.js';
import { deserializeLayer, getLayerClass } from '../../nn/layers/index.js';
import type { GanArchitecture } from './architectures.js';
import type { GanLoss } from './losses.js';
import type { DiffAugmentOp } from './diff-augment.js';
import './projection.js';

/** The snapshot kind of GAN checkpoints. */
export const GAN_SNAPSHOT_KIND = 'checkpoint';
/** Settings, counters and history inside a checkpoint. */
export const GAN_STATE_FILE = 'gan.json';

/** The settings that define a run; a resumed run keeps them. */
export interface GanSettings {
  readonly architecture: GanArchitecture;
  /** `mnist` or the data folder's absolute path. */
  readonly data: string;
  readonly classNames: readonly string[];
  readonly batchSize: number;
  readonly seed: number;
  readonly loss: GanLoss;
  readonly labelSmoothing: number;
  readonly augment: readonly DiffAugmentOp[];
  /** 0 when the generator's weights are not averaged. */
  readonly emaDecay: number;
  readonly learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  /** Steps between fixed-noise sample grids and between checkpoints. */
  readonly sampleEvery: number;
  readonly checkpointEvery: number;
  /** Images in the training set, and steps per epoch (`floor(images / batch)`). */
  readonly trainCount: number;
  readonly stepsPerEpoch: number;
}

/** The losses logged every {@link HISTORY_EVERY} steps (means over those steps). */
export interface GanHistory {
  /** Step count at the end of each logged window. */
  readonly step: number[];
  readonly discriminatorLoss: number[];
  readonly generatorLoss: number[];
  readonly dReal: number[];
  readonly dFake: number[];
  /** Sums over the window in progress: `[steps, dLoss, gLoss, dReal, dFake]`. */
  pending: number[];
}

/** Steps per history point. */
export const HISTORY_EVERY = 10;

/** What `gan.json` holds. */
export interface GanState {
  readonly format: 'atelier-gan';
  readonly version: 1;
  readonly settings: GanSettings;
  /** Optimizer steps taken (one discriminator and one generator update each). */
  readonly step: number;
  /** Epochs completed, and steps into the current one. */
  readonly epoch: number;
  readonly stepInEpoch: number;
  /** Updates of the weight average (equals `step` when averaging is on). */
  readonly emaUpdates: number;
  /** Wall-clock seconds of training so far, over every session of the run. */
  readonly seconds: number;
  readonly history: GanHistory;
  /** Warnings the health checks gave (step and message). */
  readonly warnings: readonly { step: number; message: string }[];
}

/** Everything a checkpoint holds, in memory. */
export interface GanCheckpoint {
  readonly generator: Model;
  readonly discriminator: Model;
  readonly generatorOptimizer: Optimizer;
  readonly discriminatorOptimizer: Optimizer;
  /** The averaged generator weights by name (null without averaging). */
  readonly emaWeights: ReadonlyMap<string, Tensor> | null;
  readonly state: GanState;
}

/** A model's files renamed with a prefix (`generator.json`, `generator.safetensors`). */
function prefixedModelFiles(model: Model, prefix: string): Map<string, Uint8Array | string> {
  const files = modelFiles(model, { includeOptimizer: false });
  const json = JSON.parse(files.get(MODEL_FILE) as string) as ModelFile;
  json.weights.file = `${prefix}.safetensors`;
  return new Map<string, Uint8Array | string>([[`${prefix}.json`, `${JSON.stringify(json, null, 1)}\n`], [`${prefix}.safetensors`, files.get(WEIGHTS_FILE)!]]);
}

/** Writes a checkpoint into `runDir` as one new snapshot (older ones are pruned after it is in place). */
export function writeGanCheckpoint(runDir: string, checkpoint: GanCheckpoint): Snapshot {
  const files = new Map<string, Uint8Array | string>([...prefixedModelFiles(checkpoint.generator, 'generator'), ...prefixedModelFiles(checkpoint.discriminator, 'discriminator')]);
  if (checkpoint.emaWeights) files.set('generator-ema.safetensors', encodeSafetensors(new Map(checkpoint.emaWeights), { format: 'atelier-gan-ema' }));
  for (const [name, opt] of [['generator', checkpoint.generatorOptimizer], ['discriminator', checkpoint.discriminatorOptimizer]] as const) {
    files.set(`${name}-optimizer.safetensors`, encodeSafetensors(opt.stateDict(), { optimizer: opt.className, iterations: String(opt.iterations) }));
  }
  files.set(GAN_STATE_FILE, `${JSON.stringify(checkpoint.state)}\n`);
  return commitSnapshot(runDir, GAN_SNAPSHOT_KIND, files, { keep: 1 });
}

const builtInLayers: LayerResolver = { knows: (name) => getLayerClass(name) !== undefined, create: deserializeLayer };

/** Rebuilds `<prefix>.json` of a snapshot with the weights of `weightsFile` (default its own). */
export function readSnapshotModel(folder: string, prefix: string, weightsFile?: string): Model {
  const jsonPath = join(folder, `${prefix}.json`);
  let file: ModelFile;
  try {
    file = JSON.parse(readFileSync(jsonPath, 'utf8')) as ModelFile;
  } catch (e) {
    throw new FileFormatError(`${jsonPath}: cannot read the ${prefix} (${(e as Error).message})`);
  }
  const model = modelFromConfig(file.className, file.config, `${jsonPath}: config`, {}, builtInLayers);
  const weightsPath = join(folder, weightsFile ?? file.weights.file);
  assignWeights(model, readSafetensors(weightsPath).tensors, weightsPath);
  return model;
}

/** Assigns tensors to a model's weights by name; throws naming the file and the first mismatch. */
export function assignWeights(model: Model, tensors: ReadonlyMap<string, Tensor>, file: string): void {
  for (const w of model.weights) {
    const t = tensors.get(w.name);
    if (!t) throw new FileFormatError(`${file}: tensor '${w.name}' is missing`);
    if (!shapesEqual(t.shape, w.shape) || t.dtype !== w.dtype) throw new FileFormatError(`${file}: tensor '${w.name}' is ${t.dtype} [${t.shape.join(',')}], the model expects ${w.dtype} [${w.shape.join(',')}]`);
    w.assign(t);
  }
}

/** Reads `gan.json` of a snapshot. */
export function readGanState(folder: string): GanState {
  const path = join(folder, GAN_STATE_FILE);
  let state: GanState;
  try {
    state = JSON.parse(readFileSync(path, 'utf8')) as GanState;
  } catch (e) {
    throw new FileFormatError(`${path}: cannot read the run state (${(e as Error).message})`);
  }
  if (state?.format !== 'atelier-gan' || !state.settings?.architecture) throw new FileFormatError(`${path}: not an atelier GAN run state`);
  return state;
}

/**
 * The newest complete checkpoint of a run folder, or null when there is none. Errors say what is
 * wrong with the folder (missing, a file, not a GAN run).
 */
export function latestGanCheckpoint(runDir: string, op: string): Snapshot | null {
  let info;
  try {
    info = statSync(runDir);
  } catch {
    throw new ArgumentError(`${op}: run folder ${runDir} does not exist`);
  }
  if (!info.isDirectory()) throw new ArgumentError(`${op}: ${runDir} is a file, expected a run folder written by 'atelier gan train'`);
  return latestSnapshot(runDir, GAN_SNAPSHOT_KIND);
}

/** Restores every part of the newest checkpoint (networks, optimizer states, averages, counters). */
export function readGanCheckpoint(folder: string, optimizers: { generator: Optimizer; discriminator: Optimizer }): GanCheckpoint {
  const state = readGanState(folder);
  const generator = readSnapshotModel(folder, 'generator');
  const discriminator = readSnapshotModel(folder, 'discriminator');
  for (const [name, model, opt] of [['generator', generator, optimizers.generator], ['discriminator', discriminator, optimizers.discriminator]] as const) {
    const path = join(folder, `${name}-optimizer.safetensors`);
    const tensors = readSafetensors(path).tensors;
    try {
      opt.loadStateDict(Object.fromEntries(tensors), model.trainableWeights);
    } catch (e) {
      if (e instanceof Error) e.message = `${path}: ${e.message}`;
      throw e;
    }
  }
  const emaWeights = state.settings.emaDecay > 0 ? readSafetensors(join(folder, 'generator-ema.safetensors')).tensors : null;
  return { generator, discriminator, generatorOptimizer: optimizers.generator, discriminatorOptimizer: optimizers.discriminator, emaWeights, state };
}

/**
 * The generator a run samples from: the averaged weights when the run keeps an average (else the
 * generator's own), in inference mode; with the run's settings. Errors name the folder and say how
 * to make one.
 */
export function loadGanGenerator(runDir: string, op = 'loadGanGenerator', options: { useAverage?: boolean } = {}): { generator: Model; state: GanState; snapshot: Snapshot } {
  const snapshot = latestGanCheckpoint(runDir, op);
  if (!snapshot) throw new ArgumentError(`${op}: ${runDir} holds no generator (no complete checkpoint); train one with 'atelier gan train <folder|mnist> -o ${runDir}'`);
  const state = readGanState(snapshot.path);
  const average = (options.useAverage ?? true) && state.settings.emaDecay > 0;
  const generator = readSnapshotModel(snapshot.path, 'generator', average ? 'generator-ema.safetensors' : undefined);
  return { generator, state, snapshot };
}
