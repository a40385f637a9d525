/**
 * LSTM and GRU sequences on the wasm kernels: the time loop runs here, each step one SGEMM for the
 * recurrent matmul (into the step's gate rows, time-major so they are contiguous) and one cell
 * kernel for the gates (asm/recurrent.ts). The backward pass walks time in reverse the same way, and
 * the recurrent weight gradient is a single SGEMM over every step at the end (`k = T·B`), which
 * threads well, instead of T small products.
 * @module
 */
import type { RecurrentInfo } from '../kernels.js';
import { packGemmB, sgemm, type GemmJob } from './gemm.js';
import { reduce } from './reduce.js';
import { descriptorViews } from './descriptor-views.js';
import type { TaskKernel } from './exports.js';
import type { WasmRuntime } from './runtime.js';

/** Cells of at least this many elements (batch x units) spread over threads. */
const PARALLEL_MIN_CELLS = 1 << 12;

/** Runs a cell kernel over the batch rows with the descriptor words `words`. The last word is rows per task. */
function runCell(rt: WasmRuntime, kernel: TaskKernel, words: number[], info: RecurrentInfo): void {
  const { batch, units } = info;
  const parallel = batch * units >= PARALLEL_MIN_CELLS && batch > 1;
  const rows = parallel ? Math.ceil(batch / (2 * rt.pool.threads)) : batch;
  const { words: d, offset: desc } = descriptorViews(rt, 1);
  d.set(words);
  d[words.length] = rows;
  rt.pool.run(kernel, desc, Math.ceil(batch / rows), parallel);
}

/** A plain row-major product `c (+)= a · op(b)` of one matrix each. */
function product(rt: WasmRuntime, job: Pick<GemmJob, 'a' | 'lda' | 'b' | 'ldb' | 'c' | 'ldc' | 'm' | 'n' | 'k'> & Partial<GemmJob>): void {
  sgemm(rt, { transA: false, transB: false, batch: 1, aBatch: 0, bBatch: 0, cBatch: 0, ...job });
}

/** The recurrent weight gradient `dW = Σ_{t,b} h_{t−1}[b]ᵀ · d[t, b]`: `hs` slots `0..T−1` against `d` `[T·B, cols]`. */
function weightGradient(rt: WasmRuntime, hs: Float32Array, d: number, cols: number, dW: Float32Array, info: RecurrentInfo): void {
  const { time, batch, units } = info;
  product(rt, { a: hs.byteOffset, lda: units, transA: true, b: d, ldb: cols, c: dW.byteOffset, ldc: cols, m: units, n: cols, k: time * batch });
}

/** See {@link Backend.lstmForward}. */
export function lstmForward(rt: WasmRuntime, xProjected: Float32Array, weightHh: Float32Array, hs: Float32Array, cs: Float32Array, gates: Float32Array, info: RecurrentInfo): void {
  const { time, batch, units } = info;
  const G = 4 * units;
  const stepGates = batch * G;
  const stepState = batch * units;
  const packed = packGemmB(rt, weightHh.byteOffset, G, false, units, G);
  try {
    for (let t = 0; t < time; t++) {
      const g = gates.byteOffset + 4 * t * stepGates;
      rt.exports.copyBytes(g, xProjected.byteOffset + 4 * t * stepGates, 4 * stepGates);
      product(rt, { a: hs.byteOffset + 4 * t * stepState, lda: units, b: weightHh.byteOffset, ldb: G, packedB: packed, c: g, ldc: G, m: batch, n: G, k: units, accumulate: true });
      const state = (slot: Float32Array, s: number): number => slot.byteOffset + 4 * s * stepState;
      runCell(rt, 'lstmCellTask', [g, state(cs, t), state(cs, t + 1), state(hs, t + 1), batch, units], info);
    }
  } finally {
    rt.heap.freeBytes(packed);
  }
}

