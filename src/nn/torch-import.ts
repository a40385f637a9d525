/**
 * Moving weights between PyTorch state dicts and atelier layers. Weight *names* already match
 * PyTorch's (`weight`, `bias`, `running_mean`, `weight_ih`...); the *layouts* differ where ours are
 * faster for NHWC and row-vector inputs:
 *
 * | layer                              | PyTorch                         | atelier                     |
 * |------------------------------------|---------------------------------|-----------------------------|
 * | Dense `weight`                     | `[out, in]`                     | `[in, out]`                 |
 * | Conv2D / DepthwiseConv2D `weight`  | `[out, in/groups, kh, kw]`      | `[kh, kw, in/groups, out]`  |
 * | Conv2DTranspose `weight`           | `[in, out, kh, kw]`             | `[kh, kw, out, in]`         |
 * | LSTM / GRU / SimpleRNN `weight_ih` | `[gates·H, in]`                 | `[in, gates·H]`             |
 * | LSTM / GRU / SimpleRNN `weight_hh` | `[gates·H, H]`                  | `[H, gates·H]`              |
 * | MultiHeadAttention `in_proj_weight`| `[3E, E]`                       | `[E, 3E]`                   |
 * | MultiHeadAttention `out_proj.weight`| `[E, E]` (out, in)             | `[E, E]` (in, out)          |
 *
 * Gate order is PyTorch's in both (LSTM `i,f,g,o`; GRU `r,z,n`), so only transposes are needed.
 * Biases, normalization weights and statistics, and embeddings are identical.
 *
 * @example
 * // state: Record<string, Tensor> read from a PyTorch checkpoint for one nn.Linear
 * loadTorchStateDict(denseLayer, state);
 * @module
 */
import { ArgumentError, ShapeError, formatShape } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { tensor } from '../tensor/creation.js';
import { transpose } from '../ops/shape-ops.js';
import { noGrad } from '../autograd/tape.js';
import type { Layer } from './layer.js';

/** Axis permutations taking a PyTorch tensor to our layout, per layer class and weight name. */
const layouts = new Map<string, Record<string, readonly number[]>>();

/** Tells the converters how a layer class's weights are laid out relative to PyTorch (`perm` takes PyTorch's to ours). */
export function registerTorchLayout(className: string, permutations: Record<string, readonly number[]>): void {
  layouts.set(className, { ...(layouts.get(className) ?? {}), ...permutations });
}

const MATRIX = [1, 0];
/** OIHW → HWIO, and also PyTorch's transposed-conv `[in, out, kh, kw]` → our `[kh, kw, out, in]`. */
const CONV = [2, 3, 1, 0];
registerTorchLayout('Dense', { weight: MATRIX });
registerTorchLayout('Conv2D', { weight: CONV });
registerTorchLayout('DepthwiseConv2D', { weight: CONV });
registerTorchLayout('Conv2DTranspose', { weight: CONV });
for (const rnn of ['LSTM', 'GRU', 'SimpleRNN']) registerTorchLayout(rnn, { weight_ih: MATRIX, weight_hh: MATRIX });
registerTorchLayout('MultiHeadAttention', { in_proj_weight: MATRIX, 'out_proj.weight': MATRIX });

function inverse(perm: readonly number[]): number[] {
  const inv = new Array<number>(perm.length);
  perm.forEach((p, i) => (inv[p] = i));
  return inv;
}

/** PyTorch's `nn.LSTM`/`nn.GRU`/`nn.RNN` suffix their weights with the layer index: `weight_ih_l0` is our `weight_ih`. */
function ourWeightName(layer: Layer, torchName: string): string {
  const m = /^(weight_ih|weight_hh|bias_ih|bias_hh)_l(\d+)(_reverse)?$/.exec(torchName);
  if (!m) return torchName;
  if (m[2] !== '0' || m[3]) {
    throw new ArgumentError(`${layer.name} (${layer.className}): '${torchName}' belongs to a stacked or bidirectional PyTorch RNN; import one layer and direction at a time`);
  }
  return m[1]!;
}

