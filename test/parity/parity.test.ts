/** The parity runner: fixture validation, reporting, and the PyTorch fixtures themselves. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parityCommand } from '../../src/parity/main.js';
import { readParityFile, runParity, formatParityReport } from '../../src/parity/runner.js';
import { validateParityFile, ParityFormatError } from '../../src/parity/fixture.js';

const samplePath = 'test/fixtures/parity/sample.json';

test('every case of the PyTorch sample fixtures passes', () => {
  const report = runParity(readParityFile(samplePath));
  const failures = report.cases.filter((c) => !c.ok).map((c) => `${c.name}: ${c.message}`);
  assert.deepEqual(failures, []);
  assert.equal(report.passed, report.cases.length);
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
