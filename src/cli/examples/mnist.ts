/**
 * The classic MNIST example: Conv2D(32, 3×3, relu) → Flatten → Dense(10, softmax), Adam,
 * sparse categorical cross-entropy, trained on the `mnist` package's digits with a progress bar,
 * evaluated on held-out digits and saved.
 * @module
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadMnist } from '../../data/mnist.js';
import { Sequential } from '../../model/sequential.js';
import { conv2d, dense, flatten } from '../../nn/layers/index.js';
import { CSVLogger } from '../../model/callbacks/csv-logger.js';
import { ProgressBar, type ProgressStream } from '../../model/callbacks/progress-bar.js';
import { TrainingCheckpoint, readTrainingCheckpoint, type HistoryLog } from '../../model/callbacks/training-checkpoint.js';
import { ArgumentError } from '../../errors.js';

/** Options of {@link runMnistExample} (the CLI flags). */
export interface MnistExampleOptions {
  epochs?: number;
  batchSize?: number;
  seed?: number;
  /** Output folder (default `./atelier-runs/mnist-<timestamp>`). */
  out?: string;
  trainSize?: number;
  testSize?: number;
  /** Print one JSON object at the end instead of human-readable text (progress is not shown). */
  json?: boolean;
  /** Continue the run in `out` from its last complete training checkpoint (needs `out`). */
  resume?: boolean;
}

/** What the example did. */
export interface MnistExampleResult {
  testAccuracy: number;
  testLoss: number;
  out: string;
  /** Per-epoch logs, including the epochs before a resume. */
  history: HistoryLog['history'];
}

/** `2026-11-26T21-05-33`: a timestamp that is a valid folder name everywhere. */
export function runTimestamp(date = new Date()): string {
  return date.toISOString().slice(0, 19).replace(/:/g, '-');
}

/** Builds the classic model (seeded). */
export function classicMnistModel(seed: number): Sequential {
  return new Sequential({
    name: 'mnist_classic',
    seed,
    layers: [
      conv2d({ filters: 32, kernelSize: 3, activation: 'relu', inputShape: [28, 28, 1] }),
      flatten(),
      dense({ units: 10, activation: 'softmax' }),
    ],
  });
}

/**
 * Trains, evaluates and saves the classic model. Text goes to `stream` (default stdout); the model,
 * its optimizer state and a CSV of the epochs go to the output folder.
 */
export async function runMnistExample(options: MnistExampleOptions = {}, stream: ProgressStream = process.stdout): Promise<MnistExampleResult> {
  const { epochs = 3, json = false } = options;
  if (options.resume && !options.out) throw new ArgumentError('example mnist: --resume needs --out <dir>, the run to continue');
  const out = resolve(options.out ?? join('atelier-runs', `mnist-${runTimestamp()}`));
  const resume = options.resume ? readTrainingCheckpoint(out) : null;
  if (options.resume && !resume) throw new ArgumentError(`example mnist: ${out} holds no training checkpoint to resume from`);
  const saved = resume?.state.extra as { seed: number; batchSize: number; trainSize: number; testSize: number } | undefined;
  const { seed = 0, batchSize = 32, trainSize = 8000, testSize = 2000 } = saved ?? options;
  const say = (line: string) => {
    if (!json) stream.write(`${line}\n`);
  };
  say(`Loading MNIST from the mnist package: ${trainSize.toLocaleString('en-US')} training and ${testSize.toLocaleString('en-US')} test digits (seed ${seed})`);
  const { xTrain, yTrain, xTest, yTest } = await loadMnist({ seed, trainSize, testSize });
  const model = resume?.model ?? classicMnistModel(seed);
  if (!resume) model.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
  if (!json && !resume) model.summary({ print: say });
  const initialEpoch = resume?.state.epochsCompleted ?? 0;
  if (resume) say(`Resuming ${out} at epoch ${Math.min(initialEpoch + 1, epochs)}/${epochs} from ${resume.snapshot.name}`);
  mkdirSync(out, { recursive: true });
  const checkpoint = new TrainingCheckpoint(out, { resume, extra: { seed, batchSize, trainSize, testSize } });
  await model.fit(xTrain, yTrain, {
    epochs,
    initialEpoch,
    batchSize,
    seed,
    verbose: json ? 0 : 1,
    callbacks: [new CSVLogger(join(out, 'history.csv'), { append: resume !== null }), checkpoint, ...(json ? [] : [new ProgressBar({ stream })])],
  });
  const { loss, accuracy } = await model.evaluate(xTest, yTest, { batchSize: 256 });
  model.save(out);
  const history = initialEpoch >= epochs && resume ? resume.state.history.history : checkpoint.history.history;
  const result = { testAccuracy: accuracy!, testLoss: loss!, out, history };
  if (json) stream.write(`${JSON.stringify(result)}\n`);
  say(`Test accuracy: ${(accuracy! * 100).toFixed(2)}% (loss ${loss!.toFixed(4)}) on ${testSize.toLocaleString('en-US')} held-out digits`);
  say(`Saved to ${out}/ (the model, a training checkpoint to --resume from, history.csv); reload with loadModel('${out}')`);
  return result;
}
