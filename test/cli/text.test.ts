/** The text commands end to end in-process: train, sample (--json, --form, --rhyme, --acrostic), evaluate (--json), and user errors as one line with exit code 1. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runTextTrain } from '../../src/cli/commands/text/train.js';
import { runTextSample } from '../../src/cli/commands/text/sample.js';
import { runTextEvaluate } from '../../src/cli/commands/text/evaluate.js';
import { checkVerse } from '../../src/art/text/index.js';
import { tempDir } from '../helpers/temp-dir.js';
import { Capture } from './helpers/capture.js';
import { atelier } from './helpers/run-cli.js';

const root = tempDir('cli-text');
const corpus = join(root, 'poems.txt');
const poems = ['床前明月光，疑是地上霜。舉頭望明月，低頭思故鄉。', '白日依山盡，黃河入海流。欲窮千里目，更上一層樓。', '春眠不覺曉，處處聞啼鳥。夜來風雨聲，花落知多少。', '千山鳥飛絕，萬徑人蹤滅。孤舟蓑笠翁，獨釣寒江雪。'];
writeFileSync(corpus, Array.from({ length: 40 }, (_, i) => poems[i % 4]).join('\n'));
const run = join(root, 'run');

test('text train prints data, model, per-epoch validation loss and samples; --json gives the figures', async () => {
  const out = new Capture();
  await runTextTrain(corpus, { out: run, epochs: 2, layers: 1, units: 24, seqLen: 16, batchSize: 8, learningRate: 0.01, samples: 2 }, out);
  assert.match(out.text, /^Data: .*poems.txt: 38 training documents \(912 characters\), 2 held out \(48 characters, 5% of the documents, seed 0\); vocabulary \d+ \(min count 1\)\n/);
  assert.match(out.text, /Model: 1×24 LSTM, embedding 64, dropout 0; TBPTT 16 steps × 8 lanes, 7 steps per epoch; Adam 0.01 × 0.95\/epoch, clip 5\n/);
  assert.match(out.text, /Epoch 2\/2: loss \d\.\d{4} - val \d\.\d{4} nats\/char \(\d\.\d{3} bits\/char, perplexity \d+\.\d{2}\)/);
  assert.equal(out.text.match(/^ {2}» /gm)?.length, 4, 'two samples after each epoch');
  const json = new Capture();
  await runTextTrain(corpus, { out: join(root, 'run-json'), epochs: 1, layers: 1, units: 8, seqLen: 16, batchSize: 8, json: true }, json);
  const parsed = JSON.parse(json.text) as { validation: { natsPerChar: number }; stoppedBy: string };
  assert.equal(parsed.stoppedBy, 'epochs');
  assert.ok(parsed.validation.natsPerChar > 0);
});

test('text sample: --json samples, forms with rhyme, acrostics, and a seed that fixes them', async () => {
  const out = new Capture();
  const samples = await runTextSample(run, { n: 3, form: '5x4', rhyme: true, seed: 4, json: true }, out);
  assert.deepEqual(JSON.parse(out.text), { samples });
  for (const s of samples) assert.ok(checkVerse(s).rhymes, s);
  const acrostic = await runTextSample(run, { acrostic: '春江花月', n: 2, seed: 1 }, new Capture());
  for (const s of acrostic) assert.deepEqual(checkVerse(s).lines.map((l) => l[0]), ['春', '江', '花', '月']);
  const again = await runTextSample(run, { acrostic: '春江花月', n: 2, seed: 1 }, new Capture());
  assert.deepEqual(again, acrostic);
  const plain = new Capture();
  await runTextSample(run, { prime: '床前', n: 2, length: 20, topK: 5, topP: 0.9 }, plain);
  assert.equal(plain.text.split('\n\n').length, 2);
  assert.ok(plain.text.startsWith('床前'));
});

test('text evaluate: figures on the held-out documents or a whole corpus; --json has natsPerChar, bitsPerChar, perplexity, characters', async () => {
  const line = new Capture();
  await runTextEvaluate(run, undefined, {}, line);
  assert.match(line.text, /^Held-out documents: \d\.\d{4} nats\/char, \d\.\d{4} bits\/char, perplexity \d+\.\d{3} over 48 characters \(2 documents\)\n$/);
  const json = new Capture();
  await runTextEvaluate(run, corpus, { json: true }, json);
  const parsed = JSON.parse(json.text) as Record<string, number>;
  for (const key of ['natsPerChar', 'bitsPerChar', 'perplexity', 'characters']) assert.equal(typeof parsed[key], 'number', key);
  assert.ok(parsed.characters! >= 1000 - 8 && parsed.characters! <= 40 * 25, 'every document and its end, less fewer than one token per lane');
  assert.ok(Math.abs(parsed.bitsPerChar! - parsed.natsPerChar! / Math.LN2) < 1e-9);
  const primed = new Capture();
  await runTextEvaluate(run, undefined, { json: true, verse: 4, prime: '床', seed: 3 }, primed);
  const { verse } = JSON.parse(primed.text) as { verse: { samples: number; lines: number } };
  assert.equal(verse.samples, 4, '--prime with --verse: the verse report of primed samples');
});

test('user errors: one line and exit code 1', async () => {
  const cases: [string[], RegExp][] = [
    [['text', 'sample', run, '--temperature', '0'], /--temperature must be > 0, got 0 \(for the most likely character at every step, use --greedy\)/],
    [['text', 'sample', run, '--acrostic', '春江花'], /3 characters fill no verse form/],
    [['text', 'sample', run, '--acrostic', '春江花月', '--form', '7x8'], /4 characters cannot fill form 7x8/],
    [['text', 'sample', run, '--acrostic', '春江花龍'], /the model's vocabulary lacks '龍'/],
    [['text', 'sample', run, '--form', '6x4'], /--form: expected one of 5x4, 5x8, 7x4, 7x8/],
    [['text', 'sample', join(root, 'nothing')], /run folder .*nothing does not exist/],
    [['text', 'evaluate', join(root, 'nothing')], /run folder .*nothing does not exist/],
    [['text', 'evaluate', run, '--prime', '床'], /--prime sets how the --verse samples start; add --verse <n>/],
    [['text', 'train', join(root, 'missing.txt'), '-o', join(root, 'x')], /corpus .*missing.txt does not exist/],
    [['text', 'train', corpus, '-o', run], /already holds a run/],
  ];
  for (const [args, message] of cases) {
    const { stderr, code } = await atelier(...args);
    assert.equal(code, 1, args.join(' '));
    assert.match(stderr, /^atelier: /);
    assert.match(stderr, message);
    assert.equal(stderr.trim().split('\n').length, 1, stderr);
  }
  const binary = join(root, 'binary.txt');
  writeFileSync(binary, Uint8Array.of(0x61, 0x62, 0, 0x63));
  assert.match((await atelier('text', 'train', binary, '-o', join(root, 'b'))).stderr, /binary.txt: looks like a binary file \(a NUL byte at byte offset 2\)/);
  const invalid = join(root, 'latin1.txt');
  writeFileSync(invalid, Uint8Array.of(0x63, 0x61, 0x66, 0xe9, 0x0a));
  assert.match((await atelier('text', 'train', invalid, '-o', join(root, 'c'))).stderr, /latin1.txt: invalid UTF-8 at byte offset 3/);
});

test('a chinese-poetry JSON corpus trained in simplified characters: --prime and --acrostic in traditional characters are converted', async () => {
  const json = join(root, 'tang300.json');
  writeFileSync(json, JSON.stringify(Array.from({ length: 30 }, (_, i) => ({ title: `t${i}`, paragraphs: [poems[i % 4]!.slice(0, 12), poems[i % 4]!.slice(12)] }))));
  const out = join(root, 'simplified');
  const result = await runTextTrain(json, { out, epochs: 1, layers: 1, units: 8, seqLen: 16, batchSize: 4, script: 'simplified', arch: 'gru', samples: 0 }, new Capture());
  assert.equal(result.settings.script, 'simplified');
  assert.equal(result.settings.corpusFormat, 'json');
  assert.equal(result.tokenizer.idOf('舉'), undefined, 'traditional characters were converted before the vocabulary was built');
  assert.notEqual(result.tokenizer.idOf('举'), undefined);
  const [primed] = await runTextSample(out, { prime: '舉頭', n: 1, length: 5 }, new Capture());
  assert.ok(primed!.startsWith('举头'), primed);
  const acrostic = await runTextSample(out, { acrostic: '舉頭望月', n: 1 }, new Capture());
  assert.deepEqual(checkVerse(acrostic[0]!).lines.map((l) => l[0]), ['举', '头', '望', '月']);
});
