import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type {
  CheckpointStore,
  EvalRecord,
  LogRecord,
  NamedOptimizer,
  TrainerCallback,
  TrainResult,
} from '@albert-ts/training';
import type * as tf from '@tensorflow/tfjs-core';
import type { StopSignal } from '../util/interrupt.js';
import type { Output } from '../util/output.js';
import type { TimeBudget } from './time-budget.js';

/** What any of our models offers the training loop (HF-named variables, `call` with a loss). */
export interface LoopModel {
  namedParameters(): Array<[string, tf.Variable]>;
  // biome-ignore lint/suspicious/noExplicitAny: inputs and outputs depend on the head
  call(inputs: any, opts?: any): any;
  toSafetensors(): Promise<Uint8Array>;
  // biome-ignore lint/suspicious/noExplicitAny: a core WeightSource
  loadWeights(source: any, opts?: any): unknown;
}

export interface LoopSpec<B> {
  /** Shown on the progress bar and in JSON events. */
  name: string;
  model: LoopModel;
  optimizer: NamedOptimizer;
  batches: (epoch: number) => Iterable<B> | AsyncIterable<B>;
  /** The loss of one batch (default: `model.call(batch, {training: true}).loss`). */
  computeLoss?: (batch: B) => { loss: tf.Scalar; extras?: Record<string, tf.Scalar> } | tf.Scalar;
  maxSteps: number;
  logEvery?: number;
  evaluate?: () => Promise<Record<string, number>>;
  evalEvery?: number;
  seed: number;
  out: Output;
  /** Appends every log and eval record as a JSON line here. */
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

export interface LoopResult extends TrainResult {
  seconds: number;
  resumedFrom: number | null;
}

/** Runs the training package's Trainer with the CLI's progress, JSONL log, Ctrl-C and time budget. */
export async function runTrainingLoop<B>(spec: LoopSpec<B>): Promise<LoopResult> {
  const { Trainer } = await import('@albert-ts/training');
  const started = Date.now();
  if (spec.logFile) mkdirSync(dirname(spec.logFile), { recursive: true });
  const write = (obj: Record<string, unknown>) => {
    if (spec.logFile) appendFileSync(spec.logFile, JSON.stringify(obj) + '\n');
  };
  const progress = spec.out.progress(spec.name, spec.maxSteps);
  let trainer: InstanceType<typeof Trainer<B>> | undefined;
  const timedEvals: EvalRecord[] = [];
  const budget = spec.budget;
  let nextEval = 1;
  const evaluateNow = async (step: number) => {
    const metrics = await spec.evaluate!();
    timedEvals.push({ step, epoch: 0, metrics, isBest: false });
    write({ type: 'eval', phase: spec.name, step, ...metrics });
    spec.out.event('eval', { phase: spec.name, step, ...metrics });
  };
  const callback: TrainerCallback = {
    onStepEnd: async ({ step, loss, lr }) => {
      if (budget) {
        const f = budget.clock.fraction(step);
        // The total is an estimate from the pace so far (time budgets have no fixed step count).
        if (f > 0) progress.setTotal(Math.min(spec.maxSteps, Math.max(step, Math.round(step / f))));
        if (spec.evaluate && f < 1 && f >= nextEval / budget.evals) {
          nextEval = Math.floor(f * budget.evals) + 1;
          await evaluateNow(step);
        }
        if (f >= 1) trainer?.stop();
      }
      progress.update(step, { loss, lr });
      if (spec.maxSeconds !== undefined && (Date.now() - started) / 1000 > spec.maxSeconds) trainer?.stop();
      // wasm work resolves its promises as microtasks, so a training loop never reaches the event
      // loop's I/O phase on its own: yield once per step so Ctrl-C (SIGINT) and timers get through.
      await new Promise<void>((resolve) => setImmediate(resolve));
    },
    onLog: (r: LogRecord) => {
      write({ type: 'log', phase: spec.name, ...r });
      if (spec.out.json) spec.out.event('log', { phase: spec.name, ...r });
    },
    onEvaluate: (r) => {
      write({ type: 'eval', phase: spec.name, step: r.step, ...r.metrics });
      spec.out.event('eval', { phase: spec.name, step: r.step, ...r.metrics });
    },
    onSave: ({ name, step }) => {
      write({ type: 'checkpoint', phase: spec.name, name, step });
      if (spec.out.json) spec.out.event('checkpoint', { phase: spec.name, name, step });
    },
  };
  trainer = new Trainer<B>({
    model: spec.model,
    optimizer: spec.optimizer,
    trainData: spec.batches,
    ...(spec.computeLoss ? { computeLoss: (_m: unknown, batch: B) => spec.computeLoss!(batch) } : {}),
    maxSteps: spec.maxSteps,
    logEvery: spec.logEvery ?? 10,
    seed: spec.seed,
    callbacks: [callback],
    ...(spec.evaluate
      ? { evaluate: async () => spec.evaluate!(), evalEvery: spec.evalEvery ?? spec.maxSteps }
      : {}),
    ...(spec.checkpoints
      ? { checkpoints: spec.checkpoints, saveEvery: spec.saveEvery ?? 100, keepLast: spec.keepLast ?? 2 }
      : {}),
  });
  if (spec.modelDir) await (await import('@albert-ts/core/node')).recoverDir(spec.modelDir);
  let resumedFrom: number | null = null;
  if (spec.resume && spec.checkpoints) {
    const names = await spec.checkpoints.list();
    if (names.some((n) => /^checkpoint-\d+$/.test(n))) {
      resumedFrom = await trainer.resume('latest');
      // The steps after the checkpoint run again and log again: drop their old records (as HF,
      // whose log history comes back from the checkpoint), so no step appears twice.
      if (spec.logFile) {
        const { dropRedoneRecords } = await import('@albert-ts/training/node');
        dropRedoneRecords(spec.logFile, resumedFrom, (r) => r.phase === spec.name);
      }
      progress.update(resumedFrom);
      spec.out.event(
        'resume',
        { phase: spec.name, step: resumedFrom },
        `resumed ${spec.name} from step ${resumedFrom}`,
      );
    }
  }
  const stopListener = () => trainer?.stop();
  spec.stop?.onStop(stopListener);
  if (spec.stop?.stopRequested) trainer.stop();
  try {
    const result = await trainer.train();
    if (budget && spec.evaluate) {
      await evaluateNow(result.step);
      result.evals = timedEvals;
    }
    return { ...result, seconds: (Date.now() - started) / 1000, resumedFrom };
  } finally {
    progress.stop();
  }
}
