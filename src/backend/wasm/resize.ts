/**
 * Nearest and bilinear resize and their gradients on the wasm module (asm/resize.ts). The per-axis
 * taps come from the reference's coordinate rules (`nearestTaps`, `bilinearTaps`), so both backends
 * read the same input pixels; they are copied into wasm memory for the call.
 * @module
 */
import type { ResizeInfo } from '../kernels.js';
import { bilinearTaps, nearestTaps, type Tap } from '../js/resize.js';
import type { WasmRuntime } from './runtime.js';
import { descriptorViews } from './descriptor-views.js';

/** Floats (read or written) per task for large calls. */
const ELEMENTS_PER_TASK = 1 << 15;
const PARALLEL_MIN_ELEMENTS = 1 << 16;

/** Interleaved `[first, second]` indices and `[w0, w1]` weights (w1 = 1 − w0, computed in float64 like the reference). */
function fillTaps(taps: Tap[], index: Int32Array, weight: Float32Array, offset: number): void {
  taps.forEach((t, i) => {
    index[offset + 2 * i] = t.first;
    index[offset + 2 * i + 1] = t.second;
    weight[offset + 2 * i] = t.firstWeight;
    weight[offset + 2 * i + 1] = 1 - t.firstWeight;
  });
}

/**
 * Runs `resizeTask` (forward: `x` -> `out`) or `resizeBackwardTask` (`dy` -> `dx`); `bilinear`
 * selects the tap rule.
 */
export function resize(rt: WasmRuntime, bilinear: boolean, backward: boolean, src: Float32Array, dst: Float32Array, info: ResizeInfo): void {
  const { batch, inHeight, inWidth, channels, outHeight, outWidth, alignCorners } = info;
  if (dst.length === 0) return;
  if (src.length === 0) {
    dst.fill(0);
    return;
  }
  const rule = bilinear ? bilinearTaps : nearestTaps;
  const taps = 2 * (outHeight + outWidth);
  const index = rt.heap.alloc('int32', taps, false) as Int32Array;
  const weight = rt.heap.alloc('float32', taps, false) as Float32Array;
  fillTaps(rule(inHeight, outHeight, alignCorners), index, weight, 0);
  fillTaps(rule(inWidth, outWidth, alignCorners), index, weight, 2 * outHeight);
  // Units: output rows (forward) or input rows (backward) over the batch.
  const units = batch * (backward ? inHeight : outHeight);
  const total = src.length + dst.length;
  const parallel = total >= PARALLEL_MIN_ELEMENTS;
  const perUnit = Math.max(1, Math.ceil(total / units));
  const perTask = parallel ? Math.max(1, Math.floor(ELEMENTS_PER_TASK / perUnit)) : units;
  const { words: d, offset: desc } = descriptorViews(rt, 1);
  d[0] = src.byteOffset;
  d[1] = dst.byteOffset;
  d[2] = batch;
  d[3] = inHeight;
  d[4] = inWidth;
  d[5] = channels;
  d[6] = outHeight;
  d[7] = outWidth;
  d[8] = perTask;
  d[9] = index.byteOffset;
  d[10] = weight.byteOffset;
  d[11] = index.byteOffset + 8 * outHeight;
  d[12] = weight.byteOffset + 8 * outHeight;
  try {
    rt.pool.run(backward ? 'resizeBackwardTask' : 'resizeTask', desc, Math.ceil(units / perTask), parallel);
  } finally {
    rt.heap.free(index);
    rt.heap.free(weight);
  }
}
