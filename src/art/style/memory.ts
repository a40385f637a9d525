/**
 * Refusing sizes that cannot fit, before any work: an estimate of the bytes one optimisation step
 * needs, against a budget (the wasm backend's memory cannot exceed 4 GiB).
 * @module
 */
import { ArgumentError } from '../../errors.js';
import type { FeatureExtractor } from './extractor.js';

/** The default budget: 3.5 GiB of the wasm memory's 4 GiB limit. */
export const DEFAULT_MEMORY_BUDGET = 3.5 * 1024 ** 3;

/** The image is too large for memory; the message says how much it needs and the largest size that fits. */
export class StyleMemoryError extends ArgumentError {}

/** Estimated bytes of one forward and backward pass plus L-BFGS history over an `height`x`width` image. */
export function estimateStyleBytes(extractor: FeatureExtractor, layers: readonly string[], height: number, width: number, historySize = 20): number {
  const pixels = height * width;
  // im2col chunks (32 MiB), engine slack, and L-BFGS's 2 float64 vectors per history entry.
  return 96 * 1024 ** 2 + pixels * (extractor.bytesPerPixel(layers) + historySize * 2 * 3 * 8);
}

/** Throws {@link StyleMemoryError} when an `height`x`width` image needs more than `budget` bytes. */
export function checkStyleMemory(op: string, extractor: FeatureExtractor, layers: readonly string[], height: number, width: number, budget = DEFAULT_MEMORY_BUDGET, historySize = 20): void {
  const need = estimateStyleBytes(extractor, layers, height, width, historySize);
  if (need <= budget) return;
  const perPixel = (need - 96 * 1024 ** 2) / (height * width);
  const maxPixels = (budget - 96 * 1024 ** 2) / perPixel;
  const scale = Math.sqrt(maxPixels / (height * width));
  const longer = Math.floor(Math.max(height, width) * scale);
  throw new StyleMemoryError(
    `${op}: a ${width}x${height} image needs about ${gib(need)} GiB with the ${extractor.kind} extractor (${layers.length} layers), ` +
      `more than the ${gib(budget)} GiB budget; the largest that fits is about ${longer} px on the longer side (--size ${longer})`,
  );
}

function gib(bytes: number): string {
  return (bytes / 1024 ** 3).toFixed(1);
}
