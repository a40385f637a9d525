/**
 * Loaded models, kept for the next request: loaded on first use, at most `capacity` of them (least
 * recently used dropped first), and loaded again when their run saves a newer snapshot. A load that
 * fails answers 500 (`run_unreadable`, naming the file) and is not kept, so a run repaired or saved
 * again is loaded at the next request.
 * @module
 */
import { LruCache } from '../../data/lru-cache.js';
import { loadClassifierRun, type ClassifierRun } from '../../art/classify/run-folder.js';
import { loadGanGenerator, type GanState } from '../../art/gan/run-folder.js';
import { loadTextRun, type TextRun } from '../../art/text/run-folder.js';
import { stack } from '../../ops/slicing.js';
import { scope } from '../../tensor/scope.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { Model } from '../../model/model.js';
import { DynamicBatcher, type BatcherOptions } from '../batching/batcher.js';
import { ApiError } from '../errors.js';
import type { RunInfo } from './run-index.js';

/** A classifier ready to answer: the run, and the batcher that feeds its model. */
export interface ServedClassifier {
  readonly run: ClassifierRun;
  /** Submit one image `[H, W, C]` (as the classifier reads it); resolves with its class probabilities. */
  readonly batcher: DynamicBatcher<Tensor, Float32Array>;
}

/** A GAN's generator (its weight average when the run keeps one) and the run's state. */
export interface ServedGan {
  readonly generator: Model;
  readonly state: GanState;
}

/** Loads models on first use and keeps the most recently used ones. */
export class ModelCache {
  private readonly entries: LruCache<string, Promise<unknown>>;

  /**
   * @param capacity models kept at once (default 4).
   * @param batching options of every classifier's batcher.
   */
  constructor(capacity = 4, private readonly batching: BatcherOptions = {}) {
    this.entries = new LruCache(capacity);
  }

  /** The classifier of a `classify` run. */
  classifier(run: RunInfo, op: string): Promise<ServedClassifier> {
    return this.load(run, async () => {
      const loaded = await loadClassifierRun(run.path, op);
      return { run: loaded, batcher: new DynamicBatcher((images: Tensor[]) => predictRows(loaded.model, images), this.batching) };
    });
  }

  /** The generator of a `gan` run. */
  gan(run: RunInfo, op: string): Promise<ServedGan> {
    return this.load(run, () => {
      const { generator, state } = loadGanGenerator(run.path, op);
      return Promise.resolve({ generator, state });
    });
  }

  /** The best model of a `text` run, with its tokenizer and settings. */
  text(run: RunInfo, op: string): Promise<TextRun> {
    return this.load(run, () => Promise.resolve(loadTextRun(run.path, op)));
  }

  private load<T>(run: RunInfo, loader: () => Promise<T>): Promise<T> {
    const key = `${run.kind}\0${run.path}\0${run.snapshot ?? ''}`;
    const held = this.entries.get(key);
    if (held) return held as Promise<T>;
    const loading = Promise.resolve().then(loader).catch((error: unknown) => {
      // A run the index calls servable but that does not load is the server's problem, not the client's.
      throw error instanceof ApiError ? error : new ApiError(500, 'run_unreadable', `cannot load run '${run.name}': ${error instanceof Error ? error.message : String(error)}`);
    });
    this.entries.set(key, loading);
    loading.catch(() => this.entries.delete(key));
    return loading;
  }
}

/** One model call on a batch of images: the probabilities of each, as its own array. */
function predictRows(model: Model, images: Tensor[]): Float32Array[] {
  const all = scope(() => (model.predictOnBatch(stack(images)) as Tensor).data() as Float32Array);
  const per = all.length / images.length;
  return images.map((_, i) => all.slice(i * per, (i + 1) * per));
}
