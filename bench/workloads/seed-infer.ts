/**
 * seed-infer: the classic model's inference (`predict`, batch 256) in samples/s, as
 * torch_anchors.py (4096 samples under no_grad) and tfjs_anchors.mjs.
 */
import { seedModel, tfjsSeedModel, uniform, useBenchBackend } from '../models.js';
import { tfjsPeerName } from '../peers/tfjs.js';
import { bestMsAsync, type BenchResult, type Workload } from '../harness.js';
import type { Tensor } from '../../src/index.js';

export const workload: Workload = {
  name: 'seed-infer',
  async run(ctx): Promise<BenchResult[]> {
    useBenchBackend(ctx);
    const n = ctx.quick ? 1024 : 4096;
    const reps = ctx.quick ? 2 : 3;
    const peers: Record<string, number> = {};
    if (ctx.tfjs) {
      const tf = ctx.tfjs;
      const m = tfjsSeedModel(tf);
      const x = tf.randomUniform([512, 28, 28, 1]);
      const ms = await bestMsAsync(async () => {
        const p = m.predict(x, { batchSize: 256 }) as import('@tensorflow/tfjs').Tensor;
        await p.data();
        p.dispose();
      }, 1);
      peers[tfjsPeerName(tf)] = (512 * 1000) / ms;
      x.dispose();
      m.dispose();
    }
    if (ctx.torch) {
      const got = ctx.torch(
        `nn = torch.nn\nm = nn.Sequential(nn.Conv2d(1, 32, 3), nn.ReLU(), nn.Flatten(), nn.Linear(26*26*32, 10))\nx = torch.rand(${n}, 1, 28, 28)\n` +
          `with torch.no_grad():\n    report(ms=best_ms(lambda: [m(x[i:i+256]) for i in range(0, ${n}, 256)], ${reps}))\n`,
      );
      peers[`pytorch-cpu${ctx.threads}`] = (n * 1000) / got.ms!;
    }
    const model = seedModel();
    model.build([null, 28, 28, 1]);
    const x = uniform([n, 28, 28, 1], 1);
    const ms = await bestMsAsync(async () => {
      const p = (await model.predict(x, { batchSize: 256 })) as Tensor;
      p.dispose();
    }, reps);
    x.dispose();
    return [{ bench: 'seed-infer', unit: 'samples/s', atelier: (n * 1000) / ms, peers }];
  },
};
