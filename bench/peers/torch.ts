/**
 * PyTorch as a peer: runs a Python snippet with Debian's PyTorch (`/usr/bin/python3`), when
 * installed. Snippets print one JSON object per line `{"key": value}`; the runner merges them.
 */
import { spawnSync } from 'node:child_process';

const PYTHON = '/usr/bin/python3';

/** Prelude of every snippet: thread count and timing helpers. */
function prelude(threads: number): string {
  return [
    'import json, time, torch',
    `torch.set_num_threads(${threads}); torch.manual_seed(0)`,
    'def best_ms(fn, reps):',
    '    fn(); best = float("inf")',
    '    for _ in range(reps):',
    '        t = time.perf_counter(); fn(); best = min(best, (time.perf_counter() - t) * 1000)',
    '    return best',
    'def report(**values): print(json.dumps(values), flush=True)',
    '',
  ].join('\n');
}

/** The torch version string, or null when `import torch` fails. */
export function torchVersion(): string | null {
  const probe = spawnSync(PYTHON, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8', timeout: 60000 });
  return probe.status === 0 ? probe.stdout.trim() : null;
}

/** Returns a runner for snippets, or null when PyTorch is unavailable. */
export function torchRunner(threads: number): ((script: string) => Record<string, number>) | null {
  if (!torchVersion()) return null;
  return (script) => {
    const result = spawnSync(PYTHON, ['-c', prelude(threads) + script], { encoding: 'utf8', timeout: 600000 });
    if (result.status !== 0) throw new Error(`pytorch snippet failed: ${result.stderr.slice(-2000)}`);
    const values: Record<string, number> = {};
    for (const line of result.stdout.split('\n')) {
      if (line.trim().startsWith('{')) Object.assign(values, JSON.parse(line) as Record<string, number>);
    }
    return values;
  };
}
