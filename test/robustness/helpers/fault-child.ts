/**
 * A process for the fault loop to kill: it saves models or trains classifiers in a loop and prints
 * `ready` once it has started writing. Run as
 * `node fault-child.js save <dir>` or `node fault-child.js classify <data> <run> <epochs> fresh|resume|overwrite`.
 */
import { Sequential, layers, noGrad, tensor } from '../../../src/index.js';
import { trainClassifier } from '../../../src/art/classify/index.js';

/** The model the save loop writes: its weights, activation and optimizer step all encode save number `k`. */
export function savedModel(k: number): Sequential {
  const model = new Sequential({ layers: [layers.dense({ units: 4, activation: k % 2 === 0 ? 'relu' : 'tanh', inputShape: [3], name: 'd' })] });
  model.compile({ optimizer: 'adam', loss: 'mse' });
  model.trainOnBatch(tensor([[1, 2, 3]]), tensor([[0, 0, 0, 0]]));
  noGrad(() => model.weights.forEach((w) => w.assign(tensor(new Float32Array(w.size).fill(k), w.shape))));
  model.compiled!.optimizer.iterations = k;
  return model;
}

const [mode, ...args] = process.argv.slice(2);
if (mode === 'save') {
  const dir = args[0]!;
  for (let k = 1; ; k++) {
    savedModel(k).save(dir);
    if (k === 1) process.stdout.write('ready\n');
  }
} else if (mode === 'classify') {
  const [data, run, epochs, how] = args as [string, string, string, 'fresh' | 'resume' | 'overwrite'];
  process.stdout.write('ready\n');
  await trainClassifier(data, {
    outDir: run, epochs: Number(epochs), verbose: 0, onWarning: () => {},
    ...(how === 'resume' ? { resume: true } : { imageSize: 16, filters: [4, 8], batchSize: 4, learningRate: 0.01, patience: 100, seed: 3, overwrite: how === 'overwrite' }),
  });
  process.stdout.write('done\n');
}
