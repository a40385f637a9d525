/** Training a text model end to end on a tiny corpus: learning, the run folder, exact resume, time budgets, evaluation. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  checkVerse, evaluateTextModel, generateText, verbatimLineShare, loadTextRun, readTextCheckpoint, trainTextModel, type TrainTextOptions,
} from '../../../src/art/text/index.js';
import { tempDir } from '../../helpers/temp-dir.js';

const root = tempDir('text-train');
const poems = [
  '床前明月光，疑是地上霜。舉頭望明月，低頭思故鄉。', '白日依山盡，黃河入海流。欲窮千里目，更上一層樓。',
  '春眠不覺曉，處處聞啼鳥。夜來風雨聲，花落知多少。', '千山鳥飛絕，萬徑人蹤滅。孤舟蓑笠翁，獨釣寒江雪。',
];
const corpus = join(root, 'poems.txt');
writeFileSync(corpus, Array.from({ length: 60 }, (_, i) => poems[i % 4]).join('\n'));
const small: Omit<TrainTextOptions, 'outDir'> = { layers: 1, units: 32, embeddingDim: 16, seqLen: 16, batchSize: 8, learningRate: 0.01, samples: 1, verbose: 0, onWarning: () => {} };

function weightsOf(dir: string): Float32Array[] {
  return loadTextRun(dir).model.weights.map((w) => Float32Array.from(w.values as Float32Array));
}

test('trainTextModel learns the corpus (validation loss falls far below chance) and writes the run folder', async () => {
  const outDir = join(root, 'run');
  const result = await trainTextModel(corpus, { ...small, outDir, epochs: 10, learningRate: 0.02 });
  const { val_loss: val } = result.history;
  assert.equal(val.length, 10);
  const chance = Math.log(result.tokenizer.vocabSize);
  assert.ok(val[0]! < chance, `${val[0]} < ln V = ${chance}`);
  assert.ok(val[9]! < 0.5 * chance, `validation ${val.map((v) => v.toFixed(3)).join(' ')} should reach half of ln V = ${chance.toFixed(3)}`);
  assert.equal(result.settings.splitMode, 'documents');
  assert.equal(result.settings.validationDocuments, 3, '5% of 60 poems, whole poems');
  const files = readdirSync(outDir).sort();
  assert.deepEqual(files.filter((f) => !/^(model|checkpoint)-\d{6}$/.test(f)), ['curves-loss.png', 'curves-loss.svg', 'history.json', 'samples.txt']);
  const model = files.find((f) => f.startsWith('model-'))!;
  assert.deepEqual(readdirSync(join(outDir, model)).sort(), ['model.json', 'text.json', 'tokenizer.json', 'weights.safetensors'], 'tokenizer and settings in the same snapshot as the weights');
  const checkpoint = files.find((f) => f.startsWith('checkpoint-'))!;
  assert.deepEqual(readdirSync(join(outDir, checkpoint)).sort(), ['model.json', 'optimizer.safetensors', 'progress.json', 'text.json', 'tokenizer.json', 'weights.safetensors']);
  const evaluation = await evaluateTextModel(outDir);
  const best = Math.min(...val);
  assert.ok(Math.abs(evaluation.natsPerChar - best) < 1e-5, `evaluate ${evaluation.natsPerChar} matches the best validation ${best}`);
  assert.ok(Math.abs(evaluation.bitsPerChar - evaluation.natsPerChar / Math.LN2) < 1e-9);
  assert.ok(Math.abs(evaluation.perplexity - Math.exp(evaluation.natsPerChar)) < 1e-9);
  assert.equal(evaluation.on, 'held-out');
  const { verse } = await evaluateTextModel(outDir, { verseSamples: 20, seed: 1 });
  assert.equal(verse!.samples, 20);
  assert.ok(verse!.wellFormed > 0 && verse!.forms['5x4']! > 0, `a model that learnt four quatrains writes some well-formed quatrains: ${JSON.stringify(verse)}`);
  assert.ok(verse!.verbatimLines >= 0.5, `and copies their lines: the memorisation check sees it (${verse!.verbatimLines})`);
  const primed = await evaluateTextModel(outDir, { verseSamples: 8, seed: 1, versePrime: '，' });
  assert.equal(primed.verse!.wellFormed, 0, 'the prime is part of each sample: one that opens with a comma breaks every poem');
  const whole = await evaluateTextModel(outDir, { corpus });
  assert.equal(whole.documents, 60);
  const run = loadTextRun(outDir);
  const [greedy] = generateText(run.model, run.tokenizer, { prime: '床前', greedy: true, length: 30 });
  const recited = verbatimLineShare([greedy!], [poems[0]!]);
  assert.ok(greedy!.startsWith('床前') && recited.share >= 0.5, `greedy decoding recites the poem it learnt: ${greedy}`);
  await assert.rejects(trainTextModel(corpus, { ...small, outDir, epochs: 1 }), /already holds a run; choose another run folder, continue it \(--resume\) or replace it \(--overwrite\)/);
  await assert.rejects(trainTextModel(corpus, { ...small, outDir, resume: true, seqLen: 8 }), /cannot resume .* with seqLen 8: the run was trained with 16/);
});

test('a run stopped mid-epoch resumes from its checkpoint to bit-identical weights (dropout, two GRU layers)', async () => {
  const options = { ...small, layers: 2, arch: 'gru' as const, dropout: 0.2, epochs: 2, checkpointEvery: 5, samples: 0 };
  const whole = await trainTextModel(corpus, { ...options, outDir: join(root, 'whole') });
  const cut = join(root, 'cut');
  const first = await trainTextModel(corpus, { ...options, outDir: cut, maxSteps: 7 });
  assert.equal(first.stoppedBy, 'maxSteps');
  const stored = readTextCheckpoint(cut)!;
  assert.equal(stored.progress.step, 7);
  assert.ok(stored.states && stored.states.values.every((v) => v !== null), 'the carried states are in the checkpoint');
  const rest = await trainTextModel(corpus, { ...options, outDir: cut, resume: true });
  assert.equal(rest.stoppedBy, 'epochs');
  assert.equal(rest.steps, whole.steps);
  assert.deepEqual(rest.history.val_loss, whole.history.val_loss);
  assert.deepEqual(rest.history.loss, whole.history.loss);
  assert.deepEqual(weightsOf(cut), weightsOf(join(root, 'whole')));
});

test('--minutes stops at the end of a step, validates and saves; the run resumes from there', async () => {
  const outDir = join(root, 'minutes');
  const result = await trainTextModel(corpus, { ...small, outDir, minutes: 0.0001 });
  assert.equal(result.stoppedBy, 'minutes');
  assert.ok(result.steps >= 1);
  assert.equal(result.history.epoch.length, 1);
  assert.ok(result.history.epoch[0]! > 0 && result.history.epoch[0]! < 1, 'a partial epoch');
  assert.ok(Number.isFinite(result.history.val_loss[0]!));
  assert.ok(loadTextRun(outDir).model, 'a model was saved');
  const more = await trainTextModel(corpus, { ...small, outDir, resume: true, epochs: 1 });
  assert.equal(more.history.epoch.at(-1), 1);
});

test('training refuses a corpus shorter than one sequence, an unknown architecture, heads that do not divide the width, and resuming nothing', async () => {
  const tiny = join(root, 'tiny.txt');
  writeFileSync(tiny, '床前明月光');
  await assert.rejects(trainTextModel(tiny, { ...small, outDir: join(root, 'tiny') }), /shorter than one training sequence of 16/);
  await assert.rejects(trainTextModel(corpus, { ...small, outDir: join(root, 'rnn'), arch: 'rnn' as 'lstm' }), /--arch rnn is not available \(this version trains lstm, gru, transformer\)/);
  await assert.rejects(trainTextModel(corpus, { ...small, outDir: join(root, 'tf-heads'), arch: 'transformer', units: 30, heads: 4 }), /--units 30 must divide into --heads 4 heads/);
  await assert.rejects(trainTextModel(corpus, { ...small, outDir: join(root, 'none'), resume: true }), /holds no training checkpoint to resume from/);
  const text = JSON.parse(readFileSync(join(root, 'run', readdirSync(join(root, 'run')).find((f) => f.startsWith('model-'))!, 'text.json'), 'utf8')) as { corpus: string; seqLen: number };
  assert.equal(text.corpus, corpus);
  assert.equal(text.seqLen, 16);
});

test('--arch transformer: the causal Transformer learns the corpus, samples in form, and resumes to bit-identical weights', async () => {
  const options = { ...small, arch: 'transformer' as const, units: 32, heads: 4, layers: 2, learningRate: 0.003, samples: 0 };
  const result = await trainTextModel(corpus, { ...options, outDir: join(root, 'tf'), epochs: 8 });
  const val = result.history.val_loss;
  const chance = Math.log(result.tokenizer.vocabSize);
  assert.ok(val[7]! < 0.6 * chance && val[7]! < val[0]!, `validation ${val.map((v) => v.toFixed(3)).join(' ')} against ln V = ${chance.toFixed(3)}`);
  const run = loadTextRun(join(root, 'tf'));
  const poems = generateText(run.model, run.tokenizer, { count: 3, form: { chars: 5, lines: 4 }, rhyme: true, seed: 1 });
  for (const p of poems) assert.ok(checkVerse(p).rhymes, p);
  const long = generateText(run.model, run.tokenizer, { count: 2, length: 40, seed: 1 });
  assert.ok(long.every((s) => [...s].length <= 40), 'samples longer than the context window are fine');
  const dropping = { ...options, dropout: 0.1, epochs: 2, checkpointEvery: 4 };
  const whole = await trainTextModel(corpus, { ...dropping, outDir: join(root, 'tf-whole') });
  await trainTextModel(corpus, { ...dropping, outDir: join(root, 'tf-cut'), maxSteps: 5 });
  const resumed = await trainTextModel(corpus, { ...dropping, outDir: join(root, 'tf-cut'), resume: true });
  assert.equal(resumed.steps, whole.steps);
  assert.deepEqual(weightsOf(join(root, 'tf-cut')), weightsOf(join(root, 'tf-whole')));
});
