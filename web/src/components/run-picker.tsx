/**
 * A choice among the runs of one kind, kept in the page's state; says what to do when there are none.
 * @module
 */
import { useEffect, useState } from 'preact/hooks';
import { listRuns, type RunListing } from '../api.js';
import { useJobEvents } from '../live.js';

/** The runs of `kind` (refreshed when a job saves a snapshot), and the chosen one. */
export function useRuns(kind: RunListing['kind'], prefer?: (run: RunListing) => boolean): { runs: RunListing[] | null; chosen: RunListing | null; choose: (name: string) => void; error: string | null } {
  const [runs, setRuns] = useState<RunListing[] | null>(null);
  const [name, setName] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const refresh = () => listRuns().then((all) => setRuns(all.filter((r) => r.kind === kind && r.snapshot !== null)), (e: Error) => setError(e.message));
  useEffect(() => void refresh(), [kind]);
  useJobEvents(({ event }) => {
    if (event.type === 'state' || (event.type === 'file' && /^(model|checkpoint)-\d+$/.test(event.name))) void refresh();
  }, [kind]);
  const chosen = runs?.find((r) => r.name === name) ?? (prefer && runs?.find(prefer)) ?? runs?.[0] ?? null;
  return { runs, chosen, choose: setName, error };
}

/** What a run learned from, by file or folder name: a style run's painting, else its data. */
function about(run: RunListing): string | undefined {
  return (run.summary.style ?? run.summary.data)?.split('/').pop();
}

export function RunPicker({ label, runs, chosen, choose, none }: { label: string; runs: RunListing[] | null; chosen: RunListing | null; choose: (name: string) => void; none: string }) {
  if (!runs) return <p class="muted">Loading runs…</p>;
  if (runs.length === 0) return <p class="muted">{none}</p>;
  return (
    <label class="picker">{label}{' '}
      <select value={chosen?.name} onChange={(e) => choose((e.target as HTMLSelectElement).value)}>
        {runs.map((r) => <option key={r.name} value={r.name}>{r.name}{about(r) ? ` (${about(r)})` : ''}</option>)}
      </select>
    </label>
  );
}
