/**
 * cifar-train: three 'same' 3x3 conv + max-pool stages (32, 64, 128 filters), Dense(128), Dense(10),
 * trained with Adam on 32x32x3 inputs, batch 64, in samples/s; as torch_anchors.py and tfjs_anchors.mjs.
 */
import { cifarModel, compileForLogits, fitRate, labels, tfjsFitRate, uniform, useBenchBackend } from '../models.js';
import { tfjsPeerName } from '../peers/tfjs.js';
import type { BenchResult, Workload } from '../harness.js';

export const workload: Workload = {
  name: 'cifar-train',
  async run(ctx): Promise<BenchResult[]> {
    useBenchBackend(ctx);
    const n = ctx.quick ? 256 : 1024;
    const peers: Record<string, number> = {};
    if (ctx.tfjs) {
      const tf = ctx.tfjs;
      const m = tf.sequential();
      const conv = (filters: number, first: boolean) =>
        tf.layers.conv2d({ filters, kernelSize: 3, padding: 'same', activation: 'relu', ...(first ? { inputShape: [32, 32, 3] } : {}) });
      m.add(conv(32, true));
      m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
      m.add(conv(64, false));
      m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
      m.add(conv(128, false));
      m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
      m.add(tf.layers.flatten());
      m.add(tf.layers.dense({ units: 128, activation: 'relu' }));
      m.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
      // The cpu backend needs seconds per sample here: one batch (two in a full run) after the warm-up.
      peers[tfjsPeerName(tf)] = await tfjsFitRate(tf, m, ctx.quick ? 64 : 128, [32, 32, 3], 64);
    }
    if (ctx.torch) {
      const got = ctx.torch(
        `nn = torch.nn\nm = nn.Sequential(nn.Conv2d(3, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),\n` +
          `    nn.Conv2d(64, 128, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(128*16, 128), nn.ReLU(), nn.Linear(128, 10))\n` +
          `x = torch.rand(${n}, 3, 32, 32); y = torch.randint(0, 10, (${n},)); ce = nn.CrossEntropyLoss(); opt = torch.optim.Adam(m.parameters())\n` +
          `def epoch():\n    for i in range(0, ${n}, 64):\n        opt.zero_grad(); ce(m(x[i:i+64]), y[i:i+64]).backward(); opt.step()\n` +
          `report(ms=best_ms(epoch, 2))\n`,
      );
      peers[`pytorch-cpu${ctx.threads}`] = (n * 1000) / got.ms!;
    }
    const model = cifarModel();
    compileForLogits(model);
    const x = uniform([n, 32, 32, 3], 3);
    const y = labels([n], 10, 4);
    const atelier = await fitRate(model, x, y, 64, ctx.quick ? 1 : 2);
    x.dispose();
    y.dispose();
    return [{ bench: 'cifar-train', unit: 'samples/s', atelier, peers }];
  },
};
