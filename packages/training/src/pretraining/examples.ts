import { checkNumber, invalidOption, TrainingError } from '../errors.js';
import { Rng } from '../rng.js';
import { createInstancesFromDocument, type InstanceOptions } from './instances.js';
import { createMaskedLmPredictions, type MaskingOptions } from './masking.js';
import { splitSentences } from './sentences.js';
import { type PretrainingTokenizer, startPieceTable } from './tokenizer.js';
import type {
  DocumentSource,
  PretrainingDataOptions,
  PretrainingDocument,
  PretrainingExample,
  ResolvedPretrainingDataOptions,
} from './types.js';

/**
 * The pretraining data options with every default filled in (those of ALBERT's
 * create_pretraining_data.py). Throws `TrainingError` on an invalid value.
 */
export function resolvePretrainingDataOptions(
  o: PretrainingDataOptions = {},
): ResolvedPretrainingDataOptions {
  if (o == null || typeof o !== 'object') throw invalidOption('options', 'an object', o);
  const bool = (name: string, v: unknown, d: boolean) => {
    if (v == null) return d;
    if (typeof v !== 'boolean') throw invalidOption(name, 'a boolean', v);
    return v;
  };
  const singleSegment = o.singleSegment ?? 'split';
  if (singleSegment !== 'split' && singleSegment !== 'randomDocument') {
    throw invalidOption('singleSegment', "'split' | 'randomDocument'", singleSegment);
  }
  const seed = o.randomSeed ?? 12345;
  if (typeof seed !== 'string') checkNumber('randomSeed', seed, { integer: true });
  return {
    maxSeqLength: checkNumber('maxSeqLength', o.maxSeqLength ?? 512, { min: 5, integer: true }),
    shortSeqProb: checkNumber('shortSeqProb', o.shortSeqProb ?? 0.1, { min: 0, max: 1 }),
    maskedLmProb: checkNumber('maskedLmProb', o.maskedLmProb ?? 0.15, { min: 0, max: 1 }),
    maxPredictionsPerSeq: checkNumber('maxPredictionsPerSeq', o.maxPredictionsPerSeq ?? 20, {
      min: 1,
      integer: true,
    }),
    ngram: checkNumber('ngram', o.ngram ?? 3, { min: 1, integer: true }),
    dupeFactor: checkNumber('dupeFactor', o.dupeFactor ?? 40, { min: 1, integer: true }),
    randomSeed: seed,
    doWholeWordMask: bool('doWholeWordMask', o.doWholeWordMask, true),
    favorShorterNgram: bool('favorShorterNgram', o.favorShorterNgram, true),
    singleSegment,
    documentBufferSize: checkNumber('documentBufferSize', o.documentBufferSize ?? 1000, {
      min: 1,
      integer: true,
    }),
  };
}

/**
 * Streams pretraining examples (sentence-order pairs with n-gram whole-word masking) from
 * documents, as ALBERT's create_pretraining_data.py builds them, deterministically from
 * `randomSeed`. At most `documentBufferSize` documents (and their examples for one dupe round) are
 * in memory at a time.
 */
export async function* createPretrainingExamples(
  documents: DocumentSource,
  tokenizer: PretrainingTokenizer,
  options: PretrainingDataOptions = {},
): AsyncGenerator<PretrainingExample> {
  const o = resolvePretrainingDataOptions(options);
  checkTokenizer(tokenizer);
  if (
    documents == null ||
    (typeof (documents as AsyncIterable<unknown>)[Symbol.asyncIterator] !== 'function' &&
      typeof (documents as Iterable<unknown>)[Symbol.iterator] !== 'function') ||
    typeof documents === 'string'
  ) {
    throw invalidOption('documents', 'an iterable or async iterable of documents', documents);
  }
  const rng = new Rng(o.randomSeed);
  const startTable = startPieceTable(tokenizer);
  const instanceOpts: InstanceOptions = {
    maxSeqLength: o.maxSeqLength,
    shortSeqProb: o.shortSeqProb,
    singleSegment: o.singleSegment,
    clsTokenId: tokenizer.clsTokenId,
    sepTokenId: tokenizer.sepTokenId,
  };
  const maskOpts: MaskingOptions = {
    maskedLmProb: o.maskedLmProb,
    maxPredictionsPerSeq: o.maxPredictionsPerSeq,
    ngram: o.ngram,
    doWholeWordMask: o.doWholeWordMask,
    favorShorterNgram: o.favorShorterNgram,
    vocabSize: tokenizer.vocabSize,
    maskTokenId: tokenizer.maskTokenId,
  };

  let window: number[][][] = [];
  let index = 0;
  for await (const doc of documents as AsyncIterable<PretrainingDocument>) {
    const tokenized = tokenizeDocument(doc, tokenizer, index++);
    if (tokenized.length > 0) window.push(tokenized);
    if (window.length >= o.documentBufferSize) {
      yield* emitWindow(window, rng, o, instanceOpts, maskOpts, startTable, tokenizer);
      window = [];
    }
  }
  if (window.length > 0) yield* emitWindow(window, rng, o, instanceOpts, maskOpts, startTable, tokenizer);
}