/** See {@link Backend.lstmBackward}. `dH0` and `dC0` carry the gradients reaching each step's states. */
export function lstmBackward(
  rt: WasmRuntime, weightHh: Float32Array, hs: Float32Array, cs: Float32Array, gates: Float32Array, dHs: Float32Array, dCs: Float32Array,
  dXProjected: Float32Array, dWeightHh: Float32Array, dH0: Float32Array, dC0: Float32Array, info: RecurrentInfo,
): void {
  const { time, batch, units } = info;
  const G = 4 * units;
  const stepGates = 4 * batch * G;
  const stepState = 4 * batch * units;
  rt.exports.zeroBytes(dH0.byteOffset, dH0.byteLength);
  rt.exports.zeroBytes(dC0.byteOffset, dC0.byteLength);
  const packed = packGemmB(rt, weightHh.byteOffset, G, true, G, units);
  try {
    for (let t = time - 1; t >= 0; t--) {
      const dx = dXProjected.byteOffset + t * stepGates;
      runCell(rt, 'lstmCellBackwardTask', [
        gates.byteOffset + t * stepGates, cs.byteOffset + t * stepState, cs.byteOffset + (t + 1) * stepState,
        dHs.byteOffset + t * stepState, dCs.byteOffset + t * stepState, dH0.byteOffset, dC0.byteOffset, dx, batch, units,
      ], info);
      // The gradient reaching h_{t−1}: this step's gate gradients back through Whh.
      product(rt, { a: dx, lda: G, b: weightHh.byteOffset, ldb: G, transB: true, packedB: packed, c: dH0.byteOffset, ldc: units, m: batch, n: units, k: G });
    }
  } finally {
    rt.heap.freeBytes(packed);
  }
  weightGradient(rt, hs, dXProjected.byteOffset, G, dWeightHh, info);
}

/** See {@link Backend.gruForward}. */
export function gruForward(rt: WasmRuntime, xProjected: Float32Array, weightHh: Float32Array, biasHh: Float32Array, hs: Float32Array, gates: Float32Array, info: RecurrentInfo): void {
  const { time, batch, units } = info;
  const G = 3 * units;
  const stepState = 4 * batch * units;
  const p = rt.heap.allocBytes(4 * batch * G, false);
  const packed = packGemmB(rt, weightHh.byteOffset, G, false, units, G);
  try {
    for (let t = 0; t < time; t++) {
      const hPrev = hs.byteOffset + t * stepState;
      product(rt, { a: hPrev, lda: units, b: weightHh.byteOffset, ldb: G, packedB: packed, c: p, ldc: G, m: batch, n: G, k: units });
      runCell(rt, 'gruCellTask', [
        xProjected.byteOffset + 4 * t * batch * G, p, biasHh.byteOffset, hPrev, hPrev + stepState, gates.byteOffset + 4 * t * batch * 4 * units, batch, units,
      ], info);
    }
  } finally {
    rt.heap.freeBytes(p);
    rt.heap.freeBytes(packed);
  }
}

/** See {@link Backend.gruBackward}. `dH0` carries the gradient reaching each step's hidden state. */
export function gruBackward(
  rt: WasmRuntime, weightHh: Float32Array, hs: Float32Array, gates: Float32Array, dHs: Float32Array,
  dXProjected: Float32Array, dWeightHh: Float32Array, dBiasHh: Float32Array, dH0: Float32Array, info: RecurrentInfo,
): void {
  const { time, batch, units } = info;
  const G = 3 * units;
  const stepState = 4 * batch * units;
  const stepGrad = 4 * batch * G;
  // Gradients of each step's hidden projection p = h·Whh + bhh, [T, B, 3H].
  const dP = rt.heap.allocBytes(time * stepGrad, false);
  const packed = packGemmB(rt, weightHh.byteOffset, G, true, G, units);
  try {
    rt.exports.zeroBytes(dH0.byteOffset, dH0.byteLength);
    for (let t = time - 1; t >= 0; t--) {
      runCell(rt, 'gruCellBackwardTask', [
        gates.byteOffset + 4 * t * batch * 4 * units, hs.byteOffset + t * stepState, dHs.byteOffset + t * stepState, dH0.byteOffset,
        dXProjected.byteOffset + t * stepGrad, dP + t * stepGrad, batch, units,
      ], info);
      product(rt, { a: dP + t * stepGrad, lda: G, b: weightHh.byteOffset, ldb: G, transB: true, packedB: packed, c: dH0.byteOffset, ldc: units, m: batch, n: units, k: G, accumulate: true });
    }
    weightGradient(rt, hs, dP, G, dWeightHh, info);
    const dPRows = new Float32Array(rt.heap.buffer, dP, time * batch * G);
    if (!reduce(rt, 'sum', dPRows, { outer: 1, size: time * batch, inner: G }, dBiasHh)) throw new Error('wasm gruBackward: the sum kernel declined float32 rows');
  } finally {
    rt.heap.freeBytes(dP);
    rt.heap.freeBytes(packed);
  }
}