function findWeight(layer: Layer, name: string) {
  const weight = layer.layerWeights.find((w) => w.name === name);
  if (!weight) {
    const known = layer.layerWeights.map((w) => w.name).join(', ') || 'none (is the layer built?)';
    throw new ArgumentError(`${layer.name} (${layer.className}): no weight '${name}'; its weights are ${known}`);
  }
  return weight;
}

function permutationFor(layer: Layer, name: string, rank: number): readonly number[] | null {
  const perm = layouts.get(layer.className)?.[name];
  return perm && perm.length === rank ? perm : null;
}

/**
 * Converts a tensor from a PyTorch state dict (named as there, `weight_ih_l0` accepted) to this
 * layer's layout, checking it against the layer's weight shape.
 */
export function fromTorchLayout(layer: Layer, name: string, torchTensor: Tensor): Tensor {
  const ours = ourWeightName(layer, name);
  const weight = findWeight(layer, ours);
  const perm = permutationFor(layer, ours, torchTensor.rank);
  const converted = noGrad(() => (perm ? transpose(torchTensor, perm) : torchTensor));
  if (converted.shape.join() !== weight.variable.shape.join()) {
    const expectedPerm = permutationFor(layer, ours, weight.variable.rank);
    const expectedTorch = expectedPerm ? inverse(expectedPerm).map((a) => weight.variable.shape[a]!) : weight.variable.shape;
    throw new ShapeError(
      `${layer.name} (${layer.className}): PyTorch tensor '${name}' is ${formatShape(torchTensor.shape)}, expected ${formatShape(expectedTorch)} (ours ${formatShape(weight.variable.shape)})`,
    );
  }
  return converted;
}

/**
 * Converts one of the layer's weights (or `value` in our layout) to PyTorch's layout. The result is
 * always a new tensor, never the live weight, so later training does not change it.
 */
export function toTorchLayout(layer: Layer, name: string, value?: Tensor): Tensor {
  const weight = findWeight(layer, name);
  const t = value ?? weight.variable;
  const perm = permutationFor(layer, name, t.rank);
  return noGrad(() => (perm ? transpose(t, inverse(perm)) : tensor(t.values, t.shape, t.dtype)));
}

/** Options of {@link loadTorchStateDict}. */
export interface LoadTorchOptions {
  /** Require every weight of the layer to be present (default true). */
  strict?: boolean;
}

/** PyTorch bookkeeping entries that have no counterpart here. */
const IGNORED = new Set(['num_batches_tracked']);

/**
 * Assigns a PyTorch state dict (keys relative to the module, e.g. `weight`, `bias`, `running_mean`,
 * `weight_ih_l0`) to a built layer, converting layouts. Unknown keys throw; with `strict` (default)
 * missing weights throw too.
 */
export function loadTorchStateDict(layer: Layer, stateDict: Record<string, Tensor>, options: LoadTorchOptions = {}): void {
  if (!layer.built) throw new ArgumentError(`${layer.name} (${layer.className}): build the layer (call it once, or give inputShape) before loading weights`);
  const converted: [string, Tensor][] = [];
  for (const [key, value] of Object.entries(stateDict)) {
    if (IGNORED.has(key)) continue;
    converted.push([ourWeightName(layer, key), fromTorchLayout(layer, key, value)]);
  }
  if (options.strict ?? true) {
    const missing = layer.layerWeights.map((w) => w.name).filter((n) => !converted.some(([k]) => k === n));
    if (missing.length > 0) throw new ArgumentError(`${layer.name} (${layer.className}): the state dict lacks ${missing.join(', ')}`);
  }
  for (const [name, value] of converted) {
    findWeight(layer, name).variable.assign(value);
  }
}

/** The layer's weights in PyTorch's layout (copies), keyed by state-dict name. */
export function torchStateDict(layer: Layer): Record<string, Tensor> {
  return Object.fromEntries(layer.layerWeights.map((w) => [w.name, toTorchLayout(layer, w.name)]));
}