function* emitWindow(
  window: number[][][],
  rng: Rng,
  o: ResolvedPretrainingDataOptions,
  instanceOpts: InstanceOptions,
  maskOpts: MaskingOptions,
  startTable: Uint8Array,
  tokenizer: PretrainingTokenizer,
): Generator<PretrainingExample> {
  rng.shuffle(window);
  for (let d = 0; d < o.dupeFactor; d++) {
    const raw = [];
    for (let i = 0; i < window.length; i++)
      raw.push(...createInstancesFromDocument(window, i, instanceOpts, rng));
    rng.shuffle(raw);
    for (const inst of raw) {
      const ids = inst.ids;
      const last = ids.length - 1;
      const isSpecial = (i: number) => i === 0 || i === inst.firstSep || i === last;
      const m = createMaskedLmPredictions(ids, isSpecial, startTable, maskOpts, rng);
      const pad = o.maxSeqLength - ids.length;
      const labels = new Array<number>(o.maxSeqLength).fill(-100);
      for (let k = 0; k < m.positions.length; k++) labels[m.positions[k]] = m.labels[k];
      yield {
        inputIds: padTo(m.outputIds, pad, tokenizer.padTokenId),
        attentionMask: padTo(new Array<number>(ids.length).fill(1), pad, 0),
        tokenTypeIds: padTo(inst.segmentIds, pad, 0),
        labels,
        sentenceOrderLabel: inst.isRandomNext ? 1 : 0,
        length: ids.length,
        maskedLmPositions: m.positions,
        maskedLmIds: m.labels,
        tokenBoundary: padTo(m.tokenBoundary, pad, 0),
        maskedNgramSizes: m.ngramSizes,
        maskedNgramLengths: m.ngramLengths,
      };
    }
  }
}

function padTo(xs: number[], n: number, value: number): number[] {
  for (let i = 0; i < n; i++) xs.push(value);
  return xs;
}

function tokenizeDocument(
  doc: PretrainingDocument,
  tokenizer: PretrainingTokenizer,
  index: number,
): number[][] {
  let sentences: readonly string[];
  if (typeof doc === 'string') sentences = splitSentences(doc);
  else if (Array.isArray(doc)) sentences = doc;
  else
    throw new TrainingError(
      'INVALID_INPUT',
      `document ${index}: expected a string or an array of sentences, found ${typeof doc}`,
    );
  const out: number[][] = [];
  for (let s = 0; s < sentences.length; s++) {
    const text = sentences[s];
    if (typeof text !== 'string') {
      throw new TrainingError(
        'INVALID_INPUT',
        `document ${index}, sentence ${s}: expected a string, found ${typeof text}`,
      );
    }
    if (!text.trim()) continue;
    const pieces = tokenizer.tokenize(text);
    if (pieces.length > 0) out.push(tokenizer.convertTokensToIds(pieces));
  }
  return out;
}

function checkTokenizer(t: PretrainingTokenizer): void {
  if (
    t == null ||
    typeof t.tokenize !== 'function' ||
    typeof t.convertTokensToIds !== 'function' ||
    typeof t.convertIdsToTokens !== 'function'
  ) {
    throw invalidOption(
      'tokenizer',
      'an AlbertTokenizer-like object (tokenize, convertTokensToIds, convertIdsToTokens)',
      t,
    );
  }
  for (const k of ['vocabSize', 'clsTokenId', 'sepTokenId', 'maskTokenId', 'padTokenId'] as const) {
    if (!Number.isInteger(t[k]) || t[k] < 0)
      throw invalidOption(`tokenizer.${k}`, 'a non-negative integer', t[k]);
  }
}
