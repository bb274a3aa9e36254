import type * as tf from '@tensorflow/tfjs-core';
import type { NamedOptimizer } from '../optim/optimizer.js';
import type { CheckpointStore } from './checkpoint-store.js';
import type { TrainableModel, TrainDataset, TrainerCallback } from './types.js';

/** The loss of one micro-batch and any extra scalars to log (e.g. mlmLoss). */
export interface LossOutput {
  loss: tf.Scalar;
  extras?: Record<string, tf.Scalar>;
}

/**
 * Options of `Trainer`: the model, optimizer and data, and HF `TrainingArguments`-like settings
 * (steps or epochs, accumulation, logging, evaluation, checkpoints, early stopping).
 */
export interface TrainerOptions<B> {
  model: TrainableModel;
  /** Built over `model.namedParameters()`, e.g. `new Lamb(model.namedParameters(), {...})`. */
  optimizer: NamedOptimizer;
  /**
   * The training batches: a `TrainDataset`, or a function of the epoch giving the same batches on
   * every call.
   */
  trainData: TrainDataset<B> | ((epoch: number) => Iterable<B> | AsyncIterable<B>);
  /** Optimizer updates to run (required unless `numEpochs` is given). */
  maxSteps?: number;
  /** Passes over the data; default unbounded (then `maxSteps` ends training). */
  numEpochs?: number;
  /** Micro-batches per update; gradients are averaged over them. Default 1. */
  gradientAccumulationSteps?: number;
  /**
   * The loss of one micro-batch. Default: `model.call(batch, {training: true, dropoutSeed})` and
   * its `loss` (plus `mlmLoss`/`sopLoss`/… scalars when present, for the log). It runs with
   * `Math.random` seeded from the trainer's RNG (see `withSeededRandom`), so dropout is
   * reproducible and resumes exactly.
   */
  computeLoss?: (model: TrainableModel, batch: B, ctx: { dropoutSeed: number }) => LossOutput | tf.Scalar;
  /** Runs evaluation and returns metrics (e.g. `{eval_loss, sop_accuracy}`). */
  evaluate?: (model: TrainableModel, ctx: { step: number }) => Promise<Record<string, number>>;
  /** Evaluate every N updates (and at the end). */
  evalEvery?: number;
  /** Metric that picks the best checkpoint (saved as `best`) and drives early stopping. */
  metricForBestModel?: string;
  /** Default: false when the metric name contains "loss", else true. */
  greaterIsBetter?: boolean;
  /** Stop after this many evaluations without improvement (needs `metricForBestModel`). */
  earlyStoppingPatience?: number;
  /** Minimum improvement that counts. Default 0. */
  earlyStoppingThreshold?: number;
  /** Log every N updates. Default 10. */
  logEvery?: number;
  /** Where checkpoints go; none are written without it. */
  checkpoints?: CheckpointStore;
  /** Save `checkpoint-N` every N updates (and at the end). */
  saveEvery?: number;
  /** Numbered checkpoints kept (oldest removed). Default 3. */
  keepLast?: number;
  callbacks?: TrainerCallback[];
  /** Seeds the trainer's RNG (dropout seeds). Default 42. */
  seed?: number;
  /** Throw when a loss or gradient norm is not finite. Default true. */
  stopOnNonFinite?: boolean;
}
