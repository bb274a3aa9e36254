import { invalidOption } from '../errors.js';
import { checkpointStep } from './checkpoint-store.js';
import { Trainer } from './trainer.js';
import type { TrainerOptions } from './trainer-options.js';
import type { EvalRecord, TrainerCallback, TrainResult } from './types.js';

/**
 * Options of `runTraining`: the Trainer's options plus resuming, an abort signal and a time budget.
 */
export interface RunTrainingOptions<B> extends TrainerOptions<B> {
  /**
   * Continue from the newest `checkpoint-N` in `checkpoints` when there is one; a store without one
   * starts fresh (so the same call starts and continues a run).
   */
  resume?: boolean;
  /** Stop after the current update (saving a checkpoint, as `Trainer.stop()`) once aborted. */
  signal?: AbortSignal;
  /** Stop, as on `signal`, once this many seconds have passed since the run began. */
  maxSeconds?: number;
  /**
   * A budget other than steps (e.g. wall-clock time): its progress in [0, 1] after update `step`.
   * Training stops when it reaches 1; `evaluate` then runs at `budgetEvals` evenly spaced points
   * of the progress and once at the end, in place of every `evalEvery` updates (so without
   * `metricForBestModel`).
   */
  progress?: (step: number) => number;
  /** Evaluations spread over the budget's progress (with `progress`). Default 1 (the end only). */
  budgetEvals?: number;
  /**
   * Yield to the event loop after every update. Default true: a loop of wasm or CPU work resolves
   * its promises as microtasks and would otherwise starve signal handlers and timers.
   */
  yieldEachStep?: boolean;
}

/**
 * What `runTraining` returns: the Trainer's result plus the wall-clock time and the step it resumed
 * from.
 */
export interface RunTrainingResult extends TrainResult {
  /** Wall-clock seconds of this call. */
  seconds: number;
  /** The step the run continued from, or null when it started fresh. */
  resumedFrom: number | null;
}

const yieldToEventLoop = (): Promise<void> =>
  new Promise((resolve) =>
    typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0),
  );

/**
 * A {@link Trainer} run with what a long job needs around it: resume-if-possible, stop on an
 * `AbortSignal` or after `maxSeconds` (with a checkpoint), and an optional non-step budget that
 * decides when training ends and when it evaluates. Callbacks see budget evaluations through
 * `onEvaluate` like the Trainer's own.
 */
export async function runTraining<B>(opts: RunTrainingOptions<B>): Promise<RunTrainingResult> {
  const started = Date.now();
  const { resume, signal, maxSeconds, progress, budgetEvals = 1, yieldEachStep = true, ...rest } = opts;
  // Budget evaluations are not the Trainer's, so they cannot pick a best checkpoint or stop early.
  if (progress && rest.metricForBestModel)
    throw invalidOption(
      'metricForBestModel',
      'unset when training follows `progress`',
      rest.metricForBestModel,
    );
  const callbacks = rest.callbacks ?? [];
  const budgeted: EvalRecord[] = [];
  let nextEval = 1;
  const evaluateAt = async (step: number, epoch: number) => {
    const metrics = await rest.evaluate!(rest.model, { step });
    const record: EvalRecord = { step, epoch, metrics, isBest: false };
    budgeted.push(record);
    for (const cb of callbacks) await cb.onEvaluate?.(record);
  };
  let trainer: Trainer<B> | undefined;
  const control: TrainerCallback = {
    onStepEnd: async ({ step, epoch }) => {
      if (progress) {
        const f = progress(step);
        if (rest.evaluate && f < 1 && f >= nextEval / budgetEvals) {
          nextEval = Math.floor(f * budgetEvals) + 1;
          await evaluateAt(step, epoch);
        }
        if (f >= 1) trainer?.stop();
      }
      if (maxSeconds !== undefined && (Date.now() - started) / 1000 > maxSeconds) trainer?.stop();
    },
  };
  const pause: TrainerCallback = yieldEachStep ? { onStepEnd: yieldToEventLoop } : {};
  trainer = new Trainer<B>({
    ...rest,
    // With a budget, evaluations follow its progress (above), not a step count.
    ...(progress ? { evalEvery: undefined } : {}),
    callbacks: [control, ...callbacks, pause],
  });
  let resumedFrom: number | null = null;
  if (resume && rest.checkpoints) {
    const names = await rest.checkpoints.list();
    if (names.some((n) => checkpointStep(n) != null)) resumedFrom = await trainer.resume('latest');
  }
  const stop = () => trainer?.stop();
  signal?.addEventListener('abort', stop);
  if (signal?.aborted) trainer.stop();
  try {
    const result = await trainer.train();
    if (progress && rest.evaluate) {
      await evaluateAt(result.step, result.epoch);
      result.evals = budgeted;
    }
    return { ...result, seconds: (Date.now() - started) / 1000, resumedFrom };
  } finally {
    signal?.removeEventListener('abort', stop);
  }
}
