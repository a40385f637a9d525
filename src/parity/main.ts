/**
 * `atelier parity <fixtures.json> [--json]`: runs parity fixtures and exits 1 on any failure.
 * @module
 */
import { ParityFormatError } from './fixture.js';
import { formatParityReport, readParityFile, runParity } from './runner.js';

/** Runs the parity command; returns the process exit code. */
export function parityCommand(path: string, options: { json?: boolean } = {}, out: (s: string) => void = console.log, err: (s: string) => void = console.error): number {
  try {
    const report = runParity(readParityFile(path));
    out(options.json ? JSON.stringify({ passed: report.passed, failed: report.failed, cases: report.cases.map(({ name, ok, maxAbsErr }) => ({ name, ok, maxAbsErr: Number.isFinite(maxAbsErr) ? maxAbsErr : null })) }) : formatParityReport(report));
    return report.failed > 0 ? 1 : 0;
  } catch (e) {
    if (e instanceof ParityFormatError) {
      err(`parity: ${e.message}`);
      return 1;
    }
    throw e;
  }
}
