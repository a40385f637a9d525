/**
 * Pictures of a GAN run: sample grids and loss curves.
 * @module
 */
import { join } from 'node:path';
import { noGrad } from '../../autograd/tape.js';
import { tensor } from '../../tensor/creation.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { Model } from '../../model/model.js';
import { writeFileAtomic } from '../../io/index.js';
import { contactSheet, lineChartSvg, svgToPng } from '../../viz/index.js';
import type { GanHistory } from './run-folder.js';

/** Maps images from the generator's [-1, 1] to [0, 1] (clipped), as a new tensor. */
export function toUnitRange(images: Tensor): Tensor {
  const v = images.values as Float32Array;
  return tensor(Float32Array.from(v, (x) => Math.min(1, Math.max(0, (x + 1) / 2))), images.shape);
}

/** Runs the generator in inference mode on `z` (and `labels` `[B, 1]`), in batches; images in [-1, 1]. */
export function generate(generator: Model, z: Tensor, labels: Tensor | null, batchSize = 256): Tensor {
  const n = z.shape[0]!;
  if (n <= batchSize) return noGrad(() => generator.apply(labels ? [z, labels] : z, { training: false }) as Tensor);
  const latent = z.shape[1]!;
  const parts: Float32Array[] = [];
  let shape: readonly number[] = [];
  for (let i = 0; i < n; i += batchSize) {
    const m = Math.min(batchSize, n - i);
    const zi = tensor((z.values as Float32Array).slice(i * latent, (i + m) * latent), [m, latent]);
    const li = labels ? tensor((labels.values as Int32Array).slice(i, i + m), [m, 1], 'int32') : null;
    const out = noGrad(() => generator.apply(li ? [zi, li] : zi, { training: false }) as Tensor);
    parts.push(Float32Array.from(out.values as Float32Array));
    shape = out.shape;
    out.dispose();
  }
  const per = shape.slice(1).reduce((a, b) => a * b, 1);
  const all = new Float32Array(n * per);
  let offset = 0;
  for (const p of parts) {
    all.set(p, offset);
    offset += p.length;
  }
  return tensor(all, [n, ...shape.slice(1)]);
}

/** Options of {@link sampleGrid} and {@link gridPng}. */
export interface GridOptions {
  /** Images per row (default: a square grid). */
  columns?: number;
  /** Also write the PNG here, atomically. */
  path?: string;
  /** A caption under each image. */
  labels?: readonly string[];
}

/** A grid of generator outputs (values in [-1, 1]) as PNG bytes. */
export async function sampleGrid(images: Tensor, options: GridOptions = {}): Promise<Uint8Array> {
  return gridPng(toUnitRange(images), options);
}

/** A grid of images in [0, 1] as PNG bytes; small images are shown at twice their size. */
export async function gridPng(images: Tensor, options: GridOptions = {}): Promise<Uint8Array> {
  const side = images.shape[1]!;
  const cell = side < 48 ? side * 2 : side;
  return contactSheet(images, options.labels ?? [], { columns: options.columns ?? Math.ceil(Math.sqrt(images.shape[0]!)), cellSize: cell, gap: 2, ...(options.path ? { path: options.path } : {}) });
}

/** Writes `curves-loss.svg|png` (both losses) and `curves-d.svg|png` (mean D(x) and D(G(z))) into `runDir`. */
export async function writeGanCurves(runDir: string, history: GanHistory): Promise<void> {
  if (history.step.length < 2) return;
  const charts: [string, string, string, { name: string; values: number[] }[]][] = [
    ['curves-loss', 'GAN losses', 'loss', [{ name: 'discriminator', values: history.discriminatorLoss }, { name: 'generator', values: history.generatorLoss }]],
    ['curves-d', 'Discriminator outputs', 'mean sigmoid(D)', [{ name: 'D(x), real', values: history.dReal }, { name: 'D(G(z)), generated', values: history.dFake }]],
  ];
  for (const [name, title, yLabel, series] of charts) {
    const svg = lineChartSvg(series, { title, xLabel: 'step', yLabel, x: history.step });
    await writeFileAtomic(join(runDir, `${name}.svg`), svg);
    await svgToPng(svg, join(runDir, `${name}.png`));
  }
}
