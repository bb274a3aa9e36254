export {
  AlbertTokenizer,
  type AlbertTokenizerOptions,
  type BatchInput,
  type DecodeOptions,
  type TokenizedText,
} from './albert/albert-tokenizer.js';
export type { EncodeOptions, Encoding, PaddingStrategy, TruncationStrategy } from './albert/encoding.js';
export { TokenizerError, type TokenizerErrorCode } from './errors.js';
export { type EncodedText, type SampleOptions, SentencePieceProcessor } from './processor.js';
export {
  decodeModelProto,
  encodeModelProto,
  type ModelProto,
  ModelType,
  NORMALIZER_SPEC_DEFAULTS,
  type NormalizerSpec,
  PieceType,
  pieceType,
  resolveNormalizerSpec,
  resolveTrainerSpec,
  type SelfTestData,
  type SelfTestSample,
  type SentencePiece,
  TRAINER_SPEC_DEFAULTS,
  type TrainerSpec,
} from './proto/model-proto.js';
export * from './trainer/index.js';
