/** Verse forms, the rhyme of characters, sampling choices and constrained decoding (form, acrostic, rhyme). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CharTokenizer, VerseConstraint, buildTextModel, checkVerse, chooseToken, generateText, parseForm, rhymeClasses, rhymeOfFinal, rhymes, verbatimLineShare,
} from '../../../src/art/text/index.js';
import { Random } from '../../../src/tensor/random.js';

const JINGYESI = '床前明月光，疑是地上霜。舉頭望明月，低頭思故鄉。';
const DENGGAO = '風急天高猿嘯哀，渚清沙白鳥飛迴。無邊落木蕭蕭下，不盡長江滾滾來。萬里悲秋常作客，百年多病獨登臺。艱難苦恨繁霜鬢，潦倒新停濁酒杯。';

test('rhyme classes compare pinyin finals without the medial: 光 guang, 霜 shuang, 鄉 xiang rhyme in -ang', () => {
  for (const ch of ['光', '霜', '鄉', '乡', '江']) assert.ok(rhymeClasses(ch).includes('ang'), ch);
  assert.ok(rhymes('光', '鄉'));
  assert.ok(!rhymes('光', '月'));
  assert.ok(rhymeClasses('行').includes('ang') && rhymeClasses('行').includes('eng'), 'every reading of a character counts');
  assert.deepEqual(rhymeClasses('，'), []);
  assert.equal(rhymeOfFinal('uang'), 'ang');
  assert.equal(rhymeOfFinal('iu'), 'ou');
  assert.equal(rhymeOfFinal('ui'), 'ei');
  assert.equal(rhymeOfFinal('i'), 'i', 'a bare vowel is not a medial');
});

test('checkVerse recognises regulated verse, its form and rhyme, and says what is wrong otherwise', () => {
  const jys = checkVerse(JINGYESI);
  assert.equal(jys.wellFormed, true);
  assert.equal(jys.form, '5x4');
  assert.deepEqual(jys.lines, ['床前明月光', '疑是地上霜', '舉頭望明月', '低頭思故鄉']);
  assert.equal(jys.rhymes, true);
  assert.deepEqual(jys.rhyme, ['ang']);
  const dg = checkVerse(DENGGAO);
  assert.equal(dg.form, '7x8');
  assert.equal(dg.wellFormed, true);
  assert.equal(dg.rhymes, false, 'modern readings only approximate Tang rhyme: 迴 hui, 來 lai, 臺 tai, 杯 bei rhymed in the Tang (灰 group), not in Mandarin');
  assert.equal(checkVerse(JINGYESI, parseForm('7x4')).wellFormed, false);
  assert.match(checkVerse('床前明月光，疑是地上霜。').problems.join(';'), /2 lines/);
  assert.match(checkVerse('床前明月，疑是地上霜。舉頭望明月，低頭思故鄉。').problems.join(';'), /different lengths/);
  assert.match(checkVerse('床前明月光。疑是地上霜。舉頭望明月，低頭思故鄉。').problems.join(';'), /line 1 ends with '。'/);
  assert.match(checkVerse('床前明月光，疑是地上霜。舉頭望明月，低頭思故鄉').problems.join(';'), /no closing punctuation/);
  assert.equal(checkVerse('床前明月光，疑是地上霜。舉頭望明月，低頭思故國。').rhymes, false);
  assert.throws(() => parseForm('6x4'), /--form: expected one of 5x4, 5x8, 7x4, 7x8/);
});

test('verbatimLineShare counts generated lines copied from training poems', () => {
  const share = verbatimLineShare(['床前明月光，江上數峰青。'], [JINGYESI]);
  assert.deepEqual(share, { lines: 2, verbatim: 1, share: 0.5 });
});

test('chooseToken: greedy is argmax, top-k 1 and a tiny top-p are greedy too, temperature spreads the choice, masks restrict it', () => {
  const logits = Float32Array.of(0.1, 2, 1.9, -1);
  const rng = new Random(0);
  assert.equal(chooseToken(logits, { greedy: true }, rng), 1);
  for (let i = 0; i < 20; i++) assert.equal(chooseToken(logits, { topK: 1 }, rng), 1);
  for (let i = 0; i < 20; i++) assert.equal(chooseToken(logits, { topP: 0.01 }, rng), 1);
  for (let i = 0; i < 50; i++) assert.ok([1, 2].includes(chooseToken(logits, { topK: 2, temperature: 5 }, rng)));
  const seen = new Set(Array.from({ length: 400 }, () => chooseToken(logits, { temperature: 10 }, rng)));
  assert.equal(seen.size, 4, 'a high temperature reaches every token');
  assert.equal(chooseToken(logits, { greedy: true }, rng, Int32Array.of(0, 3)), 0, 'the mask applies before the choice');
  const a = Array.from({ length: 30 }, (_, i) => chooseToken(logits, {}, new Random(i)));
  const b = Array.from({ length: 30 }, (_, i) => chooseToken(logits, {}, new Random(i)));
  assert.deepEqual(a, b, 'the same seed gives the same choices');
});

// An untrained model: constrained decoding must keep the form whatever the model prefers.
const corpus = [JINGYESI, DENGGAO, '春眠不覺曉，處處聞啼鳥。夜來風雨聲，花落知多少。', '千山鳥飛絕，萬徑人蹤滅。孤舟蓑笠翁，獨釣寒江雪。 abc!'];
const tokenizer = CharTokenizer.fit(corpus);
const model = buildTextModel({ arch: 'gru', vocabSize: tokenizer.vocabSize, layers: 1, units: 16, embeddingDim: 8, dropout: 0, seed: 3 });

test('generateText with a form: every sample keeps the form; with --rhyme every sample rhymes; acrostic lines start right', () => {
  for (const form of ['5x4', '7x8'] as const) {
    const samples = generateText(model, tokenizer, { count: 6, form: parseForm(form), rhyme: true, seed: 1, temperature: 1.5 });
    for (const s of samples) {
      const check = checkVerse(s, parseForm(form));
      assert.ok(check.wellFormed, `${s}: ${check.problems.join('; ')}`);
      assert.ok(check.rhymes, `${s} does not rhyme`);
    }
  }
  const acrostic = generateText(model, tokenizer, { count: 4, form: parseForm('5x4'), acrostic: '春江花月', seed: 2 });
  for (const s of acrostic) assert.deepEqual(checkVerse(s).lines.map((l) => l[0]), ['春', '江', '花', '月']);
  const primed = generateText(model, tokenizer, { count: 2, form: parseForm('5x4'), prime: '床前', seed: 2 });
  for (const s of primed) {
    assert.ok(s.startsWith('床前'));
    assert.ok(checkVerse(s).wellFormed);
  }
});

test('generateText: deterministic with a seed, stops at <eos> or the length, warns about unknown prime characters', () => {
  const a = generateText(model, tokenizer, { count: 3, length: 30, seed: 5 });
  assert.deepEqual(generateText(model, tokenizer, { count: 3, length: 30, seed: 5 }), a);
  assert.notDeepEqual(generateText(model, tokenizer, { count: 3, length: 30, seed: 6 }), a);
  for (const s of a) assert.ok([...s].length <= 30 && !s.includes('\n') && !s.includes('<unk>'));
  const warnings: string[] = [];
  const [p] = generateText(model, tokenizer, { prime: '床X', length: 3, greedy: true, onWarning: (m) => warnings.push(m) });
  assert.ok(p!.startsWith('床<unk>'));
  assert.match(warnings[0]!, /--prime: the model's vocabulary lacks 'X'; they are read as <unk>/);
  const g1 = generateText(model, tokenizer, { greedy: true, length: 20, seed: 1 });
  assert.deepEqual(generateText(model, tokenizer, { greedy: true, length: 20, seed: 2 }), g1, 'greedy ignores the seed');
});

test('constrained decoding refuses what it cannot do, before sampling', () => {
  const form = parseForm('5x4');
  assert.throws(() => generateText(model, tokenizer, { temperature: 0 }), /--temperature must be > 0, got 0 \(for the most likely character at every step, use --greedy\)/);
  assert.throws(() => generateText(model, tokenizer, { temperature: -1 }), /--temperature must be > 0/);
  assert.throws(() => generateText(model, tokenizer, { form, acrostic: '春江花' }), /--acrostic 春江花: 3 characters cannot fill form 5x4, which has 4 lines/);
  assert.throws(() => generateText(model, tokenizer, { form, acrostic: '春江花龍' }), /--acrostic 春江花龍: the model's vocabulary lacks '龍'/);
  assert.throws(() => generateText(model, tokenizer, { form, acrostic: '春江花a' }), /'a' is not a Chinese character/);
  assert.throws(() => generateText(model, tokenizer, { acrostic: '春江花月' }), /--acrostic needs a verse form/);
  assert.throws(() => generateText(model, tokenizer, { form, prime: '床前明月光。' }), /--prime: '。' \(character 6\) breaks the 5x4 constraint/);
  assert.throws(() => generateText(model, tokenizer, { form, acrostic: '春江花月', prime: '床' }), /breaks the 5x4 and acrostic constraint/);
  const latin = CharTokenizer.fit(['hello world']);
  assert.throws(() => new VerseConstraint(latin, { form }), /--form 5x4: the model's vocabulary has no Chinese characters/);
  const noStops = CharTokenizer.fit(['床前明月光']);
  assert.throws(() => new VerseConstraint(noStops, { form }), /lacks '，'/);
});
