export {
  AlbertHeadModel,
  type EncoderExtras,
  Head,
  type HeadCallOptions,
  type HeadContext,
  type HeadModelSpec,
} from './head.js';
export { classLabels, floatTargets, isIntegerLabels, positions } from './labels.js';
export { AlbertForMaskedLM, MaskedLMHead, type MaskedLMInputs, type MaskedLMOutput } from './masked-lm.js';
export { AlbertMLMHead, AlbertSOPHead } from './mlm-head.js';
export {
  AlbertForMultipleChoice,
  MultipleChoiceHead,
  type MultipleChoiceInputs,
  type MultipleChoiceOutput,
} from './multiple-choice.js';
export {
  type AnswerOptions,
  type AnswerResult,
  answer,
  bestSpans,
  type SpanScore,
} from './pipelines/answer.js';
export { type ClassifyOptions, classify, type LabelScore, type TextPair } from './pipelines/classify.js';
export type { PipelineTokenizer } from './pipelines/common.js';
export { type EmbedOptions, embed } from './pipelines/embed.js';
export {
  type FillMaskPrediction,
  fillMask,
  type MaskPrediction,
  predictMasked,
} from './pipelines/fill-mask.js';
export type {
  CanonicalTask,
  PipelineTask,
} from './pipelines/load.js';
export {
  type Pipeline,
  type PipelineOptions,
  type PipelineSource,
  type PipelineTypes,
  pipeline,
} from './pipelines/pipeline.js';
export { type TagOptions, type TokenTag, tagTokens } from './pipelines/tag-tokens.js';
export type { FeatureExtractionPipelineOptions } from './pipelines/task-feature-extraction.js';
export type { FillMaskOutput, FillMaskPipelineOptions, FillMaskResult } from './pipelines/task-fill-mask.js';
export {
  type AnswerOutput,
  type DecodedSpan,
  decodeSpans,
  type QuestionAnsweringInput,
  type QuestionAnsweringPipelineOptions,
} from './pipelines/task-question-answering.js';
export {
  defaultFunctionToApply,
  type LabelScoreOutput,
  type TextClassificationInput,
  type TextClassificationPipelineOptions,
} from './pipelines/task-text-classification.js';
export type {
  AggregationStrategy,
  EntityGroup,
  TokenClassificationPipelineOptions,
  TokenEntity,
} from './pipelines/task-token-classification.js';
export {
  AlbertForPreTraining,
  PreTrainingHead,
  type PreTrainingInputs,
  type PreTrainingOutput,
} from './pretraining.js';
export {
  AlbertForQuestionAnswering,
  QuestionAnsweringHead,
  type QuestionAnsweringInputs,
  type QuestionAnsweringOutput,
} from './question-answering.js';
export {
  AlbertForSequenceClassification,
  SequenceClassificationHead,
  type SequenceClassificationInputs,
  type SequenceClassificationOutput,
} from './sequence-classification.js';
export {
  AlbertForTokenClassification,
  TokenClassificationHead,
  type TokenClassificationInputs,
  type TokenClassificationOutput,
} from './token-classification.js';
