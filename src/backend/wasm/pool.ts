/**
 * 2-D pooling kernels on the wasm module (asm/pool.ts): max and average pooling of NHWC images and
 * their gradients, parallel over image rows (max-pool gradients over images, since windows overlap).
 * @module
 */
import type { Pool2DInfo } from '../kernels.js';
import { descriptorViews } from './descriptor-views.js';
import type { WasmRuntime } from './runtime.js';

const PARALLEL_MIN_ELEMENTS = 1 << 15;

function describe(rt: WasmRuntime, x: number, out: number, argmax: number, info: Pool2DInfo, rows: number, rowElements: number): { desc: number; tasks: number; parallel: boolean } {
  const parallel = rows * rowElements >= PARALLEL_MIN_ELEMENTS;
  const perTask = parallel ? Math.max(1, Math.ceil(rows / (rt.pool.threads * 8))) : Math.max(1, rows);
  const { words: d, offset: desc } = descriptorViews(rt, 1);
  d.set([
    x, out, argmax, info.batch, info.inHeight, info.inWidth, info.channels, info.outHeight, info.outWidth,
    info.filterHeight, info.filterWidth, info.strideHeight, info.strideWidth, info.padTop, info.padLeft,
    info.countIncludePad ? 1 : 0, perTask,
  ]);
  return { desc, tasks: Math.ceil(rows / perTask), parallel };
}

/** Max pooling with arg-max indices. */
export function maxPool2d(rt: WasmRuntime, x: Float32Array, out: Float32Array, argmax: Int32Array, info: Pool2DInfo): void {
  const job = describe(rt, x.byteOffset, out.byteOffset, argmax.byteOffset, info, info.batch * info.outHeight, info.outWidth * info.channels);
  rt.pool.run('maxPoolTask', job.desc, job.tasks, job.parallel);
}

/** Gradient of max pooling: `dx[argmax[i]] += dy[i]`. */
export function maxPool2dBackward(rt: WasmRuntime, dy: Float32Array, argmax: Int32Array, dx: Float32Array, info: Pool2DInfo): void {
  dx.fill(0);
  const job = describe(rt, dx.byteOffset, dy.byteOffset, argmax.byteOffset, info, info.batch, info.outHeight * info.outWidth * info.channels);
  rt.pool.run('maxPoolBackwardTask', job.desc, info.batch, job.parallel);
}

/** Average pooling. */
export function avgPool2d(rt: WasmRuntime, x: Float32Array, out: Float32Array, info: Pool2DInfo): void {
  const job = describe(rt, x.byteOffset, out.byteOffset, 0, info, info.batch * info.outHeight, info.outWidth * info.channels);
  rt.pool.run('avgPoolTask', job.desc, job.tasks, job.parallel);
}

/** Gradient of average pooling (a gather over input rows). */
export function avgPool2dBackward(rt: WasmRuntime, dy: Float32Array, dx: Float32Array, info: Pool2DInfo): void {
  const job = describe(rt, dx.byteOffset, dy.byteOffset, 0, info, info.batch * info.inHeight, info.inWidth * info.channels);
  rt.pool.run('avgPoolBackwardTask', job.desc, job.tasks, job.parallel);
}
