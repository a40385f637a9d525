/**
 * Stylize (on the Generate page): pick a fast style run, drop a photo, and see the photo and the
 * network's repainting side by side (the serve API's POST /stylize, one forward pass on the server).
 * @module
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { sendForImage } from '../api.js';
import { RunPicker, useRuns } from '../components/run-picker.js';
import { DropZone } from '../components/drop-zone.js';

/** Longer sides the result may be brought down to (the server never enlarges). */
const SIDES = ['256', '512', '1024'] as const;

interface Photo {
  readonly file: File;
  readonly url: string;
}

interface Result {
  readonly url: string;
  readonly run: string;
  readonly milliseconds: number;
}

export function StylizePanel() {
  const { runs, chosen, choose, error } = useRuns('style');
  const [photo, setPhoto] = useState<Photo | null>(null);
  const [maxSide, setMaxSide] = useState<string>('512');
  const [result, setResult] = useState<Result | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  // Answers to requests made before the latest one (another run, photo or size) are dropped.
  const latest = useRef(0);
  const add = (files: FileList | null) => {
    const file = Array.from(files ?? []).find((f) => f.type.startsWith('image/'));
    if (!file) return setProblem('Drop an image file (JPEG, PNG, WebP ...).');
    if (photo) URL.revokeObjectURL(photo.url);
    setPhoto({ file, url: URL.createObjectURL(file) });
  };
  useEffect(() => {
    if (!photo || !chosen) return;
    const request = ++latest.current;
    const started = performance.now();
    setBusy(true);
    setProblem(null);
    const url = `/api/stylize?model=${encodeURIComponent(chosen.name)}&maxSide=${maxSide}`;
    sendForImage(url, photo.file, { 'Content-Type': photo.file.type }).then((answer) => {
      if (request !== latest.current) return URL.revokeObjectURL(answer);
      setResult((old) => {
        if (old) URL.revokeObjectURL(old.url);
        return { url: answer, run: chosen.name, milliseconds: performance.now() - started };
      });
    }, (e: Error) => request === latest.current && setProblem(e.message)).finally(() => request === latest.current && setBusy(false));
  }, [photo, chosen?.name, maxSide]);
  return (
    <div class="stylize-panel">
      <h3>Repaint a photo with a fast style run</h3>
      {error && <p class="error">{error}</p>}
      <div class="controls">
        <RunPicker label="style run" runs={runs} chosen={chosen} choose={choose} none="No style run yet: train one on the Train page (fast style)." />
        <label>longest side
          <select name="maxSide" value={maxSide} onChange={(e) => setMaxSide((e.target as HTMLSelectElement).value)}>
            {SIDES.map((side) => <option key={side} value={side}>{side} px</option>)}
          </select>
        </label>
      </div>
      <DropZone onFiles={add} name="photo">Drop a photo here, or</DropZone>
      {problem && <p class="error" role="alert">{problem}</p>}
      {photo && (
        <div class="side-by-side">
          <figure><img data-original src={photo.url} alt={photo.file.name} /><figcaption>{photo.file.name}</figcaption></figure>
          <figure>
            {result ? <img data-stylized src={result.url} alt={`${photo.file.name} in the style of ${result.run}`} /> : <div class="placeholder" />}
            <figcaption>{busy ? 'repainting…' : result ? `${result.run}, ${Math.round(result.milliseconds)} ms (request to answer)` : ''}</figcaption>
          </figure>
        </div>
      )}
    </div>
  );
}
