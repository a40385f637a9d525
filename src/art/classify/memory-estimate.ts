/**
 * Will a training batch fit in memory? An estimate made before training, so that an absurd
 * `--image-size` is refused with the numbers (what one batch needs, what there is, the largest size
 * that fits) instead of every image failing to decode and training finding "no batches".
 *
 * The estimate is a lower bound: the float32 input batch, and for each layer its activations,
 * counted three times (kept for the backward pass, their gradient, one temporary), plus weights,
 * gradients and Adam's two moments. Decoding and the image cache come on top.
 * @module
 */
import { totalmem } from 'node:os';
import { ArgumentError } from '../../errors.js';
import { getBackend } from '../../backend/registry.js';
import type { Model } from '../../model/model.js';

/** Bytes of the wasm backend's memory at most (65,536 pages of 64 KiB: wasm32's 4 GiB). */
export const WASM_MEMORY_BYTES = 65536 * 65536;

/** What a training batch needs. */
export interface BatchMemoryEstimate {
  /** Bytes of the float32 input batch. */
  readonly inputBytes: number;
  /** Bytes of activations, their gradients and temporaries for the batch. */
  readonly activationBytes: number;
  /** Bytes of weights, gradients and optimizer state. */
  readonly weightBytes: number;
  /** The sum. */
  readonly totalBytes: number;
}

/** Bytes the current backend can hold: the wasm memory's 4 GiB on `wasm` (or less RAM), else the machine's RAM. */
export function memoryBudget(): number {
  const ram = totalmem();
  return getBackend().name === 'wasm' ? Math.min(WASM_MEMORY_BYTES, ram) : ram;
}

/** Per-sample elements of every layer's output, from the model's summary shapes (`[null,h,w,c]`). */
export function activationElementsPerSample(model: Model): number {
  let total = 0;
  for (const row of model.summaryRows()) {
    for (const shape of row.outputShape.split(/\]\s*,\s*\[/)) {
      const dims = shape.replace(/[[\]\s]/g, '').split(',').slice(1).map(Number);
      if (dims.length > 0 && dims.every((d) => Number.isInteger(d) && d > 0)) total += dims.reduce((a, b) => a * b, 1);
    }
  }
  return total;
}

/** What a model costs, measured at one image size: per-sample activation elements and parameters. */
export interface ModelProfile {
  readonly imageSize: readonly [number, number];
  readonly activationsPerSample: number;
  readonly params: number;
}

/** The {@link ModelProfile} of `model`, built for images of `imageSize`. */
export function modelProfile(model: Model, imageSize: readonly [number, number]): ModelProfile {
  return { imageSize, activationsPerSample: activationElementsPerSample(model), params: model.countParams() };
}

/**
 * Estimates what training needs per batch at `imageSize`. With a `profile` measured at another size,
 * activations are scaled by the area (convolutions and pooling keep the image's proportions);
 * without one only the input batch is counted.
 */
export function estimateBatchMemory(imageSize: readonly [number, number], channels: number, batchSize: number, profile?: ModelProfile): BatchMemoryEstimate {
  const inputBytes = batchSize * imageSize[0] * imageSize[1] * channels * 4;
  const area = profile ? (imageSize[0] * imageSize[1]) / (profile.imageSize[0] * profile.imageSize[1]) : 0;
  const activationBytes = profile ? batchSize * profile.activationsPerSample * area * 4 * 3 : 0;
  const weightBytes = profile ? profile.params * 4 * 4 : 0;
  return { inputBytes, activationBytes, weightBytes, totalBytes: inputBytes + activationBytes + weightBytes };
}

/** `12.3 GB`, `850 MB`: decimal units, as disks and `free -h` in SI mode print them. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1e12) return `${(bytes / 1e12).toFixed(bytes >= 1e14 ? 0 : 1)} TB`;
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`;
  return `${Math.max(1, Math.round(bytes / 1e6))} MB`;
}

/**
 * Throws an {@link ArgumentError} when a batch of `batchSize` images of `imageSize` would not fit in
 * `budget` bytes, with the need, the budget, the largest square size that fits and the largest batch
 * at this size. Without a `profile` only the input batch is counted; with one, activations and
 * weights too.
 */
export function checkBatchMemory(op: string, options: { imageSize: readonly [number, number]; channels: number; batchSize: number; profile?: ModelProfile; budget?: number }): BatchMemoryEstimate {
  const { imageSize, channels, batchSize, profile } = options;
  const budget = options.budget ?? memoryBudget();
  const estimate = estimateBatchMemory(imageSize, channels, batchSize, profile);
  if (estimate.totalBytes <= budget) return estimate;
  const [h, w] = imageSize;
  const perBatchBytes = estimate.inputBytes + estimate.activationBytes;
  const room = budget - estimate.weightBytes;
  // Per-batch bytes grow with the area: the largest scale s with s² · perBatch ≤ room.
  const scale = room > 0 ? Math.sqrt(room / perBatchBytes) : 0;
  const largest = Math.floor(Math.min(h, w) * scale);
  const largestBatch = room > 0 ? Math.floor(room / (perBatchBytes / batchSize)) : 0;
  const what = profile ? 'input, activations and their gradients, weights and optimizer state' : 'the float32 input batch alone';
  const where = options.budget !== undefined ? 'the memory limit is' : getBackend().name === 'wasm' ? 'the wasm backend holds at most' : 'this machine has';
  const fits = largest >= 1
    ? `the largest size that fits is about ${largest}×${largest}${h === w ? '' : ' (or the same area)'} at batch size ${batchSize}`
    : `no image size fits at batch size ${batchSize}`;
  const smallerBatch = largestBatch >= 1 ? `, or lower the batch size to ${largestBatch} at this size` : '';
  throw new ArgumentError(
    `${op}: image size ${h}×${w} needs about ${formatBytes(estimate.totalBytes)} per batch of ${batchSize} (${what}), ` +
    `and ${where} ${formatBytes(budget)}; ${fits}${smallerBatch} (--image-size, --batch-size)`,
  );
}
