import * as tf from '@tensorflow/tfjs-core';
import { checkNumber } from '../errors.js';
import type { NamedOptimizer } from '../optim/optimizer.js';
import { now } from './batch-utils.js';
import { computeGradients } from './gradients.js';
import type { TrainableModel } from './types.js';

/** Options of `timeSteps`: warm-up calls, and the minimum and maximum number of timed calls. */
export interface StepTimingOptions {
  /** Untimed calls first (kernel set-up, first allocations, thread pools waking up). Default 1. */
  warmup?: number;
  /** Timed calls at least. Default 3. */
  minSteps?: number;
  /** Timed calls at most. Default `minSteps`. */
  maxSteps?: number;
  /** Keep timing (up to `maxSteps`) until this many milliseconds have passed. Default 0. */
  minMs?: number;
  /** Called after each timed call with how many are done. */
  onStep?: (done: number) => void;
}

/**
 * Milliseconds of each timed call of `step`, after `warmup` untimed ones: at least `minSteps`
 * calls, more (up to `maxSteps`) until `minMs` has passed. `step` must resolve only when its work
 * is done (read a result on back ends that run asynchronously).
 */
export async function timeSteps(
  step: () => Promise<unknown>,
  opts: StepTimingOptions = {},
): Promise<number[]> {
  const warmup = checkNumber('warmup', opts.warmup ?? 1, { min: 0, integer: true });
  const minSteps = checkNumber('minSteps', opts.minSteps ?? 3, { min: 1, integer: true });
  const maxSteps = checkNumber('maxSteps', opts.maxSteps ?? minSteps, { min: minSteps, integer: true });
  const minMs = opts.minMs ?? 0;
  for (let i = 0; i < warmup; i++) await step();
  const times: number[] = [];
  const t0 = now();
  while (times.length < maxSteps && (times.length < minSteps || now() - t0 < minMs)) {
    const t = now();
    await step();
    times.push(now() - t);
    opts.onStep?.(times.length);
  }
  return times;
}

/**
 * One training update of `model` on `batch`: its loss (`model.call(batch, {training: true}).loss`),
 * gradients and the optimizer's step, finished (the loss is read back). Returns the loss; leaves no
 * tensors behind. What a benchmark or a speed probe times.
 */
export async function trainingStep(
  model: TrainableModel,
  optimizer: NamedOptimizer,
  batch: unknown,
): Promise<number> {
  const { value, grads } = computeGradients(
    model.namedParameters(),
    () => model.call(batch, { training: true }).loss as tf.Scalar,
  );
  try {
    const { gradNorm } = optimizer.applyGradients(grads);
    gradNorm.dispose();
    return (await value.data())[0]!;
  } finally {
    tf.dispose([value, ...grads.values()]);
  }
}

/** One forward pass of `model` on `batch` (no gradients), finished; leaves no tensors behind. */
export async function forwardStep(model: TrainableModel, batch: unknown): Promise<void> {
  const out = model.call(batch, { training: false }) as Record<string, unknown>;
  const tensors = Object.values(out).filter((v): v is tf.Tensor => v instanceof tf.Tensor);
  try {
    // Reading one output waits for the whole pass on back ends that run asynchronously.
    if (tensors[0]) await tensors[0].data();
  } finally {
    tf.dispose(tensors);
  }
}
