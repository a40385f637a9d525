/**
 * The pictures of a run folder: its curves (the SVG charts the CLI writes with the engine's own
 * line charts) and its sample grids or style previews, each reloaded when its file changes.
 * @module
 */
import { runFileUrl } from '../api.js';

/** Files by name with their modification times. */
export type FileVersions = Readonly<Record<string, number>>;

/** Curve charts: `curves-*.svg`. */
export function curveFiles(files: FileVersions): string[] {
  return Object.keys(files).filter((f) => /^curves-[\w-]+\.svg$/.test(f)).sort();
}

/** The pictures that show a run's newest state, when it writes one: a GAN's grid, a style network's preview. */
const LATEST = ['samples/latest.png', 'previews/latest.png'];

/** Sample grids: the latest grid of a GAN run (or preview of a style run), else the newest few sample pictures. */
export function sampleFiles(files: FileVersions, count = 3): string[] {
  const pictures = Object.keys(files).filter((f) => f.endsWith('.png') && !f.startsWith('curves-'));
  const latest = LATEST.filter((f) => pictures.includes(f));
  if (latest.length > 0) return latest;
  return pictures.sort((a, b) => files[b]! - files[a]! || b.localeCompare(a)).slice(0, count);
}

/** The curves and sample grids of `run`. */
export function RunPictures({ run, files }: { run: string; files: FileVersions }) {
  const curves = curveFiles(files);
  const samples = sampleFiles(files);
  if (curves.length === 0 && samples.length === 0) return <p class="muted">No curves or samples yet: they appear after the first epoch (or sample interval).</p>;
  return (
    <div class="pictures">
      {curves.map((f) => (
        <figure key={f}>
          <img class="curve" src={runFileUrl(run, f, files[f])} alt={f} />
          <figcaption>{f}</figcaption>
        </figure>
      ))}
      {samples.map((f) => (
        <figure key={f}>
          {/* Grids of small samples are shown enlarged, pixel for pixel; previews are photos. */}
          <img class={f.startsWith('previews/') ? 'samples' : 'samples pixelated'} src={runFileUrl(run, f, files[f])} alt={f} />
          <figcaption>{f}</figcaption>
        </figure>
      ))}
    </div>
  );
}
