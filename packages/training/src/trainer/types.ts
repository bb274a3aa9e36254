import type * as tf from '@tensorflow/tfjs-core';

/** What the Trainer needs from a model: HF-named parameters and a `call` that returns a `loss`. */
export interface TrainableModel {
  namedParameters(): Array<[string, tf.Variable]>;
  // biome-ignore lint/suspicious/noExplicitAny: model inputs/outputs are model-specific
  call(inputs: any, opts?: { training?: boolean; [k: string]: unknown }): any;
}

/**
 * A model that can be checkpointed in Hugging Face layout (what `@albert-ts/core` models offer):
 * `toSafetensors()` writes HF-layout bytes, `loadWeights()` reads them back into the variables.
 */
export interface CheckpointableModel extends TrainableModel {
  toSafetensors(): Promise<Uint8Array>;
  // biome-ignore lint/suspicious/noExplicitAny: a core WeightSource
  loadWeights(source: any, opts?: { strict?: boolean }): unknown;
  configJson?(): Record<string, unknown>;
}

/**
 * Training batches. `batches(epoch)` must give the same sequence every time it is called with the
 * same epoch (seed it from the epoch): that is how a resumed run finds its place.
 */
export interface TrainDataset<B> {
  batches(epoch: number): Iterable<B> | AsyncIterable<B>;
}

/** One line of the training log (also one JSON line in a JSONL log). */
export interface LogRecord {
  step: number;
  epoch: number;
  /** Mean training loss over the optimizer steps since the last log. */
  loss: number;
  /** Learning rate of the last step (before per-parameter scales). */
  lr: number;
  /** Global gradient norm (before clipping) of the last step. */
  gradNorm: number;
  stepsPerSecond: number;
  /** Non-padding tokens per second (attention-mask sum, or input size without a mask). */
  tokensPerSecond: number;
  /** Seconds since training (or this resumed session) began. */
  elapsed: number;
  /** Any other mean of the model outputs' scalar losses (e.g. `mlmLoss`, `sopLoss`). */
  [k: string]: number;
}

export interface EvalRecord {
  step: number;
  epoch: number;
  metrics: Record<string, number>;
  /** Whether this evaluation set a new best on `metricForBestModel`. */
  isBest: boolean;
}

/** Hooks into the loop; every method is optional and may be async. */
export interface TrainerCallback {
  onTrainBegin?(info: { step: number; maxSteps: number; resumed: boolean }): void | Promise<void>;
  onStepEnd?(info: {
    step: number;
    maxSteps: number;
    loss: number;
    lr: number;
    epoch: number;
  }): void | Promise<void>;
  onLog?(record: LogRecord): void | Promise<void>;
  onEvaluate?(record: EvalRecord): void | Promise<void>;
  onSave?(info: { name: string; step: number }): void | Promise<void>;
  onTrainEnd?(result: TrainResult): void | Promise<void>;
}

export type StopReason = 'maxSteps' | 'epochs' | 'earlyStopping' | 'requested';

export interface TrainResult {
  step: number;
  epoch: number;
  stopReason: StopReason;
  bestMetric: number | null;
  bestStep: number | null;
  /** Every log record of this session. */
  logs: LogRecord[];
  evals: EvalRecord[];
}
