/** The parity runner: fixture validation, reporting, and the PyTorch fixtures themselves. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parityCommand } from '../../src/parity/main.js';
import { readParityFile, runParity, formatParityReport } from '../../src/parity/runner.js';
import { validateParityFile, ParityFormatError, type OpCase } from '../../src/parity/fixture.js';
import { compareValues } from '../../src/parity/compare.js';

const samplePath = 'test/fixtures/parity/sample.json';
const nanPath = 'test/fixtures/parity/nan.json';

test('every case of the PyTorch sample fixtures passes', () => {
  const report = runParity(readParityFile(samplePath));
  const failures = report.cases.filter((c) => !c.ok).map((c) => `${c.name}: ${c.message}`);
  assert.deepEqual(failures, []);
  assert.equal(report.passed, report.cases.length);
});

test('every case of the PyTorch NaN fixtures passes (NaN propagation, forward and gradients)', () => {
  const report = runParity(readParityFile(nanPath));
  const failures = report.cases.filter((c) => !c.ok).map((c) => `${c.name}: ${c.message}`);
  assert.deepEqual(failures, []);
  assert.ok(report.passed >= 40, `${report.passed} cases`);
});

test('fixture data may write non-finite numbers as "NaN", "Infinity" and "-Infinity"', () => {
  const file = validateParityFile({
    cases: [{ name: 'r', op: 'relu', attrs: {}, inputs: { x: { shape: [4], data: ['NaN', 'Infinity', '-Infinity', 1] } }, output: { shape: [4], data: ['NaN', 'Infinity', 0, 1] }, grad_output: { shape: [4], data: [1, 1, 1, 1] }, grads: { x: { shape: [4], data: [1, 1, 0, 1] } } }],
  });
  const x = (file.cases[0] as OpCase).inputs.x!.data;
  assert.ok(Number.isNaN(x[0]));
  assert.deepEqual(x.slice(1), [Infinity, -Infinity, 1]);
  assert.equal(runParity(file).passed, 1);
  assert.throws(() => validateParityFile({ cases: [{ name: 'b', op: 'relu', inputs: { x: { shape: [1], data: ['nan'] } }, output: { shape: [1], data: [0] }, grad_output: { shape: [1], data: [1] }, grads: {} }] }), /cases\[0\] \(b\)\.inputs\.x\.data\[0\]: expected a number or "NaN"/);
});

test('a NaN matches only a NaN, an infinity only the same infinity', () => {
  assert.equal(compareValues([NaN, Infinity, -Infinity], [3], [NaN, Infinity, -Infinity], [3]).ok, true);
  assert.equal(compareValues([0], [1], [NaN], [1]).ok, false);
  assert.equal(compareValues([NaN], [1], [0], [1]).ok, false);
  assert.equal(compareValues([Infinity], [1], [-Infinity], [1]).ok, false);
  assert.match(compareValues([1, 2, 5], [3], [1, NaN, 5], [3]).detail!, /element 1: got 2, expected NaN/);
});

test('every case of the multi-head attention fixtures (torch.nn.MultiheadAttention) passes', () => {
  const report = runParity(readParityFile('test/fixtures/parity/attention.json'));
  assert.deepEqual(report.cases.filter((c) => !c.ok).map((c) => `${c.name}: ${c.message}`), []);
  assert.equal(report.passed, 5);
});

test('an op the engine lacks is reported as a failed case, never skipped', () => {
  const file = validateParityFile({
    cases: [{ name: 'mystery', op: 'no_such_op', attrs: {}, inputs: { x: { shape: [1], data: [1] } }, output: { shape: [1], data: [1] }, grad_output: { shape: [1], data: [1] }, grads: {} }],
  });
  const report = runParity(file);
  assert.equal(report.failed, 1);
  assert.match(report.cases[0]!.message!, /no_such_op/);
  assert.match(formatParityReport(report), /^0 passed, 1 failed$/m);
});

test('a wrong value fails the case with the worst element named', () => {
  const file = validateParityFile({
    cases: [{ name: 'relu_off', op: 'relu', attrs: {}, inputs: { x: { shape: [2], data: [1, -1] } }, output: { shape: [2], data: [1, 0.5] }, grad_output: { shape: [2], data: [1, 1] }, grads: { x: { shape: [2], data: [1, 0] } } }],
  });
  const [result] = runParity(file).cases;
  assert.equal(result!.ok, false);
  assert.match(result!.message!, /output: element 1: got 0, expected 0.5/);
});

test('malformed files are rejected with the place of the problem', () => {
  assert.throws(() => validateParityFile({}), ParityFormatError);
  assert.throws(() => validateParityFile({ cases: [{ name: 'a', op: 'relu', inputs: { x: { shape: [2], data: [1] } } }] }), /cases\[0\] \(a\)\.inputs\.x: data has 1 values, shape \[2\] needs 2/);
  const dir = mkdtempSync(join(tmpdir(), 'parity-'));
  writeFileSync(join(dir, 'bad.json'), '{ not json');
  const errors: string[] = [];
  assert.equal(parityCommand(join(dir, 'bad.json'), {}, () => {}, (s) => errors.push(s)), 1);
  assert.match(errors[0]!, /not valid JSON/);
  assert.equal(parityCommand(join(dir, 'missing.json'), {}, () => {}, (s) => errors.push(s)), 1);
  assert.match(errors[1]!, /cannot read \(ENOENT\)/);
});

test('--json prints one object with passed, failed and cases', () => {
  const dir = mkdtempSync(join(tmpdir(), 'parity-'));
  const path = join(dir, 'one.json');
  writeFileSync(path, JSON.stringify({ cases: [{ name: 'r', op: 'relu', attrs: {}, inputs: { x: { shape: [2], data: [1, -1] } }, output: { shape: [2], data: [1, 0] }, grad_output: { shape: [2], data: [1, 1] }, grads: { x: { shape: [2], data: [1, 0] } } }] }));
  const lines: string[] = [];
  assert.equal(parityCommand(path, { json: true }, (s) => lines.push(s)), 0);
  const parsed = JSON.parse(lines[0]!);
  assert.equal(parsed.passed, 1);
  assert.equal(parsed.failed, 0);
  assert.equal(parsed.cases[0].name, 'r');
  assert.equal(parsed.cases[0].ok, true);
});
