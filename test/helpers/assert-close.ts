/** Test helpers: approximate comparison of tensors and arrays. */
import assert from 'node:assert/strict';
import type { Tensor } from '../../src/index.js';

/** Asserts `|actual - expected| <= atol + rtol * |expected|` elementwise, naming the first bad index. */
export function assertClose(actual: ArrayLike<number> | Tensor, expected: ArrayLike<number> | Tensor, atol = 1e-5, rtol = 1e-4, label = ''): void {
  const a = toArray(actual);
  const e = toArray(expected);
  assert.equal(a.length, e.length, `${label} length ${a.length} vs expected ${e.length}`);
  for (let i = 0; i < a.length; i++) {
    const ok = (Number.isNaN(e[i]!) && Number.isNaN(a[i]!)) || a[i] === e[i] || Math.abs(a[i]! - e[i]!) <= atol + rtol * Math.abs(e[i]!);
    if (!ok) assert.fail(`${label} element ${i}: got ${a[i]}, expected ${e[i]} (atol ${atol}, rtol ${rtol})`);
  }
}

function toArray(x: ArrayLike<number> | Tensor): ArrayLike<number> {
  return (x as Tensor).isTensor === true ? (x as Tensor).data() : (x as ArrayLike<number>);
}
