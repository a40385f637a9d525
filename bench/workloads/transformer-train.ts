/**
 * transformer-train: the small causal Transformer of `atelier text train --arch transformer`
 * (token and position embeddings, 2 pre-norm blocks of width 128 with 4 heads and a GELU MLP,
 * vocabulary 96, context T = 64, batch 32, Adam), in chars/s; PyTorch runs the same model
 * (nn.MultiheadAttention with a causal mask, norm-first blocks) in the same run.
 */
import { buildTransformerTextModel } from '../../src/art/text/transformer.js';
import { losses } from '../../src/index.js';
import { labels, useBenchBackend } from '../models.js';
import { bestMs, type BenchResult, type Workload } from '../harness.js';

const V = 96;
const T = 64;
const B = 32;
const D = 128;
const HEADS = 4;
const LAYERS = 2;

export const workload: Workload = {
  name: 'transformer-train',
  async run(ctx): Promise<BenchResult[]> {
    useBenchBackend(ctx);
    const peers: Record<string, number> = {};
    if (ctx.torch) {
      const got = ctx.torch(
        `nn = torch.nn\nV, T, B, D, H, L = ${V}, ${T}, ${B}, ${D}, ${HEADS}, ${LAYERS}\n` +
          `class Block(nn.Module):\n    def __init__(s):\n        super().__init__(); s.ln1 = nn.LayerNorm(D); s.att = nn.MultiheadAttention(D, H, batch_first=True); s.ln2 = nn.LayerNorm(D)\n` +
          `        s.mlp = nn.Sequential(nn.Linear(D, 4 * D), nn.GELU(), nn.Linear(4 * D, D))\n` +
          `    def forward(s, x, mask):\n        h = s.ln1(x); x = x + s.att(h, h, h, attn_mask=mask, need_weights=False)[0]\n        return x + s.mlp(s.ln2(x))\n` +
          `class M(nn.Module):\n    def __init__(s):\n        super().__init__(); s.tok = nn.Embedding(V, D); s.pos = nn.Parameter(torch.zeros(T, D)); s.blocks = nn.ModuleList([Block() for _ in range(L)]); s.ln = nn.LayerNorm(D); s.head = nn.Linear(D, V)\n` +
          `    def forward(s, x):\n        mask = torch.triu(torch.ones(T, T, dtype=torch.bool), 1); h = s.tok(x) + s.pos\n        for b in s.blocks: h = b(h, mask)\n        return s.head(s.ln(h))\n` +
          `m = M(); opt = torch.optim.Adam(m.parameters()); ce = nn.CrossEntropyLoss()\n` +
          `xs = torch.randint(0, V, (B, T)); ys = torch.randint(0, V, (B, T))\n` +
          `def step():\n    opt.zero_grad(); ce(m(xs).reshape(-1, V), ys.reshape(-1)).backward(); opt.step()\n` +
          `report(ms=best_ms(step, ${ctx.quick ? 3 : 10}))\n`,
      );
      peers[`pytorch-cpu${ctx.threads}`] = (B * T * 1000) / got.ms!;
    }
    const model = buildTransformerTextModel({ vocabSize: V, layers: LAYERS, units: D, heads: HEADS, maxLength: T, dropout: 0, seed: 0 });
    model.compile({ optimizer: 'adam', loss: new losses.SparseCategoricalCrossentropy({ fromLogits: true }) });
    const xs = labels([B, T], V, 5);
    const ys = labels([B, T], V, 6);
    const ms = bestMs(() => void model.trainOnBatch(xs, ys), ctx.quick ? 2 : 5);
    xs.dispose();
    ys.dispose();
    return [{ bench: 'transformer-train', unit: 'chars/s', atelier: (B * T * 1000) / ms, peers }];
  },
};
