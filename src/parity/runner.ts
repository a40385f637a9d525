/**
 * Runs parity fixtures against the engine: every op case forward and backward, every optimizer case
 * step by step, each compared with PyTorch's values under the fixture tolerance.
 * @module
 */
import { readFileSync } from 'node:fs';
import { valueAndGrad } from '../autograd/grad.js';
import { noGrad } from '../autograd/tape.js';
import { mul, sum } from '../ops/index.js';
import { scope } from '../tensor/scope.js';
import type { Tensor } from '../tensor/tensor.js';
import { compareValues } from './compare.js';
import { ParityFormatError, validateParityFile, type OpCase, type OptimizerCase, type ParityCase, type ParityFile } from './fixture.js';
import { fromFixture, toTorchLayout } from './layout.js';
import { opRunners } from './runners/index.js';
import { runOptimizerCase } from './runners/optimizer.js';

/** Outcome of one case. */
export interface CaseResult {
  name: string;
  op: string;
  ok: boolean;
  /** Largest absolute error over the output and every gradient (or every trajectory step). */
  maxAbsErr: number;
  /** Why the case failed. */
  message?: string;
}

/** Outcome of a fixture file. */
export interface ParityReport {
  passed: number;
  failed: number;
  cases: CaseResult[];
}

/** Reads and validates a fixture file; a malformed file throws {@link ParityFormatError} naming the problem. */
export function readParityFile(path: string): ParityFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ParityFormatError(`${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ParityFormatError(`${path}: not valid JSON (${(e as Error).message})`);
  }
  return validateParityFile(json, path);
}

function runOpCase(c: OpCase): CaseResult {
  const runner = opRunners[c.op];
  if (!runner) return { name: c.name, op: c.op, ok: false, maxAbsErr: Infinity, message: `op '${c.op}' is not supported by the engine` };
  const names = Object.keys(c.inputs);
  const inputs = names.map((n) => fromFixture(c.inputs[n]!, runner.inputLayouts?.[n] ?? 'plain'));
  const labels = c.labels ? fromFixture(c.labels, 'plain', 'int32') : undefined;
  const outLayout = runner.outputLayout ?? 'plain';
  // The gradient with respect to each input is the vjp of grad_output: d/dx sum(f(x) * g).
  const gradOutput = fromFixture(c.grad_output, outLayout);
  let output: Tensor | undefined;
  const { grads } = valueAndGrad((...xs: Tensor[]) => {
    output = runner.forward(Object.fromEntries(names.map((n, i) => [n, xs[i]!])), c.attrs, labels);
    return sum(mul(output, gradOutput));
  })(...inputs);
  const checks = [{ what: 'output', got: toTorchLayout(output!, outLayout), want: c.output }];
  for (const [n, want] of Object.entries(c.grads)) {
    const i = names.indexOf(n);
    if (i < 0) return { name: c.name, op: c.op, ok: false, maxAbsErr: Infinity, message: `gradient '${n}' names no input` };
    checks.push({ what: `grad ${n}`, got: toTorchLayout(grads[i]!, runner.inputLayouts?.[n] ?? 'plain'), want });
  }
  let maxAbsErr = 0;
  for (const { what, got, want } of checks) {
    const r = compareValues(got.values, got.shape, want.data, want.shape);
    maxAbsErr = Math.max(maxAbsErr, r.maxAbsErr);
    if (!r.ok) return { name: c.name, op: c.op, ok: false, maxAbsErr, message: `${what}: ${r.detail}` };
  }
  return { name: c.name, op: c.op, ok: true, maxAbsErr };
}

function runCase(c: ParityCase): CaseResult {
  try {
    return scope(() => (c.op === 'optimizer' ? noGrad(() => runOptimizerCase(c as OptimizerCase)) : runOpCase(c as OpCase)));
  } catch (e) {
    return { name: c.name, op: c.op, ok: false, maxAbsErr: Infinity, message: `${(e as Error).name}: ${(e as Error).message}` };
  }
}

/** Runs every case of a validated fixture file. */
export function runParity(file: ParityFile): ParityReport {
  const cases = file.cases.map(runCase);
  const passed = cases.filter((c) => c.ok).length;
  return { passed, failed: cases.length - passed, cases };
}

/** Formats a report as one line per case and a closing `N passed, M failed` line. */
export function formatParityReport(report: ParityReport): string {
  const width = Math.max(...report.cases.map((c) => c.name.length), 4);
  const lines = report.cases.map((c) => {
    const err = Number.isFinite(c.maxAbsErr) ? c.maxAbsErr.toExponential(2) : '-';
    return `${c.name.padEnd(width)}  max abs err ${err.padStart(9)}  ${c.ok ? 'ok' : `FAIL  ${c.message ?? ''}`}`;
  });
  lines.push(`${report.passed} passed, ${report.failed} failed`);
  return lines.join('\n');
}
