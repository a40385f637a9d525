/**
 * Train: a form that starts a job (classifier, GAN, text model, fast style network), the job list with each job's state
 * and place in the queue, and the followed job's progress: its step, the CLI's progress lines, the
 * curves and sample grids as they are written, and its error when it fails.
 * @module
 */
import { useEffect, useState } from 'preact/hooks';
import { getJson, sendJson, type JobSummary } from '../api.js';
import { useJobs, useJobStream } from '../live.js';
import { RunPictures } from '../components/run-pictures.js';

type Kind = JobSummary['kind'];

/** The fields each kind of job shows, beyond run name and data: [field, label, placeholder]. */
const NUMBER_FIELDS: Record<Kind, [string, string, string][]> = {
  classify: [['epochs', 'epochs', '20'], ['digits', 'MNIST digits (mnist only)', '10000'], ['imageSize', 'image size', '64 (28 for mnist)'], ['batchSize', 'batch size', '32']],
  gan: [['minutes', 'minutes', 'or epochs'], ['epochs', 'epochs', '20'], ['batchSize', 'batch size', '64'], ['width', 'width', '64'], ['sampleEvery', 'sample every (steps)', '500']],
  text: [['minutes', 'minutes', 'or epochs'], ['epochs', 'epochs', '10'], ['units', 'units', '256'], ['layers', 'layers', '2'], ['seqLen', 'sequence length', '64'], ['batchSize', 'batch size', '32']],
  style: [['minutes', 'minutes', 'or steps'], ['steps', 'steps', '1000'], ['size', 'crop size (a multiple of 4)', '256'], ['styleSize', 'style image size', 'the crop size'], ['batchSize', 'batch size', '2'], ['previewEvery', 'preview every (steps)', '50'], ['checkpointEvery', 'checkpoint and curves every (steps)', '100']],
};

const DATA_CHOICES: Record<Kind, [string, string][]> = {
  classify: [['mnist', 'MNIST digits (built in)'], ['paintings', 'the shipped paintings (built in)']],
  gan: [['mnist', 'MNIST digits (built in)']],
  text: [['tang', 'Tang poems (built in)'], ['moby-dick', 'Moby-Dick (built in)']],
  style: [['builtin', 'the shipped photo and paintings (built in)']],
};

/** The form field that names a job's data, and what a path on the server must be for it. */
const DATA_FIELD: Record<Kind, [string, string]> = { classify: ['data', 'folder'], gan: ['data', 'folder'], text: ['corpus', 'text file'], style: ['content', 'folder of pictures'] };

/** The job id in the hash (`#/train?job=job-3`), if any. */
function followedJob(): string | null {
  return new URLSearchParams(location.hash.split('?')[1] ?? '').get('job');
}

export function TrainPage() {
  const jobs = useJobs();
  const [followed, setFollowed] = useState<string | null>(followedJob() ?? jobs.find((j) => j.state === 'running')?.id ?? null);
  const follow = (id: string) => {
    setFollowed(id);
    history.replaceState(null, '', `#/train?job=${id}`);
  };
  return (
    <div class="split">
      <section class="list">
        <h2>New job</h2>
        <JobForm onStarted={(job) => follow(job.id)} />
        <h2>Jobs</h2>
        {jobs.length === 0 && <p class="muted">No jobs yet.</p>}
        <ul class="jobs">
          {jobs.map((job) => (
            <li key={job.id} class={job.id === followed ? 'selected' : ''} onClick={() => follow(job.id)} data-job={job.id}>
              <span class={`state state-${job.state}`}>{job.state}{job.position ? ` #${job.position}` : ''}</span> <b>{job.runName}</b>
              <div class="muted small">{job.id} · {job.title}</div>
              {(job.state === 'queued' || job.state === 'running') && (
                <button class="small" onClick={(e) => { e.stopPropagation(); void sendJson(`/api/jobs/${job.id}`, undefined, 'DELETE'); }}>cancel</button>
              )}
            </li>
          ))}
        </ul>
      </section>
      <section class="detail">{followed ? <JobProgress id={followed} /> : <p class="muted">Start a job, or pick one to follow.</p>}</section>
    </div>
  );
}

