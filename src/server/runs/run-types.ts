/**
 * The shapes of the run index's answers, in a module of types alone so the studio's browser code
 * can import them without the server's Node code.
 * @module
 */

/** What a run folder holds, as its files tell. */
export type RunKind = 'classify' | 'gan' | 'text' | 'style' | 'unknown';

/** Facts about a run worth showing in a list; every field is optional (a run may be unreadable). */
export interface RunSummary {
  /** The training data: a built-in name or a folder/file path. */
  readonly data?: string;
  /** Style runs: the style image's path (the painting the network learned). */
  readonly style?: string;
  /** Class names (classifiers, conditional GANs). */
  readonly classNames?: readonly string[];
  /** `[height, width]` of the images the model takes or makes. */
  readonly imageSize?: readonly [number, number];
  readonly channels?: number;
  /** GAN and style runs: optimizer steps taken; classifier: the epoch whose model was kept. */
  readonly step?: number;
  readonly bestEpoch?: number;
  /** Text and style runs: the network's architecture. */
  readonly arch?: string;
  /** Why the run's description could not be read, when it could not. */
  readonly error?: string;
}

/** One run folder. */
export interface RunInfo {
  /** The folder's name: what requests call it by (`?model=<name>`). */
  readonly name: string;
  readonly kind: RunKind;
  /** Absolute path of the run folder. */
  readonly path: string;
  /** The snapshot a server would load (`model-000012`, `checkpoint-000040`), or null. */
  readonly snapshot: string | null;
  /** ISO time of the newest change among the snapshot and the run's history. */
  readonly modified: string;
  readonly summary: RunSummary;
}
