import type * as tf from '@tensorflow/tfjs-core';

/** What the Trainer needs from a model: HF-named parameters and a `call` that returns a `loss`. */
export interface TrainableModel {
  /**
   * The trainable variables under their HF names (what the optimizer is built over and checkpoints
   * store).
   */
  namedParameters(): Array<[string, tf.Variable]>;
  /**
   * Runs the model on one batch; with labels in the batch its outputs include a scalar `loss` (and
   * optionally other scalar losses, which the log averages).
   */
  // biome-ignore lint/suspicious/noExplicitAny: model inputs/outputs are model-specific
  call(inputs: any, opts?: { training?: boolean; [k: string]: unknown }): any;
}

/**
 * A model that can be checkpointed in Hugging Face layout (what `@albert-ts/core` models offer):
 * `toSafetensors()` writes HF-layout bytes, `loadWeights()` reads them back into the variables.
 */
export interface CheckpointableModel extends TrainableModel {
  /** The weights as the bytes of a `model.safetensors` file in HF layout. */
  toSafetensors(): Promise<Uint8Array>;
  /**
   * Loads weights (a core `WeightSource`) into the model's variables; `strict` refuses missing or
   * unexpected tensors.
   */
  // biome-ignore lint/suspicious/noExplicitAny: a core WeightSource
  loadWeights(source: any, opts?: { strict?: boolean }): unknown;
  /** The HF `config.json` content, written beside the weights of each checkpoint when present. */
  configJson?(): Record<string, unknown>;
}

/**
 * Training batches. `batches(epoch)` must give the same sequence every time it is called with the
 * same epoch (seed it from the epoch): that is how a resumed run finds its place.
 */
export interface TrainDataset<B> {
  /** The batches of epoch `epoch` (0-based), the same ones on every call with the same epoch. */
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

/**
 * One evaluation during training: its step and epoch, the metrics, and whether it is the best so
 * far.
 */
export interface EvalRecord {
  step: number;
  epoch: number;
  metrics: Record<string, number>;
  /** Whether this evaluation set a new best on `metricForBestModel`. */
  isBest: boolean;
}

/** Hooks into the loop; every method is optional and may be async. */
export interface TrainerCallback {
  /**
   * Before the first update: the step training starts from (non-zero when resumed) and the step it
   * runs to.
   */
  onTrainBegin?(info: { step: number; maxSteps: number; resumed: boolean }): void | Promise<void>;
  /** After every optimizer update, with its loss and learning rate. */
  onStepEnd?(info: {
    step: number;
    maxSteps: number;
    loss: number;
    lr: number;
    epoch: number;
  }): void | Promise<void>;
  /** Every `logEvery` updates, with the means since the last log. */
  onLog?(record: LogRecord): void | Promise<void>;
  /** After each evaluation. */
  onEvaluate?(record: EvalRecord): void | Promise<void>;
  /**
   * After a checkpoint has been written (its name in the checkpoint store, e.g.
   * `checkpoint-000120`).
   */
  onSave?(info: { name: string; step: number }): void | Promise<void>;
  /** Once training stops, for whatever reason. */
  onTrainEnd?(result: TrainResult): void | Promise<void>;
}

/**
 * Why training stopped: `maxSteps` reached, `numEpochs` done, early stopping, or `stop()` was
 * called.
 */
export type StopReason = 'maxSteps' | 'epochs' | 'earlyStopping' | 'requested';

/**
 * What a training run returns: where it stopped and why, the best metric and its step, and this
 * session's logs and evaluations.
 */
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
