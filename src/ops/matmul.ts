/**
 * Matrix products: batched, broadcasting over leading axes, with optional transposes.
 * @module
 */
import { ShapeError, formatShape } from '../errors.js';
import { record } from '../autograd/tape.js';
import { broadcastShapes, sizeOf, shapesEqual } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { assertFloatTensor, assertTensor, compute } from './util.js';
import { broadcastTo, reshape, sumToShape } from './shape-ops.js';

/** Options of {@link matmul}. */
export interface MatMulOptions {
  /** Use the transpose of the last two axes of `a`. */
  transposeA?: boolean;
  /** Use the transpose of the last two axes of `b`. */
  transposeB?: boolean;
}

/**
 * Matrix product of the last two axes, batched and broadcast over the leading axes (as NumPy's `@`).
 * 1-D operands are treated as a row (for `a`) or a column (for `b`) vector, and that axis is dropped.
 *
 * @example matmul(x, w)                 // [32,784] @ [784,10] -> [32,10]
 * @example matmul(q, k, { transposeB: true })
 */
export function matmul(a: Tensor, b: Tensor, options: MatMulOptions = {}): Tensor {
  assertTensor('matmul', 'a', a);
  assertTensor('matmul', 'b', b);
  assertFloatTensor('matmul', 'a', a);
  assertFloatTensor('matmul', 'b', b);
  if (a.rank === 0 || b.rank === 0) throw new ShapeError(`matmul: a ${formatShape(a.shape)} and b ${formatShape(b.shape)}: operands must have rank >= 1`);
  const transposeA = options.transposeA ?? false;
  const transposeB = options.transposeB ?? false;
  const a2 = a.rank === 1 ? reshape(a, [1, a.shape[0]!]) : a;
  const b2 = b.rank === 1 ? reshape(b, [b.shape[0]!, 1]) : b;
  const [m, k] = transposeA ? [a2.shape[a2.rank - 1]!, a2.shape[a2.rank - 2]!] : [a2.shape[a2.rank - 2]!, a2.shape[a2.rank - 1]!];
  const [kb, n] = transposeB ? [b2.shape[b2.rank - 1]!, b2.shape[b2.rank - 2]!] : [b2.shape[b2.rank - 2]!, b2.shape[b2.rank - 1]!];
  if (k !== kb) {
    throw new ShapeError(`matmul: a ${formatShape(a.shape)} and b ${formatShape(b.shape)}: inner dimensions ${k} and ${kb} differ`);
  }
  const batchA = a2.shape.slice(0, -2);
  const batchB = b2.shape.slice(0, -2);
  const batchShape = broadcastShapes('matmul', batchA, batchB);
  const batch = sizeOf(batchShape);
  // A batch that is a single matrix broadcasts with stride 0; any other broadcast is materialised.
  const expand = (t: Tensor, own: readonly number[]): Tensor =>
    sizeOf(own) === 1 || shapesEqual(own, batchShape) ? t : broadcastTo(t, [...batchShape, ...t.shape.slice(-2)]);
  const ea = expand(a2, batchA);
  const eb = expand(b2, batchB);
  const outShape = [...batchShape, m, n];
  const out = compute(outShape, 'float32', (be, o) =>
    be.matmul(ea.values as Float32Array, eb.values as Float32Array, o.values as Float32Array, {
      batch, m, k, n, transposeA, transposeB,
      aBatchStride: sizeOf(batchA) === 1 ? 0 : m * k,
      bBatchStride: sizeOf(batchB) === 1 ? 0 : k * n,
    }),
    true,
  );
  const result = record('matmul', [a2, b2], out, (dy, needs) => {
    // dA = dY Bᵀ (or B dYᵀ when A was transposed); dB = Aᵀ dY (or dYᵀ A when B was transposed).
    const da = !needs[0] ? null : transposeA ? matmul(b2, dy, { transposeA: transposeB, transposeB: true }) : matmul(dy, b2, { transposeB: !transposeB });
    const db = !needs[1] ? null : transposeB ? matmul(dy, a2, { transposeA: true, transposeB: transposeA }) : matmul(a2, dy, { transposeA: !transposeA });
    return [da && sumToShape(da, a2.shape), db && sumToShape(db, b2.shape)];
  });
  if (a.rank === 1 && b.rank === 1) return reshape(result, []);
  if (a.rank === 1) return reshape(result, [...batchShape, n]);
  if (b.rank === 1) return reshape(result, [...batchShape, m]);
  return result;
}
