/**
 * style-step: one forward and backward pass of the default style extractor (random filters of 3, 5,
 * 7, 11, 15 and 23 px, 64 maps each, ReLU) plus the Gram losses on a 256x256 image, in ms, beside the
 * same computation in PyTorch (texture_reference.py's loss_fn and backward). Also each layer alone
 * (forward + input gradient), to show where the time goes, beside PyTorch's convolution and the same
 * layer with its convolution done by FFT in PyTorch (`torch.fft.rfft2`): a measure of whether FFT would
 * win per layer here (atelier has no FFT convolution).
 */
import { createRandomExtractor } from '../../src/art/style/random-extractor.js';
import { gramTargets, styleObjectiveParts } from '../../src/art/style/objective.js';
import { valueAndGrad } from '../../src/autograd/grad.js';
import { scope } from '../../src/tensor/scope.js';
import { Random } from '../../src/tensor/random.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { useBenchBackend } from '../models.js';
import { bestMs, type BenchResult, type Workload } from '../harness.js';

const SIZES = [3, 5, 7, 11, 15, 23];

export const workload: Workload = {
  name: 'style-step',
  async run(ctx): Promise<BenchResult[]> {
    useBenchBackend(ctx);
    const side = ctx.quick ? 128 : 256;
    const reps = ctx.quick ? 1 : 3;
    const torchMs: Record<string, number> = {};
    if (ctx.torch) {
      Object.assign(torchMs, ctx.torch(`
F = torch.nn.functional
x = torch.rand(1, 3, ${side}, ${side}); style = torch.rand(1, 3, ${side}, ${side})
filters = [(k, (torch.rand(64, 3, k, k) * 2 - 1) * (1 / (3 * k * k)) ** 0.5) for k in (${SIZES.join(', ')})]
def grams(img, only=None):
    out = []
    for k, w in filters:
        if only is not None and k != only: continue
        f = F.relu(F.conv2d(img, w, padding=k // 2)).reshape(64, -1); out.append(f @ f.t() / f.shape[1])
    return out
with torch.no_grad(): target = grams(style)
def step(only=None):
    xx = x.clone().requires_grad_(True)
    t = target if only is None else [target[${JSON.stringify(SIZES)}.index(only)]]
    l = sum(((g - tt) ** 2).sum() for g, tt in zip(grams(xx, only), t)); l.backward()
report(all=best_ms(step, ${reps}))
for k in (${SIZES.join(', ')}): report(**{f'k{k}': best_ms(lambda: step(k), ${reps})})
# The same layer with the convolution done by FFT (zero padding to a product of small primes), to see
# per layer whether FFT would beat direct/im2col convolution here.
def fft_step(k):
    w = dict(filters)[k]; n = ${side} + k - 1; n += n % 2
    wf = torch.fft.rfft2(w.flip(2, 3), s=(n, n))
    xx = x.clone().requires_grad_(True)
    xf = torch.fft.rfft2(xx, s=(n, n))
    y = torch.fft.irfft2(torch.einsum('bihw,oihw->bohw', xf, wf), s=(n, n))[:, :, k - 1 - k // 2:k - 1 - k // 2 + ${side}, k - 1 - k // 2:k - 1 - k // 2 + ${side}]
    f = F.relu(y).reshape(64, -1); g = f @ f.t() / f.shape[1]
    ((g - target[${JSON.stringify(SIZES)}.index(k)]) ** 2).sum().backward()
    return xx
ref = x.clone().requires_grad_(True)
for k in (${SIZES.join(', ')}):
    w = dict(filters)[k]; n = ${side} + k - 1; wf = torch.fft.rfft2(w.flip(2, 3), s=(n, n))
    y = torch.fft.irfft2(torch.einsum('bihw,oihw->bohw', torch.fft.rfft2(x, s=(n, n)), wf), s=(n, n))[:, :, k - 1 - k // 2:k - 1 - k // 2 + ${side}, k - 1 - k // 2:k - 1 - k // 2 + ${side}]
    assert (y - F.conv2d(x, w, padding=k // 2)).abs().max() < 1e-3, k
    report(**{f'fft{k}': best_ms(lambda: fft_step(k), ${reps})})
`));
    }
    const rng = new Random(0);
    const x = rng.uniform([1, side, side, 3]);
    const style = rng.uniform([1, side, side, 3]);
    const extractor = createRandomExtractor();
    const measure = (layers: string[]): number => {
      // As texture synthesis runs it: one layer differentiated at a time, gradients summed.
      const parts = styleObjectiveParts({ extractor, styleLayers: layers, styleTargets: gramTargets(extractor, [style], layers), styleWeight: 1, contentWeight: 0, tvWeight: 0 });
      const fs = parts.map((part) => valueAndGrad((image: Tensor) => part(image).total));
      const pass = (): void => fs.forEach((f) => scope(() => void f(x).grads[0]!.values));
      pass(); // warm-up: bestMs reports a first call over a second as is, and the first pass grows the wasm memory
      return bestMs(pass, reps);
    };
    const peer = (key: string): Record<string, number> => (torchMs[key] !== undefined ? { [`pytorch-cpu${ctx.threads}`]: torchMs[key] } : {});
    const results: BenchResult[] = [{ bench: `style-step ${side}px`, unit: 'ms', atelier: measure(extractor.defaultStyleLayers as string[]), peers: peer('all') }];
    for (const k of SIZES) {
      const peers = { ...peer(`k${k}`), ...(torchMs[`fft${k}`] !== undefined ? { [`pytorch-fft-cpu${ctx.threads}`]: torchMs[`fft${k}`]! } : {}) };
      results.push({ bench: `style-step ${side}px conv${k}x${k} only`, unit: 'ms', atelier: measure([`conv${k}x${k}`]), peers });
    }
    return results;
  },
};
