/**
 * Draw: a canvas to draw a digit on, classified as it is drawn, in the browser: the engine runs in
 * a Web Worker on its wasm backend, with the model built from the run's two files. The page measures
 * the time from a stroke to the bars it produces and shows it.
 * @module
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { getJson, runFileUrl, type RunDetail } from '../api.js';
import { useJobs } from '../live.js';
import { ClassBars, topBars, type ClassBar } from '../components/class-bars.js';
import { RunPicker, useRuns } from '../components/run-picker.js';
import { drawingToPixels } from '../draw/preprocess.js';
import type { DrawReply, DrawRequest } from '../draw/protocol.js';

const CANVAS_SIDE = 280;

/** Stroke-to-bars times of this page, in milliseconds (the end-to-end test reads them). */
declare global {
  interface Window {
    atelierDrawTimings?: number[];
  }
}

export function DrawPage() {
  // A grey classifier (MNIST-like) is what a drawing fits best.
  const { runs, chosen, choose, error } = useRuns('classify', (r) => r.summary.channels === 1);
  const jobs = useJobs();
  const training = jobs.find((j) => j.kind === 'classify' && (j.state === 'running' || j.state === 'queued'));
  return (
    <section class="draw-page">
      <h2>Draw a digit</h2>
      {error && <p class="error">{error}</p>}
      <RunPicker label="classifier" runs={runs} chosen={chosen} choose={choose}
        none={training ? `No classifier yet: ${training.runName} is ${training.state === 'running' ? 'training' : 'queued'} (see Train); this page will use it when its first model is saved.` : 'No classifier yet: train one on the Train page (MNIST digits are built in).'} />
      {chosen && <DrawingBoard key={`${chosen.name}/${chosen.snapshot}`} run={chosen.name} />}
    </section>
  );
}

function DrawingBoard({ run }: { run: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const worker = useRef<Worker | null>(null);
  // A ref, not state: the worker's reply handler, made once, must see the run it was made for.
  const detail = useRef<RunDetail | null>(null);
  const [status, setStatus] = useState('loading the model…');
  const [bars, setBars] = useState<ClassBar[]>([]);
  const [latency, setLatency] = useState<number | null>(null);
  const pending = useRef<{ inFlight: number | null; strokeTime: number | null; dirty: boolean; next: number }>({ inFlight: null, strokeTime: null, dirty: false, next: 1 });

  useEffect(() => {
    let cancelled = false;
    void getJson<RunDetail>(`/api/runs/${encodeURIComponent(run)}`).then((d) => {
      if (cancelled) return;
      detail.current = d;
      if (!d.modelSnapshot) return setStatus('this run has no model snapshot yet');
      const w = new Worker('/draw-worker.js', { type: 'module' });
      worker.current = w;
      w.onerror = (e) => setStatus(`the worker failed: ${e.message}`);
      w.onmessage = (e: MessageEvent<DrawReply>) => onReply(e.data, d);
      const base = runFileUrl(run, d.modelSnapshot);
      w.postMessage({ type: 'load', base } satisfies DrawRequest);
    }, (e: Error) => setStatus(e.message));
    clear();
    return () => {
      cancelled = true;
      worker.current?.terminate();
      worker.current = null;
    };
  }, [run]);

  const onReply = (reply: DrawReply, d: RunDetail) => {
    if (reply.type === 'loaded') setStatus(`model ${d.modelSnapshot} loaded in the browser, on the ${reply.backend} backend`);
    else if (reply.type === 'error') setStatus(`error: ${reply.message}`);
    else {
      const p = pending.current;
      setBars(topBars(reply.probabilities, d.summary.classNames ?? [], 5));
      if (p.strokeTime !== null) {
        const ms = performance.now() - p.strokeTime;
        setLatency(ms);
        (window.atelierDrawTimings ??= []).push(ms);
      }
      p.inFlight = null;
      if (p.dirty) classify();
    }
  };

  /** Sends the drawing to the worker, unless a prediction is in flight (then once it returns). */
  const classify = () => {
    const p = pending.current;
    const d = detail.current;
    if (!canvas.current || !worker.current) return;
    if (p.inFlight !== null) {
      p.dirty = true;
      return;
    }
    p.dirty = false;
    const size = d?.summary.imageSize ?? [28, 28];
    const channels = d?.summary.channels ?? 1;
    const pixels = drawingToPixels(canvas.current, size[0], channels);
    if (!pixels) return setBars([]);
    p.inFlight = p.next++;
    worker.current.postMessage({ type: 'predict', id: p.inFlight, pixels, shape: [size[0], size[1], channels] } satisfies DrawRequest, [pixels.buffer]);
  };

  const clear = () => {
    const c = canvas.current?.getContext('2d');
    if (!c) return;
    c.fillStyle = 'black';
    c.fillRect(0, 0, CANVAS_SIDE, CANVAS_SIDE);
    setBars([]);
  };

  const drawing = useRef<{ x: number; y: number } | null>(null);
  const point = (e: PointerEvent) => {
    const rect = canvas.current!.getBoundingClientRect();
    return { x: ((e.clientX - rect.left) * CANVAS_SIDE) / rect.width, y: ((e.clientY - rect.top) * CANVAS_SIDE) / rect.height };
  };
  const stroke = (e: PointerEvent) => {
    const from = drawing.current;
    if (!from || !canvas.current) return;
    const to = point(e);
    const c = canvas.current.getContext('2d')!;
    c.strokeStyle = 'white';
    c.lineWidth = 22;
    c.lineCap = 'round';
    c.lineJoin = 'round';
    c.beginPath();
    c.moveTo(from.x, from.y);
    c.lineTo(to.x, to.y);
    c.stroke();
    drawing.current = to;
    pending.current.strokeTime = performance.now();
    classify();
  };

  return (
    <div class="draw">
      <div>
        <canvas ref={canvas} width={CANVAS_SIDE} height={CANVAS_SIDE} class="board"
          onPointerDown={(e) => { canvas.current?.setPointerCapture(e.pointerId); drawing.current = point(e); stroke(e); }}
          onPointerMove={stroke}
          onPointerUp={() => { drawing.current = null; }} />
        <div><button onClick={clear}>Clear</button></div>
      </div>
      <div class="draw-result">
        <p class="muted" data-status>{status}</p>
        <ClassBars bars={bars} />
        {latency !== null && <p class="muted small" data-latency>prediction {latency.toFixed(1)} ms after the stroke</p>}
      </div>
    </div>
  );
}
