/**
 * Test helper: tiny run folders built through the library (no training), and test images.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Random } from '../../src/tensor/random.js';
import { defaultClassifier } from '../../src/art/classify/model.js';
import { runInfoFiles, type ClassifierInfo } from '../../src/art/classify/run-folder.js';
import { encodeImage } from '../../src/io/image.js';
import { full } from '../../src/tensor/creation.js';

/** The class names of the fixture classifier. */
export const CLASS_NAMES = ['cubism', 'impressionism', 'ukiyo-e'];

/** Saves an untrained default classifier (16×16 RGB, 3 classes) as a classifier run folder `dir`. */
export function saveTinyClassifier(dir: string, seed = 0): string {
  mkdirSync(dir, { recursive: true });
  const model = defaultClassifier({ imageSize: [16, 16], numClasses: CLASS_NAMES.length, filters: [4, 8], seed });
  const info: ClassifierInfo = {
    format: 'atelier-classifier', version: 1, imageSize: [16, 16], channels: 3, fit: 'cover', dataFolder: '/data/paintings',
    layout: 'split', validationSplit: 0.2, seed, trainCounts: [1, 1, 1], validationCounts: [1, 1, 1], bestEpoch: 0, monitor: 'val_loss',
  };
  model.save(dir, { includeOptimizer: false, files: runInfoFiles(CLASS_NAMES, info) });
  return dir;
}

/** A random RGB PNG of `width`×`height`. */
export async function randomPng(width: number, height: number, seed = 1): Promise<Buffer> {
  const image = new Random(seed).uniform([height, width, 3]);
  return Buffer.from(await encodeImage(image));
}

/** A fresh runs folder path inside `root`. */
export function runsIn(root: string, name = 'runs'): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** A one-colour PNG of `width`×`height` (small in bytes whatever its size in pixels). */
export async function flatPng(width: number, height: number): Promise<Buffer> {
  return Buffer.from(await encodeImage(full([height, width, 3], 0.5)));
}
