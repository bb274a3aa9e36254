import { TokenizerError } from '../errors.js';

/** What `trainUnigram` is doing, for progress bars and logs. */
export type TrainProgress =
  | { stage: 'load'; sentences: number }
  | { stage: 'seed'; sentences: number; words: number; alphabet: number; seedPieces: number }
  | { stage: 'em'; round: number; subIteration: number; pieces: number; objective: number; tokens: number }
  | { stage: 'prune'; round: number; pieces: number }
  | { stage: 'done'; pieces: number };

/**
 * Options of `trainUnigram`. Names and defaults follow `spm_train`'s flags (camelCase), except
 * the special pieces, whose defaults are ALBERT's: `<pad>`=0, `<unk>`=1, then the control symbols
 * `[CLS]`, `[SEP]`, `[MASK]`, and no `<s>`/`</s>`.
 */
export interface TrainUnigramOptions {
  /** Size of the vocabulary, special pieces included. Default 8000. */
  vocabSize?: number;
  /** Fraction of character occurrences the vocabulary must cover; rarer characters become `<unk>`. Default 0.9995. */
  characterCoverage?: number;
  /** Number of substrings taken from the suffix array as the initial vocabulary. Default 1,000,000. */
  seedSentencepieceSize?: number;
  /** Fraction of pieces kept by each pruning round. Default 0.75. */
  shrinkingFactor?: number;
  /** EM iterations between pruning rounds. Default 2. */
  numSubIterations?: number;
  /** Longest piece, in characters. Default 16. */
  maxSentencepieceLength?: number;
  /** Sentences longer than this many UTF-8 bytes are skipped. Default 4192. */
  maxSentenceLength?: number;
  /** Pieces never cross a `▁` (a space); default true. */
  splitByWhitespace?: boolean;
  /** Pieces never mix Unicode scripts; default true. */
  splitByUnicodeScript?: boolean;
  /** Digits form their own script class (so `a1` cannot be a piece); default true. */
  splitByNumber?: boolean;
  /** Every digit is a piece of its own; default false. */
  splitDigits?: boolean;
  /** Control pieces (never produced by encoding, only inserted by the application). Default `[CLS] [SEP] [MASK]`. */
  controlSymbols?: readonly string[];
  /** User-defined pieces (always matched as one piece inside text). Default none. */
  userDefinedSymbols?: readonly string[];
  /** Id of `<unk>` (required). Default 1. */
  unkId?: number;
  /** Id of `<pad>`, -1 for none. Default 0. */
  padId?: number;
  /** Id of `<s>`, -1 for none. Default -1. */
  bosId?: number;
  /** Id of `</s>`, -1 for none. Default -1. */
  eosId?: number;
  unkPiece?: string;
  padPiece?: string;
  bosPiece?: string;
  eosPiece?: string;
  /** What decoding shows for `<unk>`. Default ` ⁇ `. */
  unkSurface?: string;
  /** The normalizer written into the model and applied to the training text. Default `nmt_nfkc`. */
  normalization?: 'nmt_nfkc' | 'identity';
  /** Prepend `▁` to every sentence. Default true. */
  addDummyPrefix?: boolean;
  /** Trim and collapse runs of whitespace. Default true. */
  removeExtraWhitespaces?: boolean;
  /** Fail when the corpus cannot fill `vocabSize` pieces (otherwise write a smaller vocabulary). Default true. */
  hardVocabLimit?: boolean;
  /** Called as training advances. */
  onProgress?: (event: TrainProgress) => void;
}

export type ResolvedOptions = Required<Omit<TrainUnigramOptions, 'onProgress'>> &
  Pick<TrainUnigramOptions, 'onProgress'>;

