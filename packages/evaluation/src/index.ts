export { majorityClass, mostFrequentTag, type TagBaseline } from './baselines.js';
export {
  type Average,
  accuracy,
  confusionMatrix,
  f1,
  f1Macro,
  f1Micro,
  matthewsCorrcoef,
  type PrfOptions,
  type PrfResult,
  precision,
  precisionRecallF1,
  recall,
} from './classification.js';
export { pearson, rankAverage, spearman } from './correlation.js';
export {
  type EntityOptions,
  type EntityScoreOptions,
  type EntityScores,
  type EntityTypeScore,
  entityScores,
  extractEntities,
  type SeqevalResult,
  seqevalMetrics,
  type TagSequences,
  tokenAccuracy,
} from './entity-metrics.js';
export {
  detectScheme,
  type Entity,
  type StrictOptions,
  TAG_SCHEMES,
  type TagScheme,
} from './entity-scheme.js';
export { EvaluationError, type EvaluationErrorCode } from './errors.js';
export {
  type Example as FinetuneTaskExample,
  type FinetuneTaskKind,
  type FinetuneTaskOptions,
  finetuneTask,
  tagNames,
} from './finetune-task.js';
export {
  accAndF1,
  type GlueResult,
  type GlueTask,
  glueMetrics,
  normalizeGlueTask,
  pearsonAndSpearman,
} from './glue.js';
export type { Label } from './numeric.js';
export { type EvaluationProgress, formatProgress, type ProgressSink } from './progress.js';
export {
  postprocessQa,
  postprocessQaBatch,
  type QaExample,
  type QaPostprocessOptions,
  type QaPrediction,
  type QaSpan,
  type QaWindow,
} from './qa-postprocess.js';
export {
  type RaceAnswer,
  type RaceLevel,
  type RaceResult,
  raceAnswerIndex,
  raceLevelOf,
  raceMetrics,
} from './race.js';
export { evaluate } from './runner.js';
export type {
  CustomTask,
  EvaluateOptions,
  EvaluationRecord,
  EvaluationReport,
  TaskName,
} from './runner-types.js';
export {
  type ScoredArticle,
  type SquadAnswer,
  type SquadArticle,
  type SquadDataset,
  type SquadGold,
  type SquadParagraph,
  type SquadPredictions,
  type SquadQa,
  type SquadQuestion,
  squadQuestions,
} from './squad-data.js';
export { normalizeAnswer } from './squad-normalize.js';
export {
  type SquadV1QuestionScore,
  type SquadV1Result,
  squadV1,
  squadV1Details,
  squadV1Exact,
  squadV1F1,
} from './squad-v1.js';
export {
  type SquadV2Options,
  type SquadV2QuestionScore,
  type SquadV2Result,
  squadV2,
  squadV2Details,
  squadV2Exact,
  squadV2F1,
} from './squad-v2.js';
