/**
 * The messages between the Draw page and its worker.
 * @module
 */

/** Page → worker. */
export type DrawRequest =
  /** Load the model of a run snapshot: `base` is the URL of its folder (`/api/runs/x/files/model-000003`). */
  | { readonly type: 'load'; readonly base: string }
  /** Classify one image `[height, width, channels]`, values in [0, 1]. */
  | { readonly type: 'predict'; readonly id: number; readonly pixels: Float32Array; readonly shape: readonly [number, number, number] };

/** Worker → page. */
export type DrawReply =
  | { readonly type: 'loaded'; readonly backend: string; readonly inputShape: readonly (number | null)[] }
  | { readonly type: 'prediction'; readonly id: number; readonly probabilities: Float32Array; readonly computeMs: number }
  | { readonly type: 'error'; readonly message: string };
