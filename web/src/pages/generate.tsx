/**
 * Generate: GAN grids with seed, class and truncation controls and an animated latent walk
 * (/generate, /interpolate); poems and prose with prime, form, acrostic and rhyme (/sample); a
 * dropped photo repainted by a fast style run (/stylize, stylize-panel.tsx).
 * @module
 */
import { useEffect, useState } from 'preact/hooks';
import { sendForImage, sendJson } from '../api.js';
import { RunPicker, useRuns } from '../components/run-picker.js';
import { StylizePanel } from './stylize-panel.js';

export function GeneratePage() {
  return (
    <section>
      <h2>Generate</h2>
      <GanPanel />
      <TextPanel />
      <StylizePanel />
    </section>
  );
}

/** POSTs JSON and returns the answer as an object URL (an image). */
function imageUrl(url: string, body: unknown): Promise<string> {
  return sendForImage(url, JSON.stringify(body), { 'Content-Type': 'application/json' });
}

function numberOrUndefined(text: string): number | undefined {
  return text.trim() === '' ? undefined : Number(text);
}

function GanPanel() {
  const { runs, chosen, choose, error } = useRuns('gan');
  const [seed, setSeed] = useState('0');
  const [className, setClassName] = useState('');
  const [truncation, setTruncation] = useState('');
  const [grid, setGrid] = useState<string | null>(null);
  const [walk, setWalk] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const classes = chosen?.summary.classNames ?? [];
  const body = () => ({ seed: Number(seed) || 0, ...(className ? { class: className } : {}), ...(numberOrUndefined(truncation) !== undefined ? { truncation: numberOrUndefined(truncation) } : {}) });
  const run = (task: () => Promise<void>) => {
    setProblem(null);
    task().catch((e: Error) => setProblem(e.message));
  };
  const sample = () => run(async () => setGrid(await imageUrl(`/api/generate?model=${encodeURIComponent(chosen!.name)}`, { n: 16, ...body() })));
  const animate = () => run(async () => setWalk(await imageUrl(`/api/interpolate?model=${encodeURIComponent(chosen!.name)}`, { steps: 12, points: 4, format: 'gif', ...body() })));
  useEffect(() => {
    setGrid(null);
    setWalk(null);
    setClassName('');
  }, [chosen?.name]);
  return (
    <div class="gan-panel">
      <h3>Images from a GAN</h3>
      {error && <p class="error">{error}</p>}
      <div class="controls">
        <RunPicker label="GAN run" runs={runs} chosen={chosen} choose={choose} none="No GAN run yet: train one on the Train page (GAN on MNIST)." />
        <label>seed <input name="seed" value={seed} inputMode="numeric" onInput={(e) => setSeed((e.target as HTMLInputElement).value)} /></label>
        {classes.length > 0 && (
          <label>class
            <select name="class" value={className} onChange={(e) => setClassName((e.target as HTMLSelectElement).value)}>
              <option value="">each in turn</option>
              {classes.map((c) => <option key={c} value={c}>{c}</option>)}
            </select>
          </label>
        )}
        <label>truncation <input name="truncation" value={truncation} placeholder="none" onInput={(e) => setTruncation((e.target as HTMLInputElement).value)} /></label>
        <button disabled={!chosen} onClick={sample}>Sample a grid</button>
        <button disabled={!chosen} onClick={animate}>Latent walk</button>
      </div>
      {problem && <p class="error" role="alert">{problem}</p>}
      <div class="generated pictures">
        {grid && <figure><img data-grid src={grid} alt="sample grid" /><figcaption>16 samples, seed {seed}</figcaption></figure>}
        {walk && <figure><img data-walk src={walk} alt="latent walk" /><figcaption>a walk through 4 latent points</figcaption></figure>}
      </div>
    </div>
  );
}

function TextPanel() {
  const { runs, chosen, choose, error } = useRuns('text');
  const [form, setForm] = useState({ prime: '', form: '', acrostic: '', rhyme: false, temperature: '0.8', seed: '0', length: '200' });
  const [samples, setSamples] = useState<string[] | null>(null);
  const [warnings, setWarnings] = useState<string[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const set = (key: keyof typeof form) => (e: Event) => {
    const target = e.target as HTMLInputElement;
    setForm({ ...form, [key]: target.type === 'checkbox' ? target.checked : target.value });
  };
  const sample = () => {
    setProblem(null);
    const body = {
      n: 2, seed: Number(form.seed) || 0, length: Number(form.length) || 200, temperature: numberOrUndefined(form.temperature),
      ...(form.prime ? { prime: form.prime } : {}), ...(form.form ? { form: form.form } : {}), ...(form.acrostic ? { acrostic: form.acrostic } : {}), ...(form.form ? { rhyme: form.rhyme } : {}),
    };
    sendJson<{ samples: string[]; warnings: string[] }>(`/api/sample?model=${encodeURIComponent(chosen!.name)}`, body).then((r) => {
      setSamples(r.samples);
      setWarnings(r.warnings);
    }, (e: Error) => setProblem(e.message));
  };
  return (
    <div class="text-panel">
      <h3>Poems and prose from a text model</h3>
      {error && <p class="error">{error}</p>}
      <div class="controls">
        <RunPicker label="text run" runs={runs} chosen={chosen} choose={choose} none="No text run yet: train one on the Train page (Tang poems or Moby-Dick)." />
        <label>prime <input name="prime" value={form.prime} onInput={set('prime')} /></label>
        <label>form
          <select name="form" value={form.form} onChange={set('form')}>
            <option value="">free</option><option value="5x4">5×4</option><option value="5x8">5×8</option><option value="7x4">7×4</option><option value="7x8">7×8</option>
          </select>
        </label>
        <label>acrostic <input name="acrostic" value={form.acrostic} maxLength={8} onInput={set('acrostic')} /></label>
        <label class="check"><input type="checkbox" name="rhyme" checked={form.rhyme} onChange={set('rhyme')} /> rhyme</label>
        <label>temperature <input name="temperature" value={form.temperature} onInput={set('temperature')} /></label>
        <label>seed <input name="text-seed" value={form.seed} onInput={set('seed')} /></label>
        <label>length <input name="length" value={form.length} onInput={set('length')} /></label>
        <button disabled={!chosen} onClick={sample}>Write</button>
      </div>
      {problem && <p class="error" role="alert">{problem}</p>}
      {warnings.map((w) => <p class="muted small" key={w}>{w}</p>)}
      {samples?.map((s, i) => <pre class="poem" data-sample key={i}>{s}</pre>)}
    </div>
  );
}
