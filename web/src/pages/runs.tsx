/**
 * Runs: every run folder with its kind, date, data and metrics; the selected one with its curves,
 * sample grids and samples.txt. Runs that a job is writing update as their files change.
 * @module
 */
import { useEffect, useState } from 'preact/hooks';
import { getJson, listRuns, type RunDetail, type RunListing } from '../api.js';
import { useJobEvents } from '../live.js';
import { RunPictures } from '../components/run-pictures.js';

/** The last value of each per-epoch series of a history.json (classify and text runs write them). */
export function lastMetrics(history: unknown): [string, number][] {
  if (typeof history !== 'object' || history === null) return [];
  const record = history as Record<string, unknown>;
  const series = (typeof record.history === 'object' && record.history !== null ? record.history : record) as Record<string, unknown>;
  return Object.entries(series).flatMap(([key, values]) => {
    if (key === 'epoch' || key === 'seconds' || key === 'epochSeconds' || !Array.isArray(values) || values.length === 0) return [];
    const last = values[values.length - 1] as unknown;
    return typeof last === 'number' ? [[key, last] as [string, number]] : [];
  });
}

function epochsOf(history: unknown): number | null {
  const epoch = (history as { epoch?: unknown } | null)?.epoch;
  return Array.isArray(epoch) ? epoch.length : null;
}

export function RunsPage() {
  const [runs, setRuns] = useState<RunListing[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [detail, setDetail] = useState<RunDetail | null>(null);
  const refreshList = () => listRuns().then(setRuns, (e: Error) => setError(e.message));
  const refreshDetail = (name: string) => getJson<RunDetail>(`/api/runs/${encodeURIComponent(name)}`).then(setDetail, (e: Error) => setError(e.message));
  useEffect(() => void refreshList(), []);
  useEffect(() => {
    setDetail(null);
    if (selected) void refreshDetail(selected);
  }, [selected]);
  useJobEvents(({ job, event }) => {
    if (event.type === 'state' || (event.type === 'file' && /^(model|checkpoint)-\d+$/.test(event.name))) void refreshList();
    if (job.runName === selected && (event.type === 'file' || event.type === 'state')) void refreshDetail(selected);
  }, [selected]);
  if (error) return <p class="error">{error}</p>;
  if (!runs) return <p class="muted">Loading runs…</p>;
  return (
    <div class="split">
      <section class="list">
        <h2>Runs</h2>
        {runs.length === 0 && <p class="muted">No runs yet. Start one on the <a href="#/train">Train</a> page.</p>}
        <ul class="runs">
          {runs.map((run) => (
            <li key={run.name} class={run.name === selected ? 'selected' : ''} onClick={() => setSelected(run.name)} data-run={run.name}>
              <span class={`kind kind-${run.kind}`}>{run.kind}</span> <b>{run.name}</b>
              <div class="muted small">
                {new Date(run.modified).toLocaleString()} · {run.summary.data ? shorten(run.summary.data) : 'data unknown'}
                {run.job ? ` · ${run.job.state}` : ''}
              </div>
            </li>
          ))}
        </ul>
      </section>
      <section class="detail">{selected ? detail ? <RunView run={detail} /> : <p class="muted">Loading…</p> : <p class="muted">Pick a run.</p>}</section>
    </div>
  );
}

function shorten(path: string): string {
  return path.length > 40 ? `…${path.slice(-39)}` : path;
}

function RunView({ run }: { run: RunDetail }) {
  const files = Object.fromEntries(run.files.map((f) => [f.name, f.modified]));
  const metrics = lastMetrics(run.history);
  const epochs = epochsOf(run.history);
  const s = run.summary;
  return (
    <div class="run-view">
      <h2>
        {run.name} <span class={`kind kind-${run.kind}`}>{run.kind}</span>
      </h2>
      {run.job && <p class="live">{run.job.state === 'running' ? `Training now (${run.job.id})` : `Queued (${run.job.id})`}: {run.job.lastLine ?? run.job.title}</p>}
      <table class="facts">
        <tbody>
          <tr><th>modified</th><td>{new Date(run.modified).toLocaleString()}</td></tr>
          {s.data && <tr><th>data</th><td>{s.data}</td></tr>}
          {s.classNames && <tr><th>classes</th><td>{s.classNames.join(', ')}</td></tr>}
          {s.imageSize && <tr><th>images</th><td>{s.imageSize.join('×')}{s.channels ? `×${s.channels}` : ''}</td></tr>}
          {s.arch && <tr><th>model</th><td>{s.arch}</td></tr>}
          {s.step !== undefined && <tr><th>steps</th><td>{s.step}</td></tr>}
          {epochs !== null && <tr><th>epochs</th><td>{epochs}{s.bestEpoch !== undefined ? ` (best: ${s.bestEpoch + 1})` : ''}</td></tr>}
          {run.snapshot && <tr><th>snapshot</th><td>{run.snapshot}</td></tr>}
          {metrics.map(([k, v]) => <tr key={k}><th>{k}</th><td>{v.toFixed(4)}</td></tr>)}
          {s.error && <tr><th>error</th><td class="error">{s.error}</td></tr>}
        </tbody>
      </table>
      <RunPictures run={run.name} files={files} />
      {run.samplesText && (
        <>
          <h3>samples.txt</h3>
          <pre class="samples-text">{run.samplesText}</pre>
        </>
      )}
    </div>
  );
}
