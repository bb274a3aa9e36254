export {
  type CollatedBatch,
  collateWithPadding,
  type DataCollatorOptions,
  dataCollatorForTokenClassification,
  dataCollatorWithPadding,
  type EncodedExample,
} from './data-collator.js';
export { TrainingError, type TrainingErrorCode } from './errors.js';
export { FinetuneJob, type FinetuneJobOptions } from './finetune/finetune-job.js';
export {
  bucketedBatches,
  type TaskBatch,
  type TaskBatchOptions,
  taskBatches,
} from './finetune/task-batches.js';
export { type LayerwiseLrDecayOptions, layerwiseLrDecay, parameterDepth } from './llrd.js';
export { AdamW, type AdamWOptions } from './optim/adamw.js';
export { clipByGlobalNorm, globalNorm } from './optim/clip.js';
export { createOptimizer, type OptimizerSettings, warmupLinear } from './optim/from-settings.js';
export { Lamb, type LambOptions } from './optim/lamb.js';
export {
  DEFAULT_NO_DECAY,
  type Gradients,
  NamedOptimizer,
  type NamedVariables,
  type NamePatterns,
  type OptimizerOptions,
  type OptimizerParam,
  type OptimizerState,
  type StepResult,
} from './optim/optimizer.js';
export { collatePretraining, pretrainingDataset } from './pretraining/dataset.js';
export { evaluatePretraining } from './pretraining/evaluate.js';
export {
  collateTrimmed,
  type PooledExample,
  PretrainingExamplePool,
} from './pretraining/example-pool.js';
export { createPretrainingExamples, resolvePretrainingDataOptions } from './pretraining/examples.js';
export {
  createInstancesFromDocument,
  type InstanceOptions,
  type RawInstance,
  truncateSeqPair,
} from './pretraining/instances.js';
export { pretrainingForward, pretrainingLoss } from './pretraining/loss.js';
export {
  createMaskedLmPredictions,
  type MaskedLmPredictions,
  type MaskingOptions,
} from './pretraining/masking.js';
export { splitSentences } from './pretraining/sentences.js';
export { crc32c, maskCrc32c, unmaskCrc32c } from './pretraining/tfrecord/crc32c.js';
export { type ExampleFeature, encodeExample } from './pretraining/tfrecord/example-proto.js';
export { frameRecord, RECORD_OVERHEAD } from './pretraining/tfrecord/framing.js';
export {
  encodePretrainingExample,
  type PretrainingRecordShape,
  pretrainingFeatures,
  pretrainingRecord,
  pretrainingRecords,
} from './pretraining/tfrecord/pretraining-record.js';
export { isStartPiece, type PretrainingTokenizer, startPieceTable } from './pretraining/tokenizer.js';
export type {
  DocumentSource,
  GatheredPretrainingOutput,
  PretrainingBatch,
  PretrainingDataOptions,
  PretrainingDatasetOptions,
  PretrainingDocument,
  PretrainingExample,
  PretrainingMetrics,
  ResolvedPretrainingDataOptions,
} from './pretraining/types.js';
export { Rng, type RngState } from './rng.js';
export { createSchedule, type Schedule, type ScheduleSpec, toSchedule } from './schedules.js';
export {
  encodeCheckpoint,
  loadModelBytes,
  modelBytes,
  restoreCheckpoint,
  type TrainerState,
} from './trainer/checkpoint.js';
export {
  type CheckpointStore,
  checkpointStep,
  MemoryCheckpointStore,
  stepCheckpointName,
} from './trainer/checkpoint-store.js';
export { computeGradients } from './trainer/gradients.js';
export { type RunTrainingOptions, type RunTrainingResult, runTraining } from './trainer/run.js';
export { withSeededRandom } from './trainer/seeded-random.js';
export {
  forwardStep,
  type StepTimingOptions,
  timeSteps,
  trainingStep,
} from './trainer/step-timing.js';
export { type LossOutput, Trainer, type TrainerOptions } from './trainer/trainer.js';
export type {
  CheckpointableModel,
  EvalRecord,
  LogRecord,
  StopReason,
  TrainableModel,
  TrainDataset,
  TrainerCallback,
  TrainResult,
} from './trainer/types.js';
