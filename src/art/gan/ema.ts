/**
 * An exponential moving average of the generator's weights (Yazıcı et al. 2019, "The unusual
 * effectiveness of averaging in GAN training"): samples come from the average, which is smoother
 * than the generator at any one step.
 * @module
 */
import { ArgumentError } from '../../errors.js';
import { tensor } from '../../tensor/creation.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { Model } from '../../model/model.js';
import type { Random } from '../../tensor/random.js';
import { scope } from '../../tensor/scope.js';
import { noGrad } from '../../autograd/tape.js';
import { BatchNormalization } from '../../nn/layers/index.js';

/**
 * Keeps `avg = d·avg + (1 − d)·w` for every trainable weight of a model, with the warm-up
 * `d = min(decay, (1 + n) / (10 + n))` after `n` updates so the first steps are not dominated by
 * the random initial weights. Non-trainable weights (batch-norm running statistics) are not
 * averaged: {@link weights} takes them from the model as they are.
 */
export class WeightAverage {
  private readonly averages = new Map<string, Float32Array>();
  /** Updates so far. */
  updates = 0;

  constructor(model: Model, readonly decay = 0.999) {
    if (!(decay >= 0 && decay < 1)) throw new ArgumentError(`WeightAverage: decay must be in [0, 1), got ${decay}`);
    for (const w of model.trainableWeights) this.averages.set(w.name, Float32Array.from(w.values as Float32Array));
  }

  /** Moves the average toward the model's current weights. */
  update(model: Model): void {
    const n = this.updates++;
    const d = Math.min(this.decay, (1 + n) / (10 + n));
    const e = 1 - d;
    for (const w of model.trainableWeights) {
      const avg = this.averages.get(w.name);
      if (!avg) throw new ArgumentError(`WeightAverage.update: the model has a weight '${w.name}' that the average does not`);
      const v = w.values as Float32Array;
      for (let i = 0; i < avg.length; i++) avg[i] = d * avg[i]! + e * v[i]!;
    }
  }

  /** Every weight of `model` by name: averaged trainable weights, the model's own non-trainable ones. */
  weights(model: Model): Map<string, Tensor> {
    const out = new Map<string, Tensor>();
    for (const w of model.weights) {
      const avg = this.averages.get(w.name);
      out.set(w.name, avg ? tensor(Float32Array.from(avg), w.shape) : tensor(w.data(), w.shape, w.dtype));
    }
    return out;
  }

  /** Restores the averages from {@link weights} saved earlier (non-trainable entries are ignored). */
  load(saved: ReadonlyMap<string, Tensor>, updates: number): void {
    for (const [name, avg] of this.averages) {
      const t = saved.get(name);
      if (!t || t.size !== avg.length) throw new ArgumentError(`WeightAverage.load: the saved average lacks '${name}' or has the wrong size`);
      avg.set(t.values);
    }
    this.updates = updates;
  }
}

/**
 * Standing statistics (Brock et al. 2019, BigGAN): replaces the batch-norm running statistics of a
 * generator whose weights were averaged by the statistics of those averaged weights, measured over
 * `batches` training-mode passes on random noise (and random classes); the running mean and variance
 * become the plain average over the passes. Without this, the average would be normalised with the
 * statistics of the live generator, whose weights it lags by about `1 / (1 − decay)` steps.
 */
export function standingStatistics(generator: Model, latentDim: number, numClasses: number, rng: Random, batches = 16, batchSize = 128): void {
  const norms = generator.layers.filter((l): l is BatchNormalization => l instanceof BatchNormalization);
  if (norms.length === 0) return;
  const momenta = norms.map((n) => n.momentum);
  try {
    for (let k = 1; k <= batches; k++) {
      // running = m·running + (1 − m)·batch with m = 1 − 1/k is the running average over the k passes.
      for (const n of norms) (n as { momentum: number }).momentum = 1 - 1 / k;
      scope(() => noGrad(() => {
        const z = rng.normal([batchSize, latentDim]);
        const labels = numClasses > 0 ? rng.integers([batchSize, 1], 0, numClasses) : null;
        generator.apply(labels ? [z, labels] : z, { training: true });
      }));
    }
  } finally {
    norms.forEach((n, i) => ((n as { momentum: number }).momentum = momenta[i]!));
  }
}
