/** Tokenizer, strict text reading, corpora (plain, JSON, built-ins), cleaning, script conversion and the document split. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CharTokenizer, EOS, UNK, cleanEditorialMarks, decodeTextFile, firstInvalidUtf8, laneLayout, laneWindow, loadCorpus, scriptConverter,
  splitDocuments, tokenStream, tokenizerFromJson,
} from '../../../src/art/text/index.js';
import { FileFormatError } from '../../../src/io/file-format-error.js';
import { tempDir } from '../../helpers/temp-dir.js';

const root = tempDir('text-corpus');

test('CharTokenizer works on code points: characters outside the BMP are one token and round-trip', () => {
  const text = '𠀀床前明月光𠀀\u{1F319}';
  const tok = CharTokenizer.fit([text]);
  assert.equal(tok.vocabSize, 2 + 7, 'the two specials and seven distinct code points');
  const ids = tok.encode(text);
  assert.equal(ids.length, 8, 'one id per code point, not per UTF-16 unit');
  assert.equal(tok.decode(ids), text);
  assert.equal(tok.symbol(2), '𠀀', 'the most frequent character takes the first id after the specials');
  assert.equal(tok.symbol(0), UNK);
  assert.equal(tok.symbol(1), EOS);
  assert.equal(tok.decode([tok.eosId]), '\n');
  const again = tokenizerFromJson(JSON.parse(JSON.stringify(tok.toJSON())));
  assert.deepEqual(Array.from(again.encode(text)), Array.from(ids));
});

test('CharTokenizer: a frequency cut-off maps rare characters to <unk>; unknown symbols are listed', () => {
  const tok = CharTokenizer.fit(['aaab', 'aac'], { minCount: 2 });
  assert.equal(tok.vocabSize, 3);
  assert.deepEqual(Array.from(tok.encode('abc')), [2, 0, 0]);
  assert.deepEqual(tok.unknownSymbols('abcab'), ['b', 'c']);
  assert.throws(() => CharTokenizer.fit(['a'], { minCount: 0 }), /minCount must be an integer >= 1/);
  assert.throws(() => tokenizerFromJson({ type: 'bpe', version: 1 }, 'x/tokenizer.json'), /x\/tokenizer.json: unknown tokenizer type "bpe"/);
  assert.throws(() => tokenizerFromJson({ type: 'char', version: 1, specials: ['<unk>', '<eos>'], symbols: ['ab'] }), FileFormatError);
});

test('decodeTextFile refuses empty, binary and invalid UTF-8 files, naming the byte offset', () => {
  assert.throws(() => decodeTextFile(new Uint8Array(0), 'a.txt'), /a.txt: the file is empty/);
  assert.throws(() => decodeTextFile(Uint8Array.of(0x61, 0, 0x62), 'b.bin'), /b.bin: looks like a binary file \(a NUL byte at byte offset 1\)/);
  const bad = new Uint8Array([...Buffer.from('床前', 'utf8'), 0xe6, 0x98, 0x41]);
  assert.throws(() => decodeTextFile(bad, 'c.txt'), /c.txt: invalid UTF-8 at byte offset 6 \(bytes e6 98 41\)/);
  assert.equal(firstInvalidUtf8(Uint8Array.of(0xc0, 0x80)), 0, 'overlong forms are invalid');
  assert.equal(firstInvalidUtf8(Uint8Array.of(0xed, 0xa0, 0x80)), 0, 'surrogates are invalid');
  assert.equal(firstInvalidUtf8(Buffer.from('ok 𠀀 \u{10FFFF}', 'utf8')), -1);
  assert.equal(decodeTextFile(Uint8Array.of(0xef, 0xbb, 0xbf, 0x61), 'd.txt'), 'a', 'a byte-order mark is dropped');
});

test('loadCorpus: plain text one document per line, the whole file, chinese-poetry JSON, with cleaning', async () => {
  const txt = join(root, 'poems.txt');
  writeFileSync(txt, '床前明[月]光，疑是地上霜。\r\n\n白日依山□，黃河入海流。\n  春眠不覺曉，處處聞啼鳥。  \n');
  const lines = await loadCorpus(txt);
  assert.deepEqual(lines.documents, ['床前明月光，疑是地上霜。', '春眠不覺曉，處處聞啼鳥。'], 'blank lines skipped, [字] resolved, the poem with □ dropped');
  assert.deepEqual(lines.cleaning, { corrected: 1, dropped: 1 });
  assert.equal(lines.characters, 24);
  const whole = await loadCorpus(txt, { format: 'whole', clean: false });
  assert.equal(whole.documents.length, 1);
  assert.match(whole.documents[0]!, /^床前明\[月\]光/);
  const json = join(root, 'poems.json');
  writeFileSync(json, JSON.stringify([{ title: 't', paragraphs: ['床前明月光，疑是地上霜。', '舉頭望明月，低頭思故鄉。'] }, { content: ['关关雎鸠，在河之洲。'] }]));
  const poems = await loadCorpus(json);
  assert.deepEqual(poems.documents, ['床前明月光，疑是地上霜。舉頭望明月，低頭思故鄉。', '关关雎鸠，在河之洲。']);
  writeFileSync(join(root, 'bad.json'), JSON.stringify([{ title: 'x' }]));
  await assert.rejects(loadCorpus(join(root, 'bad.json')), /bad.json: poem 0 has no 'paragraphs' \(or 'content'\) list of strings/);
  await assert.rejects(loadCorpus(join(root, 'missing.txt')), /corpus .*missing.txt does not exist/);
  writeFileSync(join(root, 'blank.txt'), '\n\n');
  await assert.rejects(loadCorpus(join(root, 'blank.txt')), /holds no document/);
});

test('script conversion with OpenCC: traditional to simplified and back', async () => {
  assert.equal(scriptConverter('simplified')('舉頭望明月，低頭思故鄉'), '举头望明月，低头思故乡');
  assert.equal(scriptConverter('traditional')('举头望明月，低头思故乡'), '舉頭望明月，低頭思故鄉');
  assert.equal(scriptConverter('keep')('舉頭'), '舉頭');
  const json = join(root, 'trad.json');
  writeFileSync(json, JSON.stringify([{ paragraphs: ['長安一片月，萬戶擣衣聲。'] }]));
  assert.deepEqual((await loadCorpus(json, { script: 'simplified' })).documents, ['长安一片月，万户捣衣声。']);
});

test('built-in corpora: tang (the shipped poems, cleaned) and moby-dick (one document)', async () => {
  const tang = await loadCorpus('tang');
  assert.equal(tang.format, 'lines');
  assert.ok(tang.cleaning && tang.cleaning.corrected > 100 && tang.cleaning.dropped > 0 && tang.cleaning.dropped < 100, JSON.stringify(tang.cleaning));
  assert.equal(tang.documents.length, 14008 - tang.cleaning.dropped);
  assert.ok(tang.documents.every((d) => !/[[\]{}□]/u.test(d)), 'no editorial marks are left');
  const moby = await loadCorpus('moby-dick');
  assert.equal(moby.documents.length, 1);
  assert.match(moby.documents[0]!, /^CHAPTER 1\. Loomings\.\n\nCall me Ishmael\./);
  assert.equal(moby.cleaning, null, 'English text is not cleaned of Chinese editorial marks');
});

test('splitDocuments holds out whole documents by seed, or the last part of a single document', () => {
  const docs = Array.from({ length: 100 }, (_, i) => `doc${i}`);
  const a = splitDocuments(docs, 0.05, 7);
  assert.equal(a.validation.length, 5);
  assert.equal(a.train.length, 95);
  assert.deepEqual([...a.train, ...a.validation].sort(), [...docs].sort(), 'every document is in exactly one part, never cut');
  assert.deepEqual(splitDocuments(docs, 0.05, 7), a, 'the same seed gives the same split');
  assert.notDeepEqual(splitDocuments(docs, 0.05, 8).validation, a.validation);
  const novel = splitDocuments(['0123456789'.repeat(10) + '𠀀'.repeat(0)], 0.05, 0);
  assert.equal(novel.mode, 'tail');
  assert.equal(novel.train[0]!.length + novel.validation[0]!.length, 100);
  assert.equal(novel.validation[0], '56789', 'the last 5%');
});

test('token streams and TBPTT lanes: consecutive windows of a lane continue each other', () => {
  const stream = tokenStream([Int32Array.of(5, 6), Int32Array.of(7)], 1, [1, 0]);
  assert.deepEqual(Array.from(stream), [1, 7, 1, 5, 6, 1]);
  const long = Int32Array.from({ length: 101 }, (_, i) => i);
  const layout = laneLayout(long.length, 4, 8, 'test');
  assert.deepEqual(layout, { lanes: 4, laneLength: 25, seqLen: 8, steps: 3 });
  const w0 = laneWindow(long, layout, 0);
  const w1 = laneWindow(long, layout, 1);
  assert.deepEqual(Array.from(w0.x.subarray(8, 16)), [25, 26, 27, 28, 29, 30, 31, 32], 'lane 1 starts a quarter in');
  assert.deepEqual(Array.from(w0.y.subarray(0, 8)), [1, 2, 3, 4, 5, 6, 7, 8], 'targets are the next tokens');
  assert.equal(w1.x[8], 33, 'the next window of lane 1 continues where the last ended');
  assert.equal(laneLayout(20, 32, 8, 'short').lanes, 2, 'a short stream gets fewer lanes');
  assert.throws(() => laneLayout(8, 32, 8, 'the corpus x'), /the corpus x has 7 tokens to predict, shorter than one training sequence of 8/);
});

test('cleanEditorialMarks keeps corrected characters and drops poems with lost ones', () => {
  const { documents, report } = cleanEditorialMarks(['[攪]妾心', '疲{艹/尔}竟', '沒情梳。□□', 'ok']);
  assert.deepEqual(documents, ['攪妾心', 'ok']);
  assert.deepEqual(report, { corrected: 1, dropped: 2 });
});
