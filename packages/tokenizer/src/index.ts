export {
  AlbertTokenizer,
  type AlbertTokenizerOptions,
  type BatchInput,
  type DecodeOptions,
  type TokenizedText,
} from './albert/albert-tokenizer.js';
export type { BatchEncodeOptions, BatchEncoding } from './albert/batch-encode.js';
export type { EncodeOptions, Encoding, PaddingStrategy, TruncationStrategy } from './albert/encoding.js';
export { type ModelErrorDetail, TokenizerError, type TokenizerErrorCode } from './errors.js';
export { decodeBase64, encodeBase64 } from './hf/base64.js';
export type { JsonInput, PretrainedFiles, PretrainedOptions, PretrainedSource } from './hf/pretrained.js';
export { readTokenizerJson, type TokenizerJsonSettings } from './hf/read-tokenizer-json.js';
export type {
  AddedTokenJson,
  MetaspaceJson,
  NormalizerJson,
  PatternJson,
  TemplatePieceJson,
  TemplateProcessingJson,
  TokenizerJson,
  UnigramJson,
} from './hf/tokenizer-json.js';
export { type AlbertJsonSettings, toTokenizerJson } from './hf/write-tokenizer-json.js';
export {
  type EncodedText,
  type LoadOptions,
  type ModelValidation,
  type SampleOptions,
  SentencePieceProcessor,
} from './processor.js';
export {
  decodeModelProto,
  encodeModelProto,
  type ModelProto,
  ModelType,
  NORMALIZER_SPEC_DEFAULTS,
  type NormalizerSpec,
  PieceType,
  pieceType,
  type Resolved,
  resolveNormalizerSpec,
  resolveTrainerSpec,
  type SelfTestData,
  type SelfTestSample,
  type SentencePiece,
  TRAINER_SPEC_DEFAULTS,
  type TrainerSpec,
} from './proto/model-proto.js';
export * from './trainer/index.js';
