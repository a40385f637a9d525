/** Small synthetic problems for model tests. */
import { Random, tensor, type Tensor } from '../../../src/index.js';

/** `y = x @ w + b` plus a little noise: a regression a dense layer can fit exactly. */
export function linearProblem(samples: number, features = 3, seed = 1): { x: Tensor; y: Tensor } {
  const rng = new Random(seed);
  const w = [0.5, -1.5, 2, 1, -0.5].slice(0, features);
  const x = new Float32Array(samples * features);
  const y = new Float32Array(samples);
  for (let i = 0; i < samples; i++) {
    let t = 0.25;
    for (let j = 0; j < features; j++) {
      const v = rng.next() * 2 - 1;
      x[i * features + j] = v;
      t += v * w[j]!;
    }
    y[i] = t + (rng.next() - 0.5) * 0.01;
  }
  return { x: tensor(x, [samples, features]), y: tensor(y, [samples, 1]) };
}

/** Two Gaussian blobs per class in 2-D, labels int32: a classification problem. */
export function blobs(samples: number, classes = 3, seed = 2): { x: Tensor; y: Tensor } {
  const rng = new Random(seed);
  const x = new Float32Array(samples * 2);
  const y = new Int32Array(samples);
  for (let i = 0; i < samples; i++) {
    const c = i % classes;
    const angle = (2 * Math.PI * c) / classes;
    x[i * 2] = 2 * Math.cos(angle) + rng.nextNormal() * 0.4;
    x[i * 2 + 1] = 2 * Math.sin(angle) + rng.nextNormal() * 0.4;
    y[i] = c;
  }
  return { x: tensor(x, [samples, 2]), y: tensor(y, [samples], 'int32') };
}
