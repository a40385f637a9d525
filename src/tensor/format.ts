/**
 * NumPy-style rendering of tensors for `toString()`.
 * @module
 */
import type { Tensor } from './tensor.js';
import { formatShape } from '../errors.js';

const EDGE = 3;
const SUMMARIZE_ABOVE = 1000;

function formatNumber(v: number, dtype: string): string {
  if (dtype === 'bool') return v ? 'true' : 'false';
  if (dtype === 'int32' || Number.isNaN(v) || !Number.isFinite(v)) return String(v);
  if (Number.isInteger(v) && Math.abs(v) < 1e16) return `${v}.`;
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-4 || a >= 1e8) ? v.toExponential(4) : String(Number(v.toPrecision(6)));
}

/** Renders a tensor like NumPy: nested brackets, aligned columns, `...` for long axes. */
export function formatTensor(t: Tensor): string {
  const header = `Tensor ${t.dtype} ${formatShape(t.shape)}`;
  if (t.isDisposed) return `${header} (disposed)`;
  const values = t.values;
  const summarize = t.size > SUMMARIZE_ABOVE;
  const strides: number[] = [];
  let s = 1;
  for (let i = t.rank - 1; i >= 0; i--) {
    strides[i] = s;
    s *= t.shape[i]!;
  }
  const shown = (n: number): number[] =>
    summarize && n > 2 * EDGE ? [...Array(EDGE).keys(), -1, ...Array.from({ length: EDGE }, (_, i) => n - EDGE + i)] : [...Array(n).keys()];
  const cells: string[] = [];
  const collect = (axis: number, offset: number): void => {
    if (axis === t.rank) {
      cells.push(formatNumber(values[offset]!, t.dtype));
      return;
    }
    for (const i of shown(t.shape[axis]!)) if (i >= 0) collect(axis + 1, offset + i * strides[axis]!);
  };
  collect(0, 0);
  const width = Math.max(...cells.map((c) => c.length), 1);
  let cell = 0;
  const render = (axis: number, offset: number): string => {
    if (axis === t.rank) return cells[cell++]!.padStart(width);
    const parts = shown(t.shape[axis]!).map((i) => (i < 0 ? '...' : render(axis + 1, offset + i * strides[axis]!)));
    const sep = axis === t.rank - 1 ? ', ' : ',' + '\n'.repeat(t.rank - axis - 1) + ' '.repeat(axis + 1);
    return `[${parts.join(sep)}]`;
  };
  return `${header}\n${render(0, 0)}`;
}
