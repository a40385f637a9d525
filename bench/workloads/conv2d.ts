/**
 * conv2d microbenchmarks (forward, input gradient, filter gradient) on the layer shapes of the
 * seed model (x [32,28,28,1], filter [3,3,1,32], valid) and the cifar model (3x3 'same' convs of
 * batch 64 at 32x32x3->32, 16x16x32->64, 8x8x64->128), in milliseconds per call.
 */
import type { Conv2DInfo } from '../../src/backend/kernels.js';
import type { WasmBackend } from '../../src/backend/wasm/index.js';
import { bestMs, bestMsAsync, type BenchContext, type BenchResult, type Workload } from '../harness.js';
import { tfjsPeerName, type Tfjs } from '../peers/tfjs.js';
import { randomValues } from '../../test/backend/kernel-suite.js';

interface Layer {
  name: string;
  batch: number;
  size: number;
  inChannels: number;
  outChannels: number;
  same: boolean;
}

const layers: Layer[] = [
  { name: 'seed', batch: 32, size: 28, inChannels: 1, outChannels: 32, same: false },
  { name: 'cifar1', batch: 64, size: 32, inChannels: 3, outChannels: 32, same: true },
  { name: 'cifar2', batch: 64, size: 16, inChannels: 32, outChannels: 64, same: true },
  { name: 'cifar3', batch: 64, size: 8, inChannels: 64, outChannels: 128, same: true },
];

function info(l: Layer): Conv2DInfo {
  const out = l.same ? l.size : l.size - 2;
  return {
    batch: l.batch, inHeight: l.size, inWidth: l.size, inChannels: l.inChannels, outHeight: out, outWidth: out,
    outChannels: l.outChannels, filterHeight: 3, filterWidth: 3, strideHeight: 1, strideWidth: 1,
    dilationHeight: 1, dilationWidth: 1, padTop: l.same ? 1 : 0, padLeft: l.same ? 1 : 0, groups: 1,
  };
}

type Pass = 'fwd' | 'bwd-input' | 'bwd-filter';
const passes: Pass[] = ['fwd', 'bwd-input', 'bwd-filter'];

function atelierMs(backend: WasmBackend, l: Layer, reps: number): Record<Pass, number> {
  const g = info(l);
  const xSize = g.batch * g.inHeight * g.inWidth * g.inChannels;
  const ySize = g.batch * g.outHeight * g.outWidth * g.outChannels;
  const fSize = 9 * g.inChannels * g.outChannels;
  const upload = (values: Float32Array): Float32Array => {
    const a = backend.alloc('float32', values.length) as Float32Array;
    a.set(values);
    return a;
  };
  const x = upload(randomValues(xSize, 1));
  const f = upload(randomValues(fSize, 2));
  const dy = upload(randomValues(ySize, 3));
  const y = backend.alloc('float32', ySize) as Float32Array;
  const dx = backend.alloc('float32', xSize) as Float32Array;
  const df = backend.alloc('float32', fSize) as Float32Array;
  const result = {
    fwd: bestMs(() => backend.conv2d(x, f, y, g), reps),
    'bwd-input': bestMs(() => backend.conv2dBackwardInput(dy, f, dx, g), reps),
    'bwd-filter': bestMs(() => backend.conv2dBackwardFilter(x, dy, df, g), reps),
  };
  for (const a of [x, f, dy, y, dx, df]) backend.free(a);
  return result;
}

/** tfjs's filter gradient is a naive loop (about a minute per call at cifar sizes). */
async function tfjsMs(tf: Tfjs, l: Layer, reps: number, filterGradient: boolean): Promise<Partial<Record<Pass, number>>> {
  const g = info(l);
  const pad = l.same ? 'same' : 'valid';
  const x = tf.randomUniform<import('@tensorflow/tfjs').Rank.R4>([g.batch, g.inHeight, g.inWidth, g.inChannels]);
  const f = tf.randomUniform<import('@tensorflow/tfjs').Rank.R4>([3, 3, g.inChannels, g.outChannels]);
  const dy = tf.randomUniform<import('@tensorflow/tfjs').Rank.R4>([g.batch, g.outHeight, g.outWidth, g.outChannels]);
  const time = (make: () => import('@tensorflow/tfjs').Tensor): Promise<number> =>
    bestMsAsync(async () => {
      const out = make();
      await out.data();
      out.dispose();
    }, reps);
  const attrs = { strides: [1, 1], pad, dataFormat: 'NHWC', dilations: [1, 1] };
  const result = {
    fwd: await time(() => tf.conv2d(x, f, 1, pad)),
    'bwd-input': await time(() => tf.engine().runKernel<import('@tensorflow/tfjs').Tensor>('Conv2DBackpropInput', { dy, filter: f }, { ...attrs, inputShape: x.shape })),
    ...(filterGradient
      ? { 'bwd-filter': await time(() => tf.engine().runKernel<import('@tensorflow/tfjs').Tensor>('Conv2DBackpropFilter', { x, dy }, { ...attrs, filterShape: f.shape })) }
      : {}),
  };
  tf.dispose([x, f, dy]);
  return result;
}

function torchScript(reps: number): string {
  const lines = ['F = torch.nn.functional', 'cb = torch.ops.aten.convolution_backward'];
  for (const l of layers) {
    const g = info(l);
    const p = l.same ? 1 : 0;
    lines.push(
      `x = torch.rand(${g.batch}, ${g.inChannels}, ${g.inHeight}, ${g.inWidth}); w = torch.rand(${g.outChannels}, ${g.inChannels}, 3, 3)`,
      `dy = torch.rand(${g.batch}, ${g.outChannels}, ${g.outHeight}, ${g.outWidth})`,
      `args = ([0], [1, 1], [${p}, ${p}], [1, 1], False, [0, 0], 1)`,
      `report(**{"${l.name}-fwd": best_ms(lambda: F.conv2d(x, w, padding=${p}), ${reps}),`,
      `  "${l.name}-bwd-input": best_ms(lambda: cb(dy, x, w, *args, [True, False, False]), ${reps}),`,
      `  "${l.name}-bwd-filter": best_ms(lambda: cb(dy, x, w, *args, [False, True, False]), ${reps})})`,
    );
  }
  return `${lines.join('\n')}\n`;
}

export const workload: Workload = {
  name: 'conv2d',
  async run(ctx: BenchContext): Promise<BenchResult[]> {
    const reps = ctx.quick ? 3 : 10;
    const torch = ctx.torch ? ctx.torch(torchScript(reps)) : null;
    const results: BenchResult[] = [];
    for (const l of layers) {
      const ours = atelierMs(ctx.wasm, l, reps);
      // --quick skips tfjs's minute-long filter gradients at cifar sizes.
      const tfjs = ctx.tfjs ? await tfjsMs(ctx.tfjs, l, ctx.quick ? 1 : 3, !ctx.quick || l.name === 'seed') : null;
      for (const pass of passes) {
        const peers: Record<string, number> = {};
        if (tfjs?.[pass] !== undefined && ctx.tfjs) peers[tfjsPeerName(ctx.tfjs)] = tfjs[pass];
        if (torch) peers[`pytorch-cpu${ctx.threads}`] = torch[`${l.name}-${pass}`]!;
        results.push({ bench: `conv2d-${l.name}-${pass}`, unit: 'ms', atelier: ours[pass], peers });
      }
    }
    return results;
  },
};
