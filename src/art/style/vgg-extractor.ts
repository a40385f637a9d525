/**
 * A pretrained VGG-16 or VGG-19 (torchvision's `features` part) read from a user-supplied
 * safetensors file with torchvision's tensor names (`features.0.weight`, `features.0.bias`, ...), as
 * a {@link FeatureExtractor}. Export from PyTorch (docs/style.md):
 *
 * ```python
 * import torchvision, safetensors.torch
 * m = torchvision.models.vgg19(weights='IMAGENET1K_V1').features
 * safetensors.torch.save_file({f'features.{k}': v for k, v in m.state_dict().items()}, 'vgg19.safetensors')
 * ```
 * @module
 */
import { ArgumentError } from '../../errors.js';
import { FileFormatError } from '../../io/file-format-error.js';
import { readSafetensors } from '../../io/safetensors.js';
import { avgPool2d, conv2dBiasActivation, div, maxPool2d, sub, transpose } from '../../ops/index.js';
import { tensor } from '../../tensor/creation.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { FeatureExtractor } from './extractor.js';

/** torchvision's configurations: numbers are 3x3 conv widths, `'M'` a 2x2 max pool. */
const CONFIGS = {
  vgg16: [64, 64, 'M', 128, 128, 'M', 256, 256, 256, 'M', 512, 512, 512, 'M', 512, 512, 512, 'M'],
  vgg19: [64, 64, 'M', 128, 128, 'M', 256, 256, 256, 256, 'M', 512, 512, 512, 512, 'M', 512, 512, 512, 512, 'M'],
} as const;

/** A VGG weights file lacks tensors, has unexpected ones, or has shapes that do not chain. */
export class VggWeightsError extends FileFormatError {}

/** Options of {@link loadVggExtractor}. */
export interface VggExtractorOptions {
  /** Replace max pooling by average pooling (Gatys et al. found it gives smoother results), default false. */
  averagePooling?: boolean;
}

interface VggConv {
  /** `relu{block}_{index}`. */
  name: string;
  /** HWIO filter. */
  filter: Tensor;
  bias: Tensor;
  /** Pool before this conv (it starts a new block). */
  poolBefore: boolean;
}

/**
 * Reads VGG weights from `path` (every `features.N.weight` `[out, in, 3, 3]` and `features.N.bias`
 * of torchvision's VGG-16 or VGG-19; the depth is recognised from the tensors present, the widths are
 * read from the file). Layers are named `relu1_1` ... `relu5_4`; style defaults to
 * relu1_1, relu2_1, relu3_1, relu4_1, relu5_1 and content to relu4_2 (Gatys et al. 2016). Images are
 * normalised with ImageNet's mean and standard deviation, as torchvision's models expect.
 * Throws {@link VggWeightsError} listing missing, misnamed and mis-shaped tensors.
 */
export function loadVggExtractor(path: string, options: VggExtractorOptions = {}): FeatureExtractor {
  const { tensors } = readSafetensors(path);
  const names = [...tensors.keys()];
  const variant = names.includes('features.34.weight') || names.includes('features.32.weight') ? 'vgg19' : 'vgg16';
  const config = CONFIGS[variant];
  const convs: VggConv[] = [];
  const problems: string[] = [];
  const expected = new Set<string>();
  let index = 0;
  let block = 1;
  let inBlock = 0;
  let inChannels = 3;
  let poolBefore = false;
  for (const entry of config) {
    if (entry === 'M') {
      index++;
      block++;
      inBlock = 0;
      poolBefore = true;
      continue;
    }
    inBlock++;
    const wName = `features.${index}.weight`;
    const bName = `features.${index}.bias`;
    expected.add(wName).add(bName);
    const w = tensors.get(wName);
    const b = tensors.get(bName);
    if (!w) problems.push(`missing ${wName} (conv${block}_${inBlock}, [out, ${inChannels}, 3, 3])`);
    if (!b) problems.push(`missing ${bName} (conv${block}_${inBlock})`);
    if (w && (w.rank !== 4 || w.shape[1] !== inChannels || w.shape[2] !== 3 || w.shape[3] !== 3)) {
      problems.push(`${wName} is [${w.shape.join(', ')}], expected [out, ${inChannels}, 3, 3]`);
    } else if (w && b && (b.rank !== 1 || b.shape[0] !== w.shape[0])) {
      problems.push(`${bName} is [${b.shape.join(', ')}], expected [${w.shape[0]}]`);
    }
    if (w && b && problems.length === 0) {
      convs.push({ name: `relu${block}_${inBlock}`, filter: transpose(w, [2, 3, 1, 0]), bias: b, poolBefore });
    }
    if (w) inChannels = w.shape[0]!;
    poolBefore = false;
    index += 2; // conv, relu
  }
  const unexpected = names.filter((n) => !expected.has(n));
  if (unexpected.length > 0) problems.push(`unexpected tensor${unexpected.length > 1 ? 's' : ''} ${unexpected.slice(0, 12).join(', ')}${unexpected.length > 12 ? `, ... (${unexpected.length} in all)` : ''} (names must be torchvision's features.N.weight / features.N.bias)`);
  if (problems.length > 0) {
    throw new VggWeightsError(`loadVggExtractor: ${path} is not a torchvision ${variant} 'features' state dict:\n  ${problems.join('\n  ')}\nExport one as shown in docs/style.md.`);
  }
  const mean = tensor([0.485, 0.456, 0.406], [1, 1, 1, 3]);
  const std = tensor([0.229, 0.224, 0.225], [1, 1, 1, 3]);
  const layerNames = convs.map((c) => c.name);
  const pool = options.averagePooling ? avgPool2d : maxPool2d;
  const channelsOf = new Map(convs.map((c) => [c.name, c.filter.shape[3]!]));
  const depthOf = new Map(convs.map((c, i) => [c.name, i]));

  return {
    kind: variant,
    description: `${variant} from ${path}${options.averagePooling ? ' (average pooling)' : ''}`,
    layerNames,
    defaultStyleLayers: ['relu1_1', 'relu2_1', 'relu3_1', 'relu4_1', 'relu5_1'],
    defaultContentLayers: ['relu4_2'],
    extract(image, layers) {
      const out = new Map<string, Tensor>();
      const last = Math.max(...layers.map((l) => depthOf.get(l) ?? -1));
      let h = div(sub(image, mean), std);
      for (let i = 0; i <= last; i++) {
        const c = convs[i]!;
        if (c.poolBefore) h = pool(h, { poolSize: 2, strides: 2 });
        h = conv2dBiasActivation(h, c.filter, c.bias, 'relu', { padding: 1 });
        if (layers.includes(c.name)) out.set(c.name, h);
      }
      return out;
    },
    bytesPerPixel(layers) {
      // Every layer up to the deepest requested keeps its output and gradient; block b is 4^(b-1) smaller.
      const last = Math.max(...layers.map((l) => depthOf.get(l) ?? -1));
      let bytes = 3 * 8 * 4;
      for (let i = 0; i <= last; i++) {
        const block = Number(convs[i]!.name.slice(4, convs[i]!.name.indexOf('_')));
        bytes += (3 * 4 * channelsOf.get(convs[i]!.name)!) / 4 ** (block - 1);
      }
      return bytes;
    },
  };
}

/** True when `spec` names a weights file rather than a built-in extractor. */
export function isWeightsPath(spec: string): boolean {
  if (spec === 'random') return false;
  if (!spec.endsWith('.safetensors')) throw new ArgumentError(`extractor: expected 'random' or a .safetensors file of VGG weights, got '${spec}'`);
  return true;
}
