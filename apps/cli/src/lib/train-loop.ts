import type {
  CheckpointableModel,
  CheckpointStore,
  LossOutput,
  NamedOptimizer,
  RunTrainingResult,
  TrainerCallback,
} from '@albert-ts/training';
import type * as tf from '@tensorflow/tfjs-core';
import type { StopSignal } from '../util/interrupt.js';
import type { Output } from '../util/output.js';
import type { TimeBudget } from './time-budget.js';

export interface LoopSpec<B> {
  /** Shown on the progress bar and in JSON events. */
  name: string;
  model: CheckpointableModel;
  optimizer: NamedOptimizer;
  batches: (epoch: number) => Iterable<B> | AsyncIterable<B>;
  /** The loss of one batch (default: `model.call(batch, {training: true}).loss`). */
  computeLoss?: (batch: B) => LossOutput | tf.Scalar;
  maxSteps: number;
  logEvery?: number;
  evaluate?: () => Promise<Record<string, number>>;
  evalEvery?: number;
  seed: number;
  out: Output;
  /** The run's JSONL log (training's `jsonlLogger`). */
  logFile?: string;
  stop?: StopSignal;
  checkpoints?: CheckpointStore;
  saveEvery?: number;
  keepLast?: number;
  /** Resume from the latest checkpoint in `checkpoints` (if there is one). */
  resume?: boolean;
  /**
   * The folder the caller saves the final model to (with `savePretrained`): what a killed save
   * left there (a temp folder, the previous version moved aside) is cleaned up when the run starts.
   */
  modelDir?: string;
  /** Stop (with a checkpoint) once this many seconds have passed. */
  maxSeconds?: number;
  /**
   * A time budget: training stops when it is used up, and `evaluate` runs at `evals` evenly spaced
   * points of its progress and at the end (instead of every `evalEvery` steps).
   */
  budget?: { clock: TimeBudget; evals: number };
}

export type LoopResult = RunTrainingResult;

/** What the run shows: the progress bar or lines, and `--json` events. */
function presenter(spec: LoopSpec<unknown>): { callback: TrainerCallback; stop: () => void } {
  const { out, name: phase, budget } = spec;
  const progress = out.progress(phase, spec.maxSteps);
  const callback: TrainerCallback = {
    onTrainBegin: ({ step, resumed }) => {
      if (!resumed) return;
      progress.update(step);
      out.event('resume', { phase, step }, `resumed ${phase} from step ${step}`);
    },
    onStepEnd: ({ step, loss, lr }) => {
      const f = budget?.clock.fraction(step) ?? 0;
      // A time budget has no fixed step count: the total shown is estimated from the pace so far.
      if (f > 0) progress.setTotal(Math.min(spec.maxSteps, Math.max(step, Math.round(step / f))));
      progress.update(step, { loss, lr });
    },
    onLog: (r) => {
      if (out.json) out.event('log', { phase, ...r });
    },
    onEvaluate: (r) => out.event('eval', { phase, step: r.step, ...r.metrics }),
    onSave: ({ name, step }) => {
      if (out.json) out.event('checkpoint', { phase, name, step });
    },
  };
  return { callback, stop: () => progress.stop() };
}

/** Runs training's `runTraining` with the CLI's progress, JSON events, Ctrl-C and time budget. */
export async function runTrainingLoop<B>(spec: LoopSpec<B>): Promise<LoopResult> {
  const { runTraining } = await import('@albert-ts/training');
  const { jsonlLogger } = await import('@albert-ts/training/node');
  if (spec.modelDir) await (await import('@albert-ts/core/node')).recoverDir(spec.modelDir);
  const shown = presenter(spec as LoopSpec<unknown>);
  const abort = new AbortController();
  spec.stop?.onStop(() => abort.abort());
  if (spec.stop?.stopRequested) abort.abort();
  const { budget, evaluate, computeLoss, checkpoints } = spec;
  try {
    return await runTraining<B>({
      model: spec.model,
      optimizer: spec.optimizer,
      trainData: spec.batches,
      ...(computeLoss ? { computeLoss: (_m: unknown, batch: B) => computeLoss(batch) } : {}),
      maxSteps: spec.maxSteps,
      logEvery: spec.logEvery ?? 10,
      seed: spec.seed,
      callbacks: [...(spec.logFile ? [jsonlLogger(spec.logFile)] : []), shown.callback],
      ...(evaluate ? { evaluate: () => evaluate(), evalEvery: spec.evalEvery ?? spec.maxSteps } : {}),
      ...(checkpoints ? { checkpoints, saveEvery: spec.saveEvery ?? 100, keepLast: spec.keepLast ?? 2 } : {}),
      ...(spec.resume ? { resume: true } : {}),
      ...(spec.maxSeconds !== undefined ? { maxSeconds: spec.maxSeconds } : {}),
      ...(budget
        ? { progress: (step: number) => budget.clock.fraction(step), budgetEvals: budget.evals }
        : {}),
      signal: abort.signal,
    });
  } finally {
    shown.stop();
  }
}
