/**
 * `atelier text train <corpus|tang|moby-dick> -o <run-dir> [...]`.
 * @module
 */
import type { Command } from 'commander';
import { trainTextModel, type TrainTextResult } from '../../../art/text/train.js';
import { SCRIPT_CHOICES, type ScriptChoice } from '../../../art/text/script.js';
import type { CorpusFormat } from '../../../art/text/corpus.js';
import type { ProgressStream } from '../../../model/callbacks/progress-bar.js';
import { choiceOption, integerOption, numberOption } from '../options.js';

/** The flags of `text train`. */
export interface TextTrainFlags {
  out: string;
  arch?: 'lstm' | 'gru' | 'transformer';
  layers?: number;
  units?: number;
  heads?: number;
  embedding?: number;
  dropout?: number;
  seqLen?: number;
  batchSize?: number;
  epochs?: number;
  minutes?: number;
  learningRate?: number;
  decay?: number;
  clipNorm?: number;
  minCount?: number;
  validationSplit?: number;
  script?: ScriptChoice;
  format?: CorpusFormat;
  seed?: number;
  checkpointEvery?: number;
  samples?: number;
  resume?: boolean;
  overwrite?: boolean;
  json?: boolean;
}

/** Trains a text model on `corpus` into `flags.out`, printing progress (or one JSON object with `--json`). */
export async function runTextTrain(corpus: string, flags: TextTrainFlags, stdout: ProgressStream = process.stdout): Promise<TrainTextResult> {
  const result = await trainTextModel(corpus, {
    outDir: flags.out, arch: flags.arch, layers: flags.layers, units: flags.units, heads: flags.heads, embeddingDim: flags.embedding, dropout: flags.dropout,
    seqLen: flags.seqLen, batchSize: flags.batchSize, epochs: flags.epochs, minutes: flags.minutes, learningRate: flags.learningRate, decay: flags.decay,
    clipNorm: flags.clipNorm, minCount: flags.minCount, validationFraction: flags.validationSplit, script: flags.script, format: flags.format, seed: flags.seed,
    checkpointEvery: flags.checkpointEvery, samples: flags.samples, resume: flags.resume ?? false, overwrite: flags.overwrite ?? false,
    verbose: flags.json ? 0 : 1, stream: stdout, op: 'text train',
  });
  if (flags.json) {
    const { runDir, history, validation, stoppedBy, steps, samples } = result;
    stdout.write(`${JSON.stringify({ runDir, validation, stoppedBy, steps, history, samples })}\n`);
  }
  return result;
}

/** Adds `train` to the `text` command. */
export function registerTextTrain(text: Command): void {
  text
    .command('train')
    .description('train a character-level language model: validation loss every epoch, samples, a loss plot, checkpoints to --resume from')
    .argument('<corpus>', "a text file (one document per line), a chinese-poetry JSON file, or a built-in corpus: 'tang' (14,008 Tang poems) or 'moby-dick'")
    .requiredOption('-o, --out <run-dir>', 'run folder to write (model, tokenizer, history, curves, samples)')
    .option('--arch <arch>', 'lstm, gru or transformer (default: lstm)', choiceOption(['lstm', 'gru', 'transformer'] as const))
    .option('--layers <n>', 'recurrent layers, or Transformer blocks (default: 2)', integerOption(1))
    .option('--units <n>', 'units per layer, or the Transformer\'s width (default: 256)', integerOption(1))
    .option('--heads <n>', 'Transformer attention heads (default: 4)', integerOption(1))
    .option('--embedding <n>', 'embedding width (default: 64)', integerOption(1))
    .option('--dropout <x>', 'dropout between layers (default: 0)', numberOption(0, 0.95))
    .option('--seq-len <n>', 'characters per window of truncated back-propagation, or the Transformer\'s context (default: 64)', integerOption(1))
    .option('--batch-size <n>', 'lanes read in parallel (default: 32)', integerOption(1))
    .option('--epochs <n>', 'epochs (default: 10, or unbounded with --minutes)', integerOption(1))
    .option('--minutes <m>', 'time budget: stop at the end of the step that runs out of time, validate and save', numberOption(0.001, 1e6))
    .option('--learning-rate <x>', "Adam's initial learning rate (default: 0.002)", numberOption(1e-8, 10))
    .option('--decay <x>', 'learning-rate factor per epoch (default: 0.95)', numberOption(1e-6, 1))
    .option('--clip-norm <x>', 'global-norm gradient clipping (default: 5)', numberOption(1e-6, 1e6))
    .option('--min-count <n>', 'characters seen fewer times become <unk> (default: 1)', integerOption(1))
    .option('--validation-split <x>', 'fraction of documents held out (default: 0.05; a single document holds out its end)', numberOption(0, 0.9))
    .option('--script <script>', 'Chinese script: keep, simplified or traditional (default: keep)', choiceOption(SCRIPT_CHOICES))
    .option('--format <format>', 'lines (one document per line), whole (one document) or json (chinese-poetry) (default: json for .json, else lines)', choiceOption(['lines', 'whole', 'json'] as const))
    .option('--seed <n>', 'seed of the split, weights, document order and dropout (default: 0)', integerOption(0))
    .option('--checkpoint-every <n>', 'steps between checkpoints besides epoch ends (default: 200; 0: epoch ends only)', integerOption(0))
    .option('--samples <n>', 'samples printed after each validation (default: 3)', integerOption(0))
    .option('--resume', 'continue the run in the run folder from its last complete checkpoint, exactly (--epochs may be raised)')
    .option('--overwrite', 'replace the run already in the run folder')
    .option('--json', 'print one JSON object with the results instead of progress')
    .action(async (corpus: string, flags: TextTrainFlags) => {
      await runTextTrain(corpus, flags);
    });
}
