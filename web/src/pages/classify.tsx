/**
 * Classify and explain: drop images, see each one's top classes as bars, pick an explanation method
 * and see its heat map over the image, with an opacity slider (the serve API's /predict and /explain).
 * @module
 */
import { useEffect, useState } from 'preact/hooks';
import { sendBody } from '../api.js';
import { ClassBars, type ClassBar } from '../components/class-bars.js';
import { RunPicker, useRuns } from '../components/run-picker.js';
import { DropZone } from '../components/drop-zone.js';

/** The methods of /explain (src/art/explain). */
const METHODS = [
  ['gradcam', 'Grad-CAM'],
  ['saliency', 'saliency'],
  ['smoothgrad', 'SmoothGrad'],
  ['integrated-gradients', 'integrated gradients'],
  ['occlusion', 'occlusion'],
] as const;

interface Explanation {
  readonly className: string;
  readonly method: string;
  readonly heatmap: string;
}

interface Dropped {
  readonly id: number;
  readonly file: File;
  readonly url: string;
}

export function ClassifyPage() {
  const { runs, chosen, choose, error } = useRuns('classify');
  const [images, setImages] = useState<Dropped[]>([]);
  const [method, setMethod] = useState<string>('gradcam');
  const [opacity, setOpacity] = useState(0.6);
  const add = (files: FileList | null) => {
    const list = Array.from(files ?? []).filter((f) => f.type.startsWith('image/'));
    setImages((old) => [...list.map((file, i) => ({ id: Date.now() + i, file, url: URL.createObjectURL(file) })), ...old]);
  };
  return (
    <section>
      <h2>Classify and explain</h2>
      {error && <p class="error">{error}</p>}
      <div class="controls">
        <RunPicker label="classifier" runs={runs} chosen={chosen} choose={choose} none="No classifier yet: train one on the Train page." />
        <label>explanation
          <select value={method} onChange={(e) => setMethod((e.target as HTMLSelectElement).value)} name="method">
            {METHODS.map(([value, label]) => <option key={value} value={value}>{label}</option>)}
          </select>
        </label>
        <label>heat map opacity
          <input type="range" min="0" max="1" step="0.05" value={opacity} name="opacity" onInput={(e) => setOpacity(Number((e.target as HTMLInputElement).value))} />
        </label>
      </div>
      <DropZone onFiles={add} multiple>Drop images here, or</DropZone>
      <div class="classified">
        {chosen && images.map((image) => <ImageCard key={`${image.id}-${chosen.name}`} image={image} run={chosen.name} method={method} opacity={opacity} />)}
      </div>
    </section>
  );
}

function ImageCard({ image, run, method, opacity }: { image: Dropped; run: string; method: string; opacity: number }) {
  const [bars, setBars] = useState<ClassBar[] | null>(null);
  const [explanation, setExplanation] = useState<Explanation | null>(null);
  const [error, setError] = useState<string | null>(null);
  const type = { 'Content-Type': image.file.type };
  const query = `model=${encodeURIComponent(run)}`;
  useEffect(() => {
    void sendBody<{ top: ClassBar[] }>(`/api/predict?${query}&top=5`, image.file, type).then((r) => setBars(r.top), (e: Error) => setError(e.message));
  }, [run]);
  useEffect(() => {
    setExplanation(null);
    // alpha=1: the colours alone, laid over the image here, so the slider needs no new request.
    void sendBody<Explanation>(`/api/explain?${query}&method=${method}&alpha=1`, image.file, type).then(setExplanation, (e: Error) => setError(e.message));
  }, [run, method]);
  return (
    <div class="card" data-image={image.file.name}>
      <div class="overlay">
        <img src={image.url} alt={image.file.name} />
        {explanation && <img class="heat" src={`data:image/png;base64,${explanation.heatmap}`} style={{ opacity }} alt={`${explanation.method} for ${explanation.className}`} />}
      </div>
      <p class="muted small">{image.file.name}{explanation ? ` · ${explanation.method} for ${explanation.className}` : ' · explaining…'}</p>
      {error && <p class="error">{error}</p>}
      {bars ? <ClassBars bars={bars} /> : <p class="muted">classifying…</p>}
    </div>
  );
}
