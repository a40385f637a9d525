/**
 * The run folder of a fast style network. Every state is one snapshot (`commitSnapshot`: one atomic
 * rename), so a crash leaves the previous complete checkpoint or the new one, never a mix:
 *
 * ```
 * run/checkpoint-000012/
 *   model.json, weights.safetensors    the transformation network (modelFiles: config + weights)
 *   optimizer.safetensors              Adam's state
 *   style-network.json                 settings, counters, loss history
 * run/previews/step-000500.png, run/previews/latest.png   the preview photo stylised (written atomically)
 * run/curves-loss.svg|png                                  loss curves
 * ```
 * The crops of step `t` come from a generator seeded with `(seed, t)`, so no generator state is saved.
 * @module
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ArgumentError } from '../../../errors.js';
import { FileFormatError } from '../../../io/file-format-error.js';
import { encodeSafetensors, readSafetensors } from '../../../io/safetensors.js';
import { commitSnapshot, latestSnapshot, type Snapshot } from '../../../io/snapshots.js';
import { modelFiles } from '../../../model/save-model.js';
import type { Model } from '../../../model/model.js';
import type { Optimizer } from '../../../nn/optimizers/optimizer.js';
import { readSnapshotModel } from '../../gan/run-folder.js';
import type { TransformNetworkSpec } from './network.js';
// The network's own layers register themselves on import: a process that only loads a run (the
// serve API's /stylize, the studio) must know them too, not only one that also trains.
import './reflection-padding.js';
import './pixel-residual.js';

/** The snapshot kind of style-network checkpoints. */
export const STYLE_SNAPSHOT_KIND = 'checkpoint';
/** Settings, counters and history inside a checkpoint. */
export const STYLE_STATE_FILE = 'style-network.json';

/** The settings that define a run; a resumed run keeps them. */
export interface StyleNetworkSettings {
  /** The style image's absolute path. */
  readonly style: string;
  /** `builtin` or the content folder's absolute path, and how many images it held. */
  readonly content: string;
  readonly contentCount: number;
  /** Side of the square training crops. */
  readonly size: number;
  /** Longer side of the style image for its Gram targets. */
  readonly styleSize: number;
  readonly batchSize: number;
  readonly seed: number;
  readonly network: TransformNetworkSpec;
  /** `'random'` or a VGG safetensors path, as given; and the extractor's own description. */
  readonly extractor: string;
  readonly extractorDescription: string;
  readonly styleLayers: readonly string[];
  readonly contentLayers: readonly string[];
  readonly styleWeight: number;
  readonly contentWeight: number;
  readonly tvWeight: number;
  readonly learningRate: number;
  /** Steps between previews and between checkpoints. */
  readonly previewEvery: number;
  readonly checkpointEvery: number;
  /** The image stylised for previews. */
  readonly preview: string;
}

/** The losses logged every {@link STYLE_HISTORY_EVERY} steps (means over those steps, unweighted parts). */
export interface StyleNetworkHistory {
  readonly step: number[];
  readonly loss: number[];
  readonly style: number[];
  readonly content: number[];
  readonly tv: number[];
  /** Sums over the window in progress: `[steps, loss, style, content, tv]`. */
  pending: number[];
}

/** Steps per history point. */
export const STYLE_HISTORY_EVERY = 10;

/** What `style-network.json` holds. */
export interface StyleNetworkState {
  readonly format: 'atelier-style-network';
  readonly version: 1;
  readonly settings: StyleNetworkSettings;
  /** Optimizer steps taken. */
  readonly step: number;
  /** Wall-clock seconds of training so far, over every session of the run. */
  readonly seconds: number;
  readonly history: StyleNetworkHistory;
}

/** Writes a checkpoint into `runDir` as one new snapshot (the older one is pruned after it is in place). */
export function writeStyleCheckpoint(runDir: string, network: Model, optimizer: Optimizer, state: StyleNetworkState): Snapshot {
  const files = modelFiles(network, { includeOptimizer: false });
  files.set('optimizer.safetensors', encodeSafetensors(optimizer.stateDict(), { optimizer: optimizer.className, iterations: String(optimizer.iterations) }));
  files.set(STYLE_STATE_FILE, `${JSON.stringify(state)}\n`);
  return commitSnapshot(runDir, STYLE_SNAPSHOT_KIND, files, { keep: 1 });
}

/** Reads `style-network.json` of a snapshot; refuses anything else. */
export function readStyleState(folder: string): StyleNetworkState {
  const path = join(folder, STYLE_STATE_FILE);
  let state: StyleNetworkState;
  try {
    state = JSON.parse(readFileSync(path, 'utf8')) as StyleNetworkState;
  } catch (e) {
    throw new FileFormatError(`${path}: cannot read the style run state (${(e as Error).message})`);
  }
  if (state?.format !== 'atelier-style-network' || !state.settings?.network) throw new FileFormatError(`${path}: not an atelier style-network run state`);
  return state;
}

/**
 * The newest complete checkpoint of a style run folder, or null when it has none. Errors say what is
 * wrong with the folder: missing, a file, or a run of another task.
 */
export function latestStyleCheckpoint(runDir: string, op: string): Snapshot | null {
  let info;
  try {
    info = statSync(runDir);
  } catch {
    throw new ArgumentError(`${op}: run folder ${runDir} does not exist`);
  }
  if (!info.isDirectory()) throw new ArgumentError(`${op}: ${runDir} is a file, expected a run folder written by 'atelier style train'`);
  const snapshot = latestSnapshot(runDir, STYLE_SNAPSHOT_KIND);
  if (snapshot) {
    try {
      statSync(join(snapshot.path, STYLE_STATE_FILE));
    } catch {
      throw new ArgumentError(`${op}: ${runDir} is not a style run (its ${snapshot.name} has no ${STYLE_STATE_FILE}); give a folder written by 'atelier style train'`);
    }
  }
  return snapshot;
}

/** The network and state of a checkpoint; with `optimizer`, also restores its state. */
export function readStyleCheckpoint(folder: string, optimizer?: Optimizer): { network: Model; state: StyleNetworkState } {
  const state = readStyleState(folder);
  const network = readSnapshotModel(folder, 'model');
  if (optimizer) {
    const path = join(folder, 'optimizer.safetensors');
    try {
      optimizer.loadStateDict(Object.fromEntries(readSafetensors(path).tensors), network.trainableWeights);
    } catch (e) {
      if (e instanceof Error) e.message = `${path}: ${e.message}`;
      throw e;
    }
  }
  return { network, state };
}
