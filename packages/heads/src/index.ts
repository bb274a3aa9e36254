export { OnnxExportError } from './export/onnx/errors.js';
export {
  exportOnnx,
  exportOnnxModel,
  ONNX_OPSET,
  type OnnxExport,
  type OnnxExportOptions,
} from './export/onnx/export-onnx.js';
export { onnxActivationNames } from './export/onnx/nn-graph.js';
export {
  type AttributeProto as OnnxAttributeProto,
  AttributeType as OnnxAttributeType,
  DataType as OnnxDataType,
  type DataTypeValue as OnnxDataTypeValue,
  type Dimension as OnnxDimension,
  decodeModel as decodeOnnxModel,
  type GraphProto as OnnxGraphProto,
  type ModelProto as OnnxModelProto,
  type NodeProto as OnnxNodeProto,
  type TensorProto as OnnxTensorProto,
  type ValueInfoProto as OnnxValueInfoProto,
} from './export/onnx/onnx-proto.js';
export {
  ONNX_TASKS,
  type OnnxTask,
  onnxTask,
  onnxTaskForArchitecture,
  onnxTaskModelClass,
} from './export/onnx/tasks.js';
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
export { AlbertMLMHead, AlbertSOPHead, TiedDecoder } from './mlm-head.js';
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
  type MlmModel as FillMaskModel,
  predictMasked,
} from './pipelines/fill-mask.js';
export type {
  CanonicalTask,
  PipelineTask,
} from './pipelines/load.js';
export {
  type Canon as CanonicalTaskOf,
  type Many as PipelineBatchResult,
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
export * from './tasks/index.js';
export {
  AlbertForTokenClassification,
  TokenClassificationHead,
  type TokenClassificationInputs,
  type TokenClassificationOutput,
} from './token-classification.js';
