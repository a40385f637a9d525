/**
 * lstm-train: a character model, Embedding(96 -> 64) -> LSTM(256, every step) -> Dense(96) per step,
 * T = 64, batch 32, Adam, in chars/s; as torch_anchors.py and tfjs_anchors.mjs.
 */
import { layers, losses, Sequential } from '../../src/index.js';
import { labels, useBenchBackend } from '../models.js';
import { tfjsPeerName } from '../peers/tfjs.js';
import { bestMs, type BenchResult, type Workload } from '../harness.js';

const V = 96;
const T = 64;
const B = 32;

export const workload: Workload = {
  name: 'lstm-train',
  async run(ctx): Promise<BenchResult[]> {
    useBenchBackend(ctx);
    const peers: Record<string, number> = {};
    if (ctx.tfjs) {
      const tf = ctx.tfjs;
      // The cpu backend takes minutes per batch of 32 here; --quick measures it on batch 8 (chars/s).
      const b = ctx.quick ? 8 : B;
      const m = tf.sequential();
      m.add(tf.layers.embedding({ inputDim: V, outputDim: 64, inputLength: T }));
      m.add(tf.layers.lstm({ units: 256, returnSequences: true }));
      m.add(tf.layers.timeDistributed({ layer: tf.layers.dense({ units: V, activation: 'softmax' }) }));
      m.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' });
      const xs = tf.floor(tf.randomUniform([b, T], 0, V));
      const ys = tf.oneHot(tf.floor(tf.randomUniform([b, T], 0, V)).toInt(), V);
      await m.fit(xs, ys, { epochs: 1, batchSize: b, verbose: 0 });
      const start = performance.now();
      await m.fit(xs, ys, { epochs: 1, batchSize: b, verbose: 0 });
      peers[tfjsPeerName(tf)] = (b * T * 1000) / (performance.now() - start);
      tf.dispose([xs, ys]);
      m.dispose();
    }
    if (ctx.torch) {
      const got = ctx.torch(
        `nn = torch.nn\nV, H, T, B = ${V}, 256, ${T}, ${B}\nemb, lstm, head = nn.Embedding(V, 64), nn.LSTM(64, H, batch_first=True), nn.Linear(H, V)\n` +
          `opt = torch.optim.Adam(list(emb.parameters()) + list(lstm.parameters()) + list(head.parameters())); ce = nn.CrossEntropyLoss()\n` +
          `xs = torch.randint(0, V, (B, T)); ys = torch.randint(0, V, (B, T))\n` +
          `def step():\n    opt.zero_grad(); o, _ = lstm(emb(xs)); ce(head(o).reshape(-1, V), ys.reshape(-1)).backward(); opt.step()\n` +
          `report(ms=best_ms(step, ${ctx.quick ? 3 : 10}))\n`,
      );
      peers[`pytorch-cpu${ctx.threads}`] = (B * T * 1000) / got.ms!;
    }
    const model = new Sequential();
    model.add(layers.embedding({ inputDim: V, outputDim: 64, inputShape: [T] }));
    model.add(layers.lstm({ units: 256, returnSequences: true }));
    model.add(layers.dense({ units: V }));
    model.compile({ optimizer: 'adam', loss: new losses.SparseCategoricalCrossentropy({ fromLogits: true }) });
    const xs = labels([B, T], V, 5);
    const ys = labels([B, T], V, 6);
    const ms = bestMs(() => void model.trainOnBatch(xs, ys), ctx.quick ? 2 : 5);
    xs.dispose();
    ys.dispose();
    return [{ bench: 'lstm-train', unit: 'chars/s', atelier: (B * T * 1000) / ms, peers }];
  },
};
