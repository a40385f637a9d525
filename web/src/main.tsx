/**
 * The studio's single page: a navigation bar and one page per hash route (#/runs, #/train,
 * #/classify, #/generate, #/draw).
 * @module
 */
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { RunsPage } from './pages/runs.js';
import { TrainPage } from './pages/train.js';
import { ClassifyPage } from './pages/classify.js';
import { GeneratePage } from './pages/generate.js';
import { DrawPage } from './pages/draw.js';
import { useJobs } from './live.js';

const PAGES = [
  { path: 'runs', title: 'Runs', Page: RunsPage },
  { path: 'train', title: 'Train', Page: TrainPage },
  { path: 'classify', title: 'Classify', Page: ClassifyPage },
  { path: 'generate', title: 'Generate', Page: GeneratePage },
  { path: 'draw', title: 'Draw', Page: DrawPage },
] as const;

/** The page named by the location's hash (`#/train?job=job-1` → train), default Runs. */
function currentPath(): string {
  return location.hash.replace(/^#\/?/, '').split('?')[0] || 'runs';
}

function App() {
  const [path, setPath] = useState(currentPath());
  const jobs = useJobs();
  useEffect(() => {
    const onHash = () => setPath(currentPath());
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);
  const page = PAGES.find((p) => p.path === path) ?? PAGES[0];
  const running = jobs.filter((j) => j.state === 'running');
  const queued = jobs.filter((j) => j.state === 'queued');
  return (
    <>
      <header>
        <span class="brand">atelier studio</span>
        <nav>
          {PAGES.map((p) => (
            <a href={`#/${p.path}`} class={p === page ? 'active' : ''}>{p.title}</a>
          ))}
        </nav>
        <a class="job-pill" href="#/train" title="jobs">
          {running.length ? `training: ${running.map((j) => j.runName).join(', ')}` : 'no job running'}
          {queued.length ? ` · ${queued.length} queued` : ''}
        </a>
      </header>
      <main>
        <page.Page />
      </main>
    </>
  );
}

render(<App />, document.getElementById('app')!);
