/**
 * seed-train: the classic model (Conv2D(32, 3x3, relu) -> Flatten -> Dense(10)) trained with Adam on
 * 28x28x1 inputs, batch 32, in samples/s; as torch_anchors.py (4096 samples) and tfjs_anchors.mjs.
 */
import { compileForLogits, fitRate, labels, seedModel, tfjsFitRate, tfjsSeedModel, uniform, useBenchBackend } from '../models.js';
import { tfjsPeerName } from '../peers/tfjs.js';
import type { BenchResult, Workload } from '../harness.js';

export const workload: Workload = {
  name: 'seed-train',
  async run(ctx): Promise<BenchResult[]> {
    useBenchBackend(ctx);
    const n = ctx.quick ? 512 : 4096;
    const peers: Record<string, number> = {};
    if (ctx.tfjs) {
      const tf = ctx.tfjs;
      const m = tfjsSeedModel(tf);
      // The cpu backend is slow: 256 samples (512 in a full run) measure it well enough.
      peers[tfjsPeerName(tf)] = await tfjsFitRate(tf, m, ctx.quick ? 256 : 512, [28, 28, 1], 32);
    }
    if (ctx.torch) {
      const got = ctx.torch(
        `nn = torch.nn\nm = nn.Sequential(nn.Conv2d(1, 32, 3), nn.ReLU(), nn.Flatten(), nn.Linear(26*26*32, 10))\n` +
          `x = torch.rand(${n}, 1, 28, 28); y = torch.randint(0, 10, (${n},)); ce = nn.CrossEntropyLoss(); opt = torch.optim.Adam(m.parameters())\n` +
          `def epoch():\n    for i in range(0, ${n}, 32):\n        opt.zero_grad(); ce(m(x[i:i+32]), y[i:i+32]).backward(); opt.step()\n` +
          `report(ms=best_ms(epoch, 2))\n`,
      );
      peers[`pytorch-cpu${ctx.threads}`] = (n * 1000) / got.ms!;
    }
    const model = seedModel();
    compileForLogits(model);
    const x = uniform([n, 28, 28, 1], 1);
    const y = labels([n], 10, 2);
    const atelier = await fitRate(model, x, y, 32, ctx.quick ? 1 : 2);
    x.dispose();
    y.dispose();
    return [{ bench: 'seed-train', unit: 'samples/s', atelier, peers }];
  },
};
