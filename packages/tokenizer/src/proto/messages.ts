/**
 * The SentencePiece ModelProto messages as plain objects: the one definition that the codec
 * (wire.ts) and the API (model-proto.ts, which re-exports them) both import.
 */

/** `ModelProto.SentencePiece.Type`. */
export enum PieceType {
  NORMAL = 1,
  UNKNOWN = 2,
  CONTROL = 3,
  USER_DEFINED = 4,
  UNUSED = 5,
  BYTE = 6,
}

/** `TrainerSpec.ModelType`. */
export enum ModelType {
  UNIGRAM = 1,
  BPE = 2,
  WORD = 3,
  CHAR = 4,
}

/** Raw wire bytes (tag + payload, concatenated) of fields the schema does not know. */
export interface HasUnknownFields {
  unknownFields?: Uint8Array;
}

/** `ModelProto.SentencePiece`: one vocabulary entry (piece, score, type). */
export interface SentencePiece extends HasUnknownFields {
  piece: string;
  /** float32 in the file. */
  score: number;
  /** Absent means NORMAL. */
  type?: PieceType;
}

/**
 * `TrainerSpec`: the `spm_train` options the model was trained with (model type, vocabulary size,
 * special pieces...).
 */
export interface TrainerSpec extends HasUnknownFields {
  input?: string[];
  inputFormat?: string;
  modelPrefix?: string;
  modelType?: ModelType;
  vocabSize?: number;
  acceptLanguage?: string[];
  selfTestSampleSize?: number;
  enableDifferentialPrivacy?: boolean;
  differentialPrivacyNoiseLevel?: number;
  differentialPrivacyClippingThreshold?: number;
  characterCoverage?: number;
  inputSentenceSize?: number;
  shuffleInputSentence?: boolean;
  /** Deprecated upstream; kept for old files. */
  miningSentenceSize?: number;
  /** Deprecated upstream; kept for old files. */
  trainingSentenceSize?: number;
  seedSentencepieceSize?: number;
  shrinkingFactor?: number;
  maxSentenceLength?: number;
  numThreads?: number;
  numSubIterations?: number;
  maxSentencepieceLength?: number;
  splitByUnicodeScript?: boolean;
  splitByNumber?: boolean;
  splitByWhitespace?: boolean;
  treatWhitespaceAsSuffix?: boolean;
  allowWhitespaceOnlyPieces?: boolean;
  splitDigits?: boolean;
  pretokenizationDelimiter?: string;
  controlSymbols?: string[];
  userDefinedSymbols?: string[];
  requiredChars?: string;
  byteFallback?: boolean;
  vocabularyOutputPieceScore?: boolean;
  hardVocabLimit?: boolean;
  useAllVocab?: boolean;
  unkId?: number;
  bosId?: number;
  eosId?: number;
  padId?: number;
  unkPiece?: string;
  bosPiece?: string;
  eosPiece?: string;
  padPiece?: string;
  unkSurface?: string;
  trainExtremelyLargeCorpus?: boolean;
  seedSentencepiecesFile?: string;
}

/**
 * `NormalizerSpec`: the normalization rules (e.g. `nmt_nfkc`) and whitespace handling of a model.
 */
export interface NormalizerSpec extends HasUnknownFields {
  name?: string;
  /** The compiled normalization rules (a double-array trie plus a string table). */
  precompiledCharsmap?: Uint8Array;
  addDummyPrefix?: boolean;
  removeExtraWhitespaces?: boolean;
  escapeWhitespaces?: boolean;
  normalizationRuleTsv?: string;
}

/** One `SelfTestData` sample: an input and its expected segmentation. */
export interface SelfTestSample extends HasUnknownFields {
  input?: string;
  expected?: string;
}

/** `SelfTestData`: samples a loader can check the model against. */
export interface SelfTestData extends HasUnknownFields {
  samples?: SelfTestSample[];
}

/**
 * A whole `.model` file: sentencepiece's `ModelProto` message (pieces, trainer and normalizer
 * specs).
 */
export interface ModelProto extends HasUnknownFields {
  pieces: SentencePiece[];
  trainerSpec?: TrainerSpec;
  normalizerSpec?: NormalizerSpec;
  selfTestData?: SelfTestData;
  denormalizerSpec?: NormalizerSpec;
}
