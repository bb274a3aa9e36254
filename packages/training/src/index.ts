export {
  createInstancesFromDocument,
  type InstanceOptions,
  type RawInstance,
  truncateSeqPair,
} from './data/instances.js';
export { createMaskedLmPredictions, type MaskedLmPredictions, type MaskingOptions } from './data/masking.js';
export {
  createPretrainingExamples,
  type DocumentSource,
  type PretrainingDataOptions,
  type PretrainingDocument,
  type PretrainingExample,
  resolvePretrainingDataOptions,
} from './data/pretraining.js';
export { splitSentences } from './data/sentences.js';
export { isStartPiece, type PretrainingTokenizer, startPieceTable } from './data/tokenizer.js';
export { TrainingError, type TrainingErrorCode } from './errors.js';
export { type LayerwiseLrDecayOptions, layerwiseLrDecay, parameterDepth } from './llrd.js';
export { AdamW, type AdamWOptions } from './optim/adamw.js';
export { clipByGlobalNorm, globalNorm } from './optim/clip.js';
export { Lamb, type LambOptions } from './optim/lamb.js';
export {
  DEFAULT_NO_DECAY,
  type Gradients,
  NamedOptimizer,
  type NamedVariables,
  type NamePatterns,
  type OptimizerOptions,
  type OptimizerState,
  type StepResult,
} from './optim/optimizer.js';
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
export {
  collatePretraining,
  evaluatePretraining,
  type PretrainingBatch,
  type PretrainingDatasetOptions,
  type PretrainingMetrics,
  pretrainingDataset,
} from './trainer/pretraining-data.js';
export {
  type GatheredPretrainingOutput,
  pretrainingForward,
  pretrainingLoss,
} from './trainer/pretraining-loss.js';
export { withSeededRandom } from './trainer/seeded-random.js';
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