const DEFAULTS: ResolvedOptions = {
  vocabSize: 8000,
  characterCoverage: 0.9995,
  seedSentencepieceSize: 1_000_000,
  shrinkingFactor: 0.75,
  numSubIterations: 2,
  maxSentencepieceLength: 16,
  maxSentenceLength: 4192,
  splitByWhitespace: true,
  splitByUnicodeScript: true,
  splitByNumber: true,
  splitDigits: false,
  controlSymbols: ['[CLS]', '[SEP]', '[MASK]'],
  userDefinedSymbols: [],
  unkId: 1,
  padId: 0,
  bosId: -1,
  eosId: -1,
  unkPiece: '<unk>',
  padPiece: '<pad>',
  bosPiece: '<s>',
  eosPiece: '</s>',
  unkSurface: ' \u2047 ',
  normalization: 'nmt_nfkc',
  addDummyPrefix: true,
  removeExtraWhitespaces: true,
  hardVocabLimit: true,
};

function bad(field: string, expected: string, found: unknown): TokenizerError {
  const shown = typeof found === 'string' ? JSON.stringify(found) : String(found);
  return new TokenizerError(
    'INVALID_OPTION',
    `trainUnigram: options.${field} must be ${expected}, got ${shown}`,
  );
}

function checkInt(o: ResolvedOptions, field: keyof ResolvedOptions, min: number, max: number): void {
  const v = o[field];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw bad(field, `an integer in [${min}, ${max}]`, v);
  }
}

function checkNumber(o: ResolvedOptions, field: keyof ResolvedOptions, min: number, max: number): void {
  const v = o[field];
  if (typeof v !== 'number' || !(v >= min && v <= max)) throw bad(field, `a number in [${min}, ${max}]`, v);
}

/** Applies the defaults and checks every option (ranges as spm_train's VerifySpec). */
export function resolveOptions(options: TrainUnigramOptions | undefined): ResolvedOptions {
  if (options !== undefined && (options === null || typeof options !== 'object')) {
    throw new TokenizerError('INVALID_OPTION', 'trainUnigram: options must be an object');
  }
  const o = { ...DEFAULTS } as ResolvedOptions;
  for (const [k, v] of Object.entries(options ?? {})) {
    if (v === undefined) continue;
    if (!(k in DEFAULTS) && k !== 'onProgress') {
      throw new TokenizerError('INVALID_OPTION', `trainUnigram: unknown option ${JSON.stringify(k)}`);
    }
    (o as Record<string, unknown>)[k] = v;
  }
  checkInt(o, 'vocabSize', 1, 2 ** 31 - 1);
  checkNumber(o, 'characterCoverage', 0.98, 1);
  checkInt(o, 'seedSentencepieceSize', 1000, 5_000_000);
  checkNumber(o, 'shrinkingFactor', 0.5, 0.95);
  checkInt(o, 'numSubIterations', 1, 10);
  checkInt(o, 'maxSentencepieceLength', 1, 512);
  checkInt(o, 'maxSentenceLength', 10, 1_073_741_824);
  for (const f of ['unkId', 'padId', 'bosId', 'eosId'] as const) checkInt(o, f, -1, 2 ** 31 - 1);
  if (o.unkId < 0) throw bad('unkId', 'a non-negative id (<unk> is required)', o.unkId);
  for (const f of [
    'splitByWhitespace',
    'splitByUnicodeScript',
    'splitByNumber',
    'splitDigits',
    'addDummyPrefix',
    'removeExtraWhitespaces',
    'hardVocabLimit',
  ] as const) {
    if (typeof o[f] !== 'boolean') throw bad(f, 'a boolean', o[f]);
  }
  for (const f of ['unkPiece', 'padPiece', 'bosPiece', 'eosPiece', 'unkSurface'] as const) {
    if (typeof o[f] !== 'string' || (f !== 'unkSurface' && o[f].length === 0)) {
      throw bad(f, 'a non-empty string', o[f]);
    }
  }
  for (const f of ['controlSymbols', 'userDefinedSymbols'] as const) {
    const v = o[f] as unknown;
    if (!Array.isArray(v) || v.some((s) => typeof s !== 'string' || s.length === 0)) {
      throw bad(f, 'an array of non-empty strings', v);
    }
  }
  if (o.normalization !== 'nmt_nfkc' && o.normalization !== 'identity') {
    throw bad('normalization', '"nmt_nfkc" or "identity"', o.normalization);
  }
  if (o.onProgress !== undefined && typeof o.onProgress !== 'function') {
    throw bad('onProgress', 'a function', o.onProgress);
  }
  return o;
}
