/**
 * Kernel cases of fused attention (attention, attentionBackward): a case worked out by hand and
 * random cases of odd sizes (vector bodies and tails, causal and not, tq ≠ tk, enough work to use
 * threads, key rows long enough to chunk the backward pass or to exceed the fast kernels) compared
 * with the reference backend.
 */
import type { KernelCase } from '../case-helpers.js';
import { randomValues, upload } from '../case-helpers.js';
import type { AttentionInfo } from '../../../src/backend/kernels.js';

function attentionCase(info: AttentionInfo, seed: number): KernelCase {
  const { heads, tq, tk, dk, dv } = info;
  return {
    name: `attention and attentionBackward, heads=${heads} tq=${tq} tk=${tk} dk=${dk} dv=${dv}${info.causal ? ' causal' : ''}`,
    atol: 1e-5,
    rtol: 1e-4,
    run: (b) => {
      const q = upload(b, randomValues(heads * tq * dk, seed));
      const k = upload(b, randomValues(heads * tk * dk, seed + 1));
      const v = upload(b, randomValues(heads * tk * dv, seed + 2));
      const dOut = upload(b, randomValues(heads * tq * dv, seed + 3));
      const out = b.alloc('float32', heads * tq * dv) as Float32Array;
      const lse = b.alloc('float32', heads * tq) as Float32Array;
      b.attention(q, k, v, info, out, lse);
      const dq = upload(b, randomValues(heads * tq * dk, seed + 4));
      const dkOut = upload(b, randomValues(heads * tk * dk, seed + 5));
      const dvOut = upload(b, randomValues(heads * tk * dv, seed + 6));
      b.attentionBackward(q, k, v, out, lse, dOut, info, dq, dkOut, dvOut);
      return [out, lse, dq, dkOut, dvOut];
    },
  };
}

export const attentionCases: KernelCase[] = [
  {
    name: 'attention: two keys with equal scores average their values; causal row 0 sees one key',
    run: (b) => {
      const q = upload(b, Float32Array.of(0, 0, 1, 1));
      const k = upload(b, Float32Array.of(1, 0, 0, 1));
      const v = upload(b, Float32Array.of(2, 4));
      const out = b.alloc('float32', 2) as Float32Array;
      const lse = b.alloc('float32', 2) as Float32Array;
      b.attention(q, k, v, { heads: 1, tq: 2, tk: 2, dk: 2, dv: 1, scale: 1, causal: true }, out, lse);
      return [out, lse];
    },
    expected: [[2, (2 * Math.E + 4 * Math.E) / (2 * Math.E)], [0, 1 + Math.log(2)]],
  },
  attentionCase({ heads: 1, tq: 1, tk: 1, dk: 1, dv: 1, scale: 1, causal: false }, 10),
  attentionCase({ heads: 3, tq: 5, tk: 7, dk: 6, dv: 3, scale: 0.4, causal: false }, 20),
  attentionCase({ heads: 2, tq: 9, tk: 9, dk: 8, dv: 8, scale: 0.35, causal: true }, 30),
  attentionCase({ heads: 2, tq: 7, tk: 4, dk: 5, dv: 9, scale: 0.5, causal: true }, 40),
  attentionCase({ heads: 8, tq: 64, tk: 64, dk: 32, dv: 32, scale: 1 / Math.sqrt(32), causal: true }, 50),
  // Long key rows: the wasm backward pass takes the query rows in chunks of 3 (8,192 keys) and 2
  // (10,000 keys, causal: a chunk's rows see different keys) so its key-major tables fit a thread's scratch.
  attentionCase({ heads: 1, tq: 8, tk: 8192, dk: 5, dv: 3, scale: 0.3, causal: false }, 60),
  attentionCase({ heads: 2, tq: 7, tk: 10000, dk: 4, dv: 6, scale: 0.5, causal: true }, 70),
  // No keys at all: zero outputs, log-sum-exp −Infinity, zero gradients.
  attentionCase({ heads: 2, tq: 3, tk: 0, dk: 4, dv: 2, scale: 1, causal: false }, 90),
  // More keys than the wasm kernels take (16,384): the backend runs the reference for the call.
  attentionCase({ heads: 1, tq: 2, tk: 16385, dk: 2, dv: 3, scale: 0.2, causal: false }, 80),
];