function JobForm({ onStarted }: { onStarted: (job: JobSummary) => void }) {
  const [kind, setKind] = useState<Kind>('classify');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    const body: Record<string, unknown> = { kind };
    for (const [key, value] of form.entries()) if (typeof value === 'string' && value !== '') body[key] = value;
    if (body.dataPath) body[DATA_FIELD[kind][0]] = body.dataPath;
    if (body.stylePath) body.style = body.stylePath;
    delete body.dataPath;
    delete body.stylePath;
    for (const flag of ['overwrite', 'resume', 'conditional']) body[flag] = form.get(flag) === 'on';
    setBusy(true);
    setError(null);
    try {
      onStarted(await sendJson<JobSummary>('/api/jobs', body));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const [dataField, pathKind] = DATA_FIELD[kind];
  return (
    <form class="job-form" onSubmit={(e) => void submit(e)}>
      <label>kind
        <select value={kind} onChange={(e) => setKind((e.target as HTMLSelectElement).value as Kind)}>
          <option value="classify">image classifier</option>
          <option value="gan">GAN</option>
          <option value="text">text model</option>
          <option value="style">fast style network</option>
        </select>
      </label>
      <label>run name <input name="run" required pattern="[A-Za-z0-9][A-Za-z0-9._\-]*" placeholder="my-run" /></label>
      {kind === 'style' && <StyleFields />}
      <label>{dataField}
        <select name={dataField}>
          {DATA_CHOICES[kind].map(([value, label]) => <option key={value} value={value}>{label}</option>)}
        </select>
      </label>
      <label>or a {pathKind} on the server <input name="dataPath" placeholder="/absolute/path" /></label>
      {NUMBER_FIELDS[kind].map(([field, label, placeholder]) => (
        <label key={`${kind}-${field}`}>{label} <input name={field} inputMode="decimal" placeholder={placeholder} /></label>
      ))}
      {kind === 'gan' && <label class="check"><input type="checkbox" name="conditional" /> conditional (pick a class when sampling)</label>}
      {kind === 'text' && (
        <label>architecture
          <select name="arch"><option value="lstm">LSTM</option><option value="gru">GRU</option><option value="transformer">Transformer</option></select>
        </label>
      )}
      <label class="check"><input type="checkbox" name="resume" /> resume the run</label>
      <label class="check"><input type="checkbox" name="overwrite" /> overwrite the run</label>
      <button type="submit" disabled={busy}>Start</button>
      {error && <p class="error" role="alert">{error}</p>}
    </form>
  );
}

/** The style image of a style job: a shipped painting, or an image on the server. */
function StyleFields() {
  const [paintings, setPaintings] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    getJson<{ paintings: string[] }>('/api/paintings').then((r) => setPaintings(r.paintings), (e: Error) => setError(e.message));
  }, []);
  return (
    <>
      <label>style (a shipped painting)
        <select name="style">
          {paintings.map((file) => <option key={file} value={file}>{file.replace(/\.\w+$/, '').replaceAll('_', ' ')}</option>)}
        </select>
      </label>
      {error && <p class="error">{error}</p>}
      <label>or an image on the server <input name="stylePath" placeholder="/absolute/path/painting.jpg" /></label>
    </>
  );
}

function JobProgress({ id }: { id: string }) {
  const view = useJobStream(id);
  if (!view.job) return <p class="muted">Connecting to {id}…</p>;
  const last = view.lines[view.lines.length - 1];
  return (
    <div class="job-progress" data-state={view.state}>
      <h2>{view.job.runName} <span class={`state state-${view.state}`}>{view.state}{view.position ? ` #${view.position} in queue` : ''}</span></h2>
      <p class="muted">{view.job.id} · {view.job.title}</p>
      {view.step && <p class="step">{view.step}</p>}
      {last && <p class="progress-line">{last}</p>}
      {view.error && <p class="error" role="alert">Failed: {view.error}</p>}
      <RunPictures run={view.job.runName} files={view.files} />
      <details open={view.state === 'failed'}>
        <summary>output ({view.lines.length} lines)</summary>
        <pre class="log">{view.lines.slice(-60).join('\n')}</pre>
      </details>
    </div>
  );
}
