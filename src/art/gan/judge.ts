/**
 * The MNIST judge: a small convnet the project trains once on the built-in digits and keeps in a
 * cache folder, standing in for the Inception network of IS/FID (no weights can be downloaded). It
 * labels generated digits (confidence, class histogram) and its 128-unit penultimate layer gives the
 * features of FID-MNIST.
 *
 * Training: `loadMnist({ seed: 0 })` (8,000 training and 2,000 held-out test digits of the `mnist`
 * package), `conv 3×3 32 relu → max-pool 2 → conv 3×3 64 relu → max-pool 2 → flatten → dense 128
 * relu → dropout 0.5 → dense 10 softmax`, Adam 1e-3, batch 128, 6 epochs, seed 0. Its accuracy on
 * the 2,000 test digits is measured right after training and kept beside it (`judge.json`).
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ArgumentError } from '../../errors.js';
import { noGrad } from '../../autograd/tape.js';
import { tensor } from '../../tensor/creation.js';
import { scope } from '../../tensor/scope.js';
import type { Tensor } from '../../tensor/tensor.js';
import { resizeBilinear } from '../../ops/resize.js';
import { Sequential } from '../../model/sequential.js';
import type { Model } from '../../model/model.js';
import { loadModel } from '../../model/load-model.js';
import { latestSnapshot } from '../../io/snapshots.js';
import * as layers from '../../nn/layers/index.js';
import { Adam } from '../../nn/optimizers/adam.js';
import { loadMnist } from '../../data/mnist.js';

/** Bumped when the judge's recipe changes, so a cached judge of an older recipe is never used. */
export const JUDGE_VERSION = 1;
/** The name of the judge's penultimate layer (its features). */
export const JUDGE_FEATURE_LAYER = 'judge_features';
/** Width of the judge's features. */
export const JUDGE_FEATURES = 128;

/** What `judge.json` records. */
export interface JudgeInfo {
  readonly format: 'atelier-mnist-judge';
  readonly version: number;
  /** Accuracy on the 2,000 held-out test digits of `loadMnist({ seed: 0 })`. */
  readonly testAccuracy: number;
  readonly trainCount: number;
  readonly testCount: number;
  readonly epochs: number;
  readonly seconds: number;
}

/** A loaded judge. */
export interface MnistJudge {
  readonly model: Model;
  readonly info: JudgeInfo;
  /** The folder it was read from or trained into. */
  readonly dir: string;
  /** True when this call trained it. */
  readonly trained: boolean;
}

/** The judge's cache folder: `$ATELIER_CACHE/gan-judge-mnist-v<n>` (default `~/.cache/atelier/...`, or `$XDG_CACHE_HOME/atelier/...`). */
export function judgeCacheDir(): string {
  const root = process.env.ATELIER_CACHE || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'atelier');
  return join(root, `gan-judge-mnist-v${JUDGE_VERSION}`);
}

/** The judge's architecture (untrained). */
export function judgeModel(seed = 0): Sequential {
  return new Sequential({
    seed,
    layers: [
      layers.conv2d({ filters: 32, kernelSize: 3, activation: 'relu', inputShape: [28, 28, 1], name: 'judge_conv1' }),
      layers.maxPooling2d({ poolSize: 2, name: 'judge_pool1' }),
      layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu', name: 'judge_conv2' }),
      layers.maxPooling2d({ poolSize: 2, name: 'judge_pool2' }),
      layers.flatten({ name: 'judge_flatten' }),
      layers.dense({ units: JUDGE_FEATURES, activation: 'relu', name: JUDGE_FEATURE_LAYER }),
      layers.dropout({ rate: 0.5, name: 'judge_dropout' }),
      layers.dense({ units: 10, activation: 'softmax', name: 'judge_classes' }),
    ],
  });
}

/** The cached judge when one exists (never trains one), else null. */
export function cachedMnistJudge(dir = judgeCacheDir()): MnistJudge | null {
  const snapshot = latestSnapshot(dir, 'model');
  if (!snapshot || !existsSync(join(snapshot.path, 'judge.json'))) return null;
  const info = JSON.parse(readFileSync(join(snapshot.path, 'judge.json'), 'utf8')) as JudgeInfo;
  if (info.format !== 'atelier-mnist-judge' || info.version !== JUDGE_VERSION) return null;
  return { model: loadModel(snapshot.path, { includeOptimizer: false }), info, dir, trained: false };
}

/**
 * The cached judge, trained first when the cache has none (about half a minute on two cores).
 * `dir` overrides the cache folder.
 */
export async function loadMnistJudge(options: { dir?: string; epochs?: number; onMessage?: (m: string) => void } = {}): Promise<MnistJudge> {
  const dir = options.dir ?? judgeCacheDir();
  const cached = cachedMnistJudge(dir);
  if (cached) return cached;
  const epochs = options.epochs ?? 6;
  options.onMessage?.(`Training the MNIST judge once (${epochs} epochs on 8,000 digits; cached in ${dir})`);
  const started = performance.now();
  const { xTrain, yTrain, xTest, yTest } = await loadMnist({ seed: 0 });
  const model = judgeModel(0);
  model.compile({ optimizer: new Adam({ learningRate: 1e-3 }), loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
  await model.fit(xTrain, yTrain, { epochs, batchSize: 128, seed: 0, verbose: 0 });
  const { accuracy } = await model.evaluate(xTest, yTest, { batchSize: 500 });
  const info: JudgeInfo = {
    format: 'atelier-mnist-judge', version: JUDGE_VERSION, testAccuracy: accuracy!, trainCount: yTrain.size, testCount: yTest.size, epochs,
    seconds: (performance.now() - started) / 1000,
  };
  model.save(dir, { includeOptimizer: false, files: { 'judge.json': `${JSON.stringify(info, null, 1)}\n` } });
  options.onMessage?.(`The judge labels ${(accuracy! * 100).toFixed(2)}% of the 2,000 held-out test digits correctly`);
  return { model, info, dir, trained: true };
}

/** The judge's class probabilities `[N, 10]` and penultimate features `[N, 128]` for images in [0, 1]. */
export function judgeImages(judge: Model, images: Tensor, batchSize = 500): { probs: Float32Array; features: Float32Array } {
  if (images.rank !== 4 || images.shape[3] !== 1) throw new ArgumentError(`judgeImages: images must be grey [N, H, W, 1], got [${images.shape.join(',')}]`);
  const n = images.shape[0]!;
  const per = images.size / n;
  const probs = new Float32Array(n * 10);
  const features = new Float32Array(n * JUDGE_FEATURES);
  const stack = (judge as Sequential).layers;
  for (let i = 0; i < n; i += batchSize) {
    const m = Math.min(batchSize, n - i);
    scope(() => noGrad(() => {
      let x: Tensor = tensor((images.values as Float32Array).slice(i * per, (i + m) * per), [m, ...images.shape.slice(1)]);
      if (x.shape[1] !== 28 || x.shape[2] !== 28) x = resizeBilinear(x, [28, 28]);
      for (const layer of stack) {
        x = layer.apply(x, { training: false });
        if (layer.name === JUDGE_FEATURE_LAYER) features.set(x.values, i * JUDGE_FEATURES);
      }
      probs.set(x.values, i * 10);
    }));
  }
  return { probs, features };
}
