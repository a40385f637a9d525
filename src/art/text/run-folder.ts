/**
 * The run folder of a text model, written through the snapshot mechanism (`io/snapshots.ts`):
 *
 * ```
 * run/model-000004/        the best model so far (lowest validation loss), one snapshot:
 *   model.json, weights.safetensors       the model (model.save)
 *   tokenizer.json                        the vocabulary (tokenizer.ts)
 *   text.json                             corpus, split, architecture and training settings
 * run/checkpoint-000019/   where training stands, to resume exactly: the model with its optimizer
 *                          state, tokenizer.json, text.json, progress.json (epoch, step, history,
 *                          best loss, time used) and states.safetensors (the carried recurrent states)
 * run/history.json         validation and training loss per epoch (rewritten after every epoch)
 * run/curves-loss.svg|png  the loss curves
 * run/samples.txt          samples printed at the last validation
 * ```
 * The tokenizer and the settings sit in the same snapshot as the weights, so a model is never read
 * with another run's vocabulary.
 * @module
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ArgumentError } from '../../errors.js';
import { FileFormatError } from '../../io/file-format-error.js';
import { latestSnapshot, type Snapshot } from '../../io/snapshots.js';
import { loadModel } from '../../model/load-model.js';
import { MODEL_SNAPSHOT_KIND } from '../../model/model-file.js';
import type { Model } from '../../model/model.js';
import type { ScriptChoice } from './script.js';
import type { CorpusFormat } from './corpus.js';
import type { TextArch } from './model.js';
import { tokenizerFromJson, type Tokenizer } from './tokenizer.js';

/** The vocabulary file of a text snapshot. */
export const TOKENIZER_FILE = 'tokenizer.json';
/** The settings file of a text snapshot. */
export const TEXT_SETTINGS_FILE = 'text.json';

/** What `text.json` records: everything needed to rebuild the data and continue or judge the run. */
export interface TextRunSettings {
  readonly format: 'atelier-text';
  readonly version: 1;
  /** A built-in name or an absolute file path. */
  readonly corpus: string;
  readonly corpusFormat: CorpusFormat;
  readonly script: ScriptChoice;
  /** Documents after cleaning (checked when the corpus is read again). */
  readonly documents: number;
  /** Fraction held out and how (`documents`: whole documents chosen by the seed; `tail`: the end of a single document). */
  readonly validationFraction: number;
  readonly splitMode: 'documents' | 'tail';
  readonly trainDocuments: number;
  readonly validationDocuments: number;
  readonly trainCharacters: number;
  readonly validationCharacters: number;
  readonly minCount: number;
  readonly arch: TextArch;
  readonly layers: number;
  readonly units: number;
  readonly embeddingDim: number;
  /** Attention heads (used by the Transformer). */
  readonly heads?: number;
  readonly dropout: number;
  readonly seqLen: number;
  readonly batchSize: number;
  readonly learningRate: number;
  /** Learning rate factor per epoch. */
  readonly decay: number;
  /** Global-norm gradient clipping. */
  readonly clipNorm: number;
  readonly seed: number;
  /** Steps in one epoch (the decay schedule counts them). */
  readonly stepsPerEpoch: number;
}

/** The files that travel with a text model's weights in every snapshot. */
export function textRunFiles(tokenizer: Tokenizer, settings: TextRunSettings): Record<string, string> {
  return {
    [TOKENIZER_FILE]: `${JSON.stringify(tokenizer.toJSON())}\n`,
    [TEXT_SETTINGS_FILE]: `${JSON.stringify(settings, null, 1)}\n`,
  };
}

/** A text model read back from a snapshot. */
export interface TextRun {
  readonly runDir: string;
  readonly snapshot: Snapshot;
  readonly model: Model;
  readonly tokenizer: Tokenizer;
  readonly settings: TextRunSettings;
}

/** Reads `tokenizer.json` and `text.json` of a snapshot folder. */
export function readTextFiles(folder: string): { tokenizer: Tokenizer; settings: TextRunSettings } {
  const read = (name: string): unknown => {
    const path = join(folder, name);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      throw new FileFormatError(`${path} is missing; the folder was not written by 'atelier text train'`);
    }
    try {
      return JSON.parse(text);
    } catch (e) {
      throw new FileFormatError(`${path} is not valid JSON (${(e as Error).message})`);
    }
  };
  const tokenizer = tokenizerFromJson(read(TOKENIZER_FILE), join(folder, TOKENIZER_FILE));
  const settings = read(TEXT_SETTINGS_FILE) as TextRunSettings;
  if (settings?.format !== 'atelier-text') throw new FileFormatError(`${join(folder, TEXT_SETTINGS_FILE)} is not an atelier text run description`);
  return { tokenizer, settings };
}

/**
 * Loads the best model of a run folder written by `trainTextModel`, with its tokenizer and
 * settings from the same snapshot (no optimizer state). Errors name the folder and say what to do.
 */
export function loadTextRun(runDir: string, op = 'loadTextRun'): TextRun {
  const info = (() => {
    try {
      return statSync(runDir);
    } catch {
      return null;
    }
  })();
  if (!info) throw new ArgumentError(`${op}: run folder ${runDir} does not exist`);
  if (!info.isDirectory()) throw new ArgumentError(`${op}: ${runDir} is a file, expected a run folder written by 'atelier text train'`);
  const snapshot = latestSnapshot(runDir, MODEL_SNAPSHOT_KIND);
  if (!snapshot) {
    const resumable = latestSnapshot(runDir, 'checkpoint') ? `; it holds a training checkpoint: continue it with 'atelier text train <corpus> -o ${runDir} --resume'` : '';
    throw new ArgumentError(`${op}: ${runDir} holds no text model yet — train one with 'atelier text train'${resumable}`);
  }
  const { tokenizer, settings } = readTextFiles(snapshot.path);
  const model = loadModel(snapshot.path, { includeOptimizer: false, compile: false });
  const out = model.outputShapes[0];
  if (!out || out[out.length - 1] !== tokenizer.vocabSize) {
    throw new FileFormatError(`${snapshot.path}: the model has ${out?.[out.length - 1] ?? 'unknown'} outputs but tokenizer.json has ${tokenizer.vocabSize} symbols`);
  }
  return { runDir, snapshot, model, tokenizer, settings };
}
