/** The tiny GAN settings the kill test's parent and child share. */
import type { TrainGanOptions } from '../../../../src/art/gan/index.js';

/** 28×28 grey, width 4, 3 epochs of 3 steps (24 images, batch 8), a checkpoint after every step. */
export const tinyGanOptions: Omit<TrainGanOptions, 'outDir'> = {
  size: 28, channels: 1, width: 4, latentDim: 8, batchSize: 8, learningRate: 2e-3, epochs: 3, verbose: 0, sampleEvery: 1000, checkpointEvery: 1,
  augment: 'color,translation,cutout', conditional: true, seed: 9,
};
