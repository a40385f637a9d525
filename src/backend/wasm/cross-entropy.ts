/**
 * Fused softmax cross-entropy on the wasm module (asm/cross-entropy.ts): rows of logits spread over
 * threads, each row one task unit.
 * @module
 */
import type { WasmRuntime } from './runtime.js';
import { descriptorViews } from './descriptor-views.js';

// Descriptor words (9), mirrored from asm/cross-entropy.ts.
const MODE = 0, LOGITS = 1, TARGETS = 2, OUT = 3, STATS = 4, DY = 5, ROWS = 6, CLASSES = 7, PER_TASK = 8;
/** Logits below which a call stays on the calling thread. */
const PARALLEL_MIN_ELEMENTS = 1 << 16;
/** Logits per task for large calls. */
const ELEMENTS_PER_TASK = 1 << 14;

function run(
  rt: WasmRuntime, kernel: 'crossEntropyTask' | 'crossEntropyBackwardTask', logits: Float32Array, targets: Int32Array | Float32Array,
  out: Float32Array, stats: Float32Array, dy: Float32Array | null, rows: number, classes: number,
): void {
  if (rows === 0 || classes === 0) return;
  const parallel = rows * classes >= PARALLEL_MIN_ELEMENTS;
  const perTask = parallel ? Math.max(1, Math.floor(ELEMENTS_PER_TASK / classes)) : rows;
  const { words: d, offset: desc } = descriptorViews(rt, 1);
  d[MODE] = targets instanceof Int32Array ? 0 : 1;
  d[LOGITS] = logits.byteOffset;
  d[TARGETS] = targets.byteOffset;
  d[OUT] = out.byteOffset;
  d[STATS] = stats.byteOffset;
  d[DY] = dy ? dy.byteOffset : 0;
  d[ROWS] = rows;
  d[CLASSES] = classes;
  d[PER_TASK] = perTask;
  rt.pool.run(kernel, desc, Math.ceil(rows / perTask), parallel);
}

/** See `Backend.softmaxCrossEntropy`; every array lives in the runtime's memory. */
export function softmaxCrossEntropy(
  rt: WasmRuntime, logits: Float32Array, targets: Int32Array | Float32Array, rows: number, classes: number, loss: Float32Array, stats: Float32Array,
): void {
  run(rt, 'crossEntropyTask', logits, targets, loss, stats, null, rows, classes);
}

/** See `Backend.softmaxCrossEntropyBackward`; every array lives in the runtime's memory. */
export function softmaxCrossEntropyBackward(
  rt: WasmRuntime, logits: Float32Array, targets: Int32Array | Float32Array, stats: Float32Array, dy: Float32Array, rows: number, classes: number,
  dx: Float32Array,
): void {
  run(rt, 'crossEntropyBackwardTask', logits, targets, dx, stats, dy, rows, classes);
}
