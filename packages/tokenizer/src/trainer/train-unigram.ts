import { TokenizerError } from '../errors.js';
import { encodeModelProto, type ModelProto } from '../proto/model-proto.js';
import { CorpusCounter, loadSentences, prepareTrainingData } from './corpus.js';
import { minScore, mStep, UNK_PENALTY } from './em.js';
import { finalizePieces } from './finalize.js';
import { WordLattices } from './lattice.js';
import { buildModelProto, metaPieces } from './model-writer.js';
import { trainingNormalizer } from './normalize.js';
import { resolveOptions, type TrainUnigramOptions } from './options.js';
import { prune } from './prune.js';
import { makeSeedPieces } from './seed.js';

/**
 * What `trainUnigram` did: corpus counts, vocabulary coverage, EM and pruning progress, timings.
 */
export interface TrainUnigramStats {
  /** Lines read from the input. */
  linesRead: number;
  /** Sentences used (after skipping empty, too long and reserved-character lines). */
  sentences: number;
  skippedTooLong: number;
  /** Distinct words (whole sentences when `splitByWhitespace` is off) EM trained on. */
  words: number;
  /** Distinct characters in the vocabulary (the required characters). */
  alphabetSize: number;
  /** Fraction of character occurrences the vocabulary covers. */
  characterCoverage: number;
  seedPieces: number;
  /** Pruning rounds run. */
  pruneRounds: number;
  /** Objective (negative log likelihood per word occurrence) after the last EM iteration. */
  objective: number;
  /** Pieces in the written model, special pieces included. */
  vocabSize: number;
  /** Wall-clock milliseconds per phase. */
  timings: { load: number; seed: number; em: number; total: number };
}

/** What `trainUnigram` returns: the `.model` bytes, the decoded model and statistics. */
export interface TrainUnigramResult {
  /** The serialized `.model` file (a SentencePiece ModelProto). */
  model: Uint8Array;
  /** The same model, decoded. */
  proto: ModelProto;
  stats: TrainUnigramStats;
}

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/**
 * Trains a unigram SentencePiece model, as `spm_train --model_type=unigram` does: normalize
 * (`nmt_nfkc` by default), seed the vocabulary with frequent substrings from a suffix array, then
 * alternate EM (forward-backward expected counts, Bayesian M-step) with pruning by likelihood loss
 * until 1.1 × `vocabSize` pieces remain, and keep the best `vocabSize`. Returns the `.model` bytes,
 * which the sentencepiece library and `SentencePieceProcessor` load. Single-threaded; the text is
 * streamed, and memory grows with the distinct words, not with the corpus.
 */
export async function trainUnigram(
  sentences: Iterable<string> | AsyncIterable<string>,
  options?: TrainUnigramOptions,
): Promise<TrainUnigramResult> {
  const o = resolveOptions(options);
  const meta = metaPieces(o);
  const t0 = now();
  const { spec: normalizerSpec, normalize } = await trainingNormalizer(o);
  const metaStrings = Array.from(meta.values(), (m) => m.piece);
  const counter = new CorpusCounter(o.splitByWhitespace);
  const loaded = await loadSentences(
    sentences,
    {
      normalize,
      metaPieces: metaStrings,
      maxSentenceLength: o.maxSentenceLength,
      onLine: o.onProgress ? (n) => o.onProgress!({ stage: 'load', sentences: n }) : undefined,
    },
    (s) => counter.add(s),
  );
  if (counter.sentences === 0) {
    throw new TokenizerError(
      'INVALID_INPUT',
      `trainUnigram: no usable sentences (read ${loaded.linesRead} lines; ${loaded.skippedTooLong} too long, ${loaded.skippedEmpty} empty after normalization)`,
    );
  }
  const data = prepareTrainingData(counter, o.characterCoverage);
  if (data.requiredChars.length + meta.size > o.vocabSize) {
    throw new TokenizerError(
      'INVALID_OPTION',
      `trainUnigram: vocabSize ${o.vocabSize} is smaller than the ${data.requiredChars.length} required characters plus ${meta.size} special pieces; raise vocabSize or lower characterCoverage`,
    );
  }
  const t1 = now();

  const rules = {
    maxPieceLength: o.maxSentencepieceLength,
    splitByWhitespace: o.splitByWhitespace,
    splitByUnicodeScript: o.splitByUnicodeScript,
    splitByNumber: o.splitByNumber,
    splitDigits: o.splitDigits,
  };
  const seed = makeSeedPieces(data.words, data.alphabet, data.charCounts, rules, o.seedSentencepieceSize);
  const pieces = seed.pieces;
  const lattices = new WordLattices(data.words, seed.edges);
  o.onProgress?.({
    stage: 'seed',
    sentences: loaded.linesRead,
    words: data.words.count,
    alphabet: data.alphabet.size - 1,
    seedPieces: pieces.size,
  });
  const t2 = now();

  const alive = new Uint8Array(pieces.size).fill(1);
  let model: Int32Array = Int32Array.from({ length: pieces.size }, (_, i) => i);
  const desired = Math.trunc(o.vocabSize * 1.1);
  const expected = new Float64Array(pieces.size);
  let objective = 0;
  let round = 0;
  for (;;) {
    for (let iter = 0; iter < o.numSubIterations; iter++) {
      expected.fill(0);
      const unkScore = minScore(model, pieces) - UNK_PENALTY;
      const e = lattices.expectations(pieces, unkScore, expected, o.onProgress !== undefined);
      objective = e.objective;
      model = mStep(model, expected, pieces, alive);
      lattices.compact(alive);
      o.onProgress?.({
        stage: 'em',
        round,
        subIteration: iter,
        pieces: model.length,
        objective: e.objective,
        tokens: e.tokens,
      });
      await yieldToEventLoop();
    }
    if (model.length <= desired) break;
    model = prune(model, pieces, alive, lattices, desired, o.shrinkingFactor);
    lattices.compact(alive);
    round++;
    o.onProgress?.({ stage: 'prune', round, pieces: model.length });
    await yieldToEventLoop();
  }

  const slots = o.vocabSize - meta.size;
  const final = finalizePieces(
    model,
    pieces,
    alive,
    data.alphabet,
    seed.charPiece,
    data.requiredChars,
    slots,
  );
  if (final.length < slots && o.hardVocabLimit) {
    throw new TokenizerError(
      'INVALID_OPTION',
      `trainUnigram: the corpus yields only ${final.length + meta.size} pieces, fewer than vocabSize ${o.vocabSize}; lower vocabSize or set hardVocabLimit: false`,
    );
  }
  const proto = buildModelProto(o, meta, final, normalizerSpec);
  const bytes = encodeModelProto(proto);
  const t3 = now();
  o.onProgress?.({ stage: 'done', pieces: proto.pieces.length });
  return {
    model: bytes,
    proto,
    stats: {
      linesRead: loaded.linesRead,
      sentences: counter.sentences,
      skippedTooLong: loaded.skippedTooLong,
      words: data.words.count,
      alphabetSize: data.requiredChars.length,
      characterCoverage: data.coverage,
      seedPieces: pieces.size,
      pruneRounds: round,
      objective,
      vocabSize: proto.pieces.length,
      timings: { load: t1 - t0, seed: t2 - t1, em: t3 - t2, total: t3 - t0 },
    },
  };
}

/** Lets timers and I/O run between EM passes (progress bars, Ctrl-C handlers). */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
