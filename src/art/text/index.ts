/**
 * Text generation: character-level language models (stacked LSTM or GRU) trained on a corpus
 * (Tang poems, Moby Dick, any text or chinese-poetry JSON), sampling with temperature, top-k, top-p
 * and constrained decoding of Chinese verse (form, acrostic, rhyme), and evaluation in nats per
 * character.
 * @module
 */
export { CharTokenizer, tokenizerFromJson, UNK, EOS, type Tokenizer, type TokenizerJson, type CharTokenizerOptions } from './tokenizer.js';
export { decodeTextFile, firstInvalidUtf8 } from './utf8.js';
export { cleanEditorialMarks, type CleaningReport } from './clean.js';
export { scriptConverter, SCRIPT_CHOICES, type ScriptChoice } from './script.js';
export { loadCorpus, tangCorpusPath, mobyDickPath, isBuiltinCorpus, BUILTIN_CORPORA, type Corpus, type CorpusFormat, type LoadCorpusOptions, type BuiltinCorpus } from './corpus.js';
export { splitDocuments, tokenStream, encodeDocuments, laneLayout, laneWindow, type DocumentSplit, type LaneLayout } from './split.js';
export { prepareTextData, reopenTextData, type TextData, type TextDataOptions } from './data.js';
export { buildTextModel, initLogitsToUnigram, recurrentLayers, saveStates, restoreStates, resetStates, textLogits, TEXT_ARCHS, type TextArch, type TextModelSpec, type CarriedStates } from './model.js';
export { streamCrossEntropy, crossEntropyFigures, type CrossEntropy } from './cross-entropy.js';
export { trainTextModel, type TrainTextOptions, type TrainTextResult } from './train.js';
export { readTextCheckpoint, writeTextCheckpoint, TEXT_CHECKPOINT_KIND, type TextCheckpoint, type TextProgress, type TextHistory } from './checkpoint.js';
export { loadTextRun, readTextFiles, textRunFiles, TOKENIZER_FILE, TEXT_SETTINGS_FILE, type TextRun, type TextRunSettings } from './run-folder.js';
export { chooseToken, checkSamplingOptions, type SamplingOptions } from './sampling.js';
export { generateText, type GenerateOptions } from './generate.js';
export { sampleTextRun, verseFormOf, type SampleTextRunOptions } from './sample-run.js';
export { checkVerse, parseForm, formName, isHan, canRhyme, verbatimLineShare, FORM_NAMES, PAUSE_MARKS, STOP_MARKS, type VerseForm, type VerseCheck, type FormName } from './verse.js';
export { rhymeClasses, rhymeOfFinal, rhymes, sharedRhyme } from './rhyme.js';
export { VerseConstraint, type VerseConstraintOptions, type VerseState } from './verse-constraint.js';
export { evaluateTextModel, type EvaluateTextOptions, type TextEvaluation } from './evaluate.js';
export { verseReport, type VerseReport, type VerseReportOptions } from './verse-report.js';
