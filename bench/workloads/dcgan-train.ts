/**
 * dcgan-train: one full DCGAN training step (a discriminator update on 64 real and 64 generated
 * images, then a generator update through the discriminator) with the networks of
 * ../shared/bench/dcgan_reference.py: G z100 → 7×7×128 → 14×14×64 → 28×28×1 (transposed
 * convolutions, batch norm), D 28 → 14 → 7 (LeakyReLU 0.2, batch norm), Adam 2e-4 β1 0.5;
 * non-saturating loss, no augmentation. In steps/s; PyTorch runs the reference's step in the same run.
 */
import { useBenchBackend } from '../models.js';
import type { BenchResult, Workload } from '../harness.js';
import { bestMs } from '../harness.js';
import { Adam } from '../../src/nn/optimizers/adam.js';
import { Random } from '../../src/tensor/random.js';
import { buildDiscriminator, buildGenerator, resolveArchitecture } from '../../src/art/gan/architectures.js';
import { ganStep } from '../../src/art/gan/step.js';

export const workload: Workload = {
  name: 'dcgan-train',
  async run(ctx): Promise<BenchResult[]> {
    useBenchBackend(ctx);
    const reps = ctx.quick ? 3 : 8;
    const peers: Record<string, number> = {};
    if (ctx.torch) {
      const got = ctx.torch(
        'nn = torch.nn\n' +
          'g = nn.Sequential(nn.Linear(100, 128*7*7), nn.Unflatten(1, (128, 7, 7)), nn.BatchNorm2d(128), nn.ReLU(),\n' +
          '    nn.ConvTranspose2d(128, 64, 4, 2, 1), nn.BatchNorm2d(64), nn.ReLU(), nn.ConvTranspose2d(64, 1, 4, 2, 1), nn.Tanh())\n' +
          'd = nn.Sequential(nn.Conv2d(1, 64, 4, 2, 1), nn.LeakyReLU(0.2), nn.Conv2d(64, 128, 4, 2, 1), nn.BatchNorm2d(128), nn.LeakyReLU(0.2), nn.Flatten(), nn.Linear(128*7*7, 1))\n' +
          'og = torch.optim.Adam(g.parameters(), 2e-4, betas=(0.5, 0.999)); od = torch.optim.Adam(d.parameters(), 2e-4, betas=(0.5, 0.999))\n' +
          'bce = nn.BCEWithLogitsLoss(); real = torch.rand(64, 1, 28, 28) * 2 - 1; ones = torch.ones(64, 1); zeros = torch.zeros(64, 1)\n' +
          'def step():\n' +
          '    z = torch.randn(64, 100); fake = g(z)\n' +
          '    od.zero_grad(); ld = bce(d(real), ones) + bce(d(fake.detach()), zeros); ld.backward(); od.step()\n' +
          '    og.zero_grad(); lg = bce(d(fake), ones); lg.backward(); og.step()\n' +
          `report(ms=best_ms(step, ${reps}))\n`,
      );
      peers[`pytorch-cpu${ctx.threads}`] = 1000 / got.ms!;
    }
    const arch = resolveArchitecture('bench', { size: 28 });
    const nets = {
      generator: buildGenerator(arch, 0), discriminator: buildDiscriminator(arch, 1),
      generatorOptimizer: new Adam({ learningRate: 2e-4, beta1: 0.5 }), discriminatorOptimizer: new Adam({ learningRate: 2e-4, beta1: 0.5 }),
      latentDim: 100, numClasses: 0,
    };
    const rng = new Random(0);
    const real = rng.uniform([64, 28, 28, 1], -1, 1);
    const settings = { loss: 'nsgan' as const, labelSmoothing: 0, augment: [] };
    const ms = bestMs(() => void ganStep(nets, real, null, rng, settings), reps);
    real.dispose();
    return [{ bench: 'dcgan-train', unit: 'steps/s', atelier: 1000 / ms, peers }];
  },
};
