import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AlbertConfig } from '@albert-ts/core';
import type { AlbertTokenizer } from '@albert-ts/tokenizer';
import type { CheckpointableModel } from '@albert-ts/training';
import { makeOptimizer } from '../lib/optim.js';
import { TimeBudget } from '../lib/time-budget.js';
import { runTrainingLoop } from '../lib/train-loop.js';
import type { StopSignal } from '../util/interrupt.js';
import type { Output } from '../util/output.js';
import type { TaskPlan } from './plan.js';
import type { RunResult, TaskResult } from './results.js';

export interface SavableModel extends CheckpointableModel {
  savePretrained(dir: string): Promise<void>;
  dispose(): void;
}

/** What a demo task gets from the run: plan, base config, tokenizer, the pretrained weights. */
export interface TaskContext {
  plan: TaskPlan;
  config: AlbertConfig;
  tokenizer: AlbertTokenizer;
  tokenizerPath: string;
  pretrainedWeights: Uint8Array;
  fixedSteps: boolean;
  seed: number;
  runDir: string;
  out: Output;
  stop: StopSignal;
  /** Which runs to do (default both; experiments). */
  inits?: ReadonlyArray<'pretrained' | 'scratch'>;
}

/** A head model class (`AlbertForSequenceClassification`, `AlbertForTokenClassification`). */
interface HeadClass {
  fromPretrained(
    source: { config: Record<string, unknown>; weights: Uint8Array },
    opts: { seed: number; onReport: () => void },
  ): Promise<unknown>;
  fromConfig(config: AlbertConfig, opts: { seed: number }): unknown;
}

/** What differs between tasks in a fine-tuning run: data, and dev and test scoring. */
export type TaskJob<B> = Pick<FinetuneJob<B>, 'batches' | 'evaluateDev' | 'evaluateTest'>;

/** A seeded subset of `n` items (all of them when n is 0 or not smaller). */
export async function pick<T>(
  ctx: TaskContext,
  task: string,
  xs: T[],
  n: number,
  salt: string,
): Promise<T[]> {
  const { Rng } = await import('@albert-ts/training');
  return n > 0 && n < xs.length ? new Rng(`${ctx.seed}:${task}:${salt}`).shuffle(xs.slice()).slice(0, n) : xs;
}

/**
 * Fine-tunes `head` (its config: the run's, with `labels` and `fields`) on one task from our
 * pretraining and from random init (as `ctx.inits` says); the from-scratch run repeats the
 * pretrained run's step count. Stops early on Ctrl-C.
 */
export async function runInits<B>(
  ctx: TaskContext,
  task: { key: string; labels: string[]; fields?: Parameters<AlbertConfig['with']>[0] },
  head: HeadClass,
  job: () => TaskJob<B>,
): Promise<RunResult[]> {
  const config = ctx.config.with({
    numLabels: task.labels.length,
    id2label: Object.fromEntries(task.labels.map((l, i) => [i, l])),
    ...task.fields,
  });
  const runs: RunResult[] = [];
  for (const init of ctx.inits ?? (['pretrained', 'scratch'] as const)) {
    const model = (
      init === 'pretrained'
        ? await head.fromPretrained(
            { config: config.toJSON(), weights: ctx.pretrainedWeights },
            { seed: ctx.seed, onReport: () => {} },
          )
        : head.fromConfig(config, { seed: ctx.seed })
    ) as SavableModel;
    try {
      runs.push(
        await finetuneRun({
          ...job(),
          task: task.key,
          init,
          plan: ctx.plan,
          config,
          model,
          fixedSteps: ctx.fixedSteps,
          ...(init === 'scratch' && runs[0] ? { steps: runs[0].steps } : {}),
          seed: ctx.seed,
          runDir: ctx.runDir,
          tokenizerPath: ctx.tokenizerPath,
          out: ctx.out,
          stop: ctx.stop,
        }),
      );
    } finally {
      model.dispose();
    }
    if (ctx.stop.stopRequested) break;
  }
  return runs;
}

/** A task's result: its runs beside the baseline, and the sizes of the splits used. */
export function taskResult(
  spec: { key: string; title: string; labels: string[] },
  how: Pick<TaskResult, 'kind' | 'metric' | 'baselineName' | 'baseline'>,
  runs: RunResult[],
  used: Record<'train' | 'dev' | 'test', readonly unknown[]>,
): TaskResult {
  const counts = { train: used.train.length, dev: used.dev.length, test: used.test.length };
  return { task: spec.key, title: spec.title, ...how, runs, counts, labels: spec.labels };
}

/** Everything one fine-tuning run needs; shared by the sequence and token classification tasks. */
export interface FinetuneJob<B> {
  task: string;
  init: 'pretrained' | 'scratch';
  plan: TaskPlan;
  config: AlbertConfig;
  model: SavableModel;
  batches: (epoch: number) => Iterable<B>;
  evaluateDev: (model: SavableModel) => Promise<Record<string, number>>;
  /** Test metrics, confusion matrix and per-example prediction records. */
  evaluateTest: (
    model: SavableModel,
  ) => Promise<{ metrics: Record<string, number>; confusion?: RunResult['confusion']; records: object[] }>;
  /** Use plan.maxSteps exactly instead of following the time budget plan.seconds. */
  fixedSteps: boolean;
  /** Run exactly this many steps (overrides the time budget and plan.maxSteps). */
  steps?: number;
  seed: number;
  runDir: string;
  tokenizerPath: string;
  out: Output;
  stop: StopSignal;
}

/** AdamW + LLRD fine-tuning, test evaluation, HF export and prediction records. */
export async function finetuneRun<B>(job: FinetuneJob<B>): Promise<RunResult> {
  const name = `${job.task}-${job.init}`;
  const plan = job.plan;
  // Budgeted runs follow the clock (see TimeBudget); fixed runs take exactly their step count:
  // plan.maxSteps, or `steps` (the from-scratch run repeats the pretrained run's steps, so the two
  // differ only in their initialisation even when the machine's load changes between them).
  const fixed = job.fixedSteps || job.steps !== undefined;
  const budget = fixed ? undefined : new TimeBudget(plan.seconds, plan.maxSteps);
  const steps = job.steps ?? plan.maxSteps;
  const { optimizer } = await makeOptimizer(job.model.namedParameters(), {
    optimizer: 'adamw',
    lr: job.plan.lr,
    totalSteps: steps,
    warmup: 0.1,
    schedule: 'linear',
    weightDecay: 0.01,
    maxGradNorm: 1,
    llrd: job.plan.llrd,
    numHiddenGroups: job.config.numHiddenGroups,
    ...(budget ? { budget } : {}),
  });
  const loop = await runTrainingLoop({
    name,
    model: job.model,
    optimizer,
    batches: job.batches,
    maxSteps: steps,
    logEvery: budget ? 5 : Math.max(1, Math.min(10, Math.floor(steps / 20))),
    evaluate: () => job.evaluateDev(job.model),
    evalEvery: Math.max(1, Math.ceil(steps / plan.evals)),
    ...(budget ? { budget: { clock: budget, evals: plan.evals } } : {}),
    seed: job.seed,
    out: job.out,
    logFile: join(job.runDir, 'logs', `${name}.jsonl`),
    stop: job.stop,
  });
  optimizer.dispose();
  const test = await job.evaluateTest(job.model);
  const modelDir = join(job.runDir, 'models', name);
  await job.model.savePretrained(modelDir);
  copyFileSync(job.tokenizerPath, join(modelDir, 'spiece.model'));
  const predDir = join(job.runDir, 'predictions');
  mkdirSync(predDir, { recursive: true });
  writeFileSync(join(predDir, `${name}.jsonl`), test.records.map((r) => JSON.stringify(r)).join('\n') + '\n');
  job.out.event('test', { task: job.task, init: job.init, ...test.metrics });
  return {
    init: job.init,
    metrics: test.metrics,
    ...(test.confusion ? { confusion: test.confusion } : {}),
    logs: loop.logs.map((l) => ({ ...l })),
    evals: loop.evals.map((e) => ({ step: e.step, ...e.metrics })),
    steps: loop.step,
    seconds: loop.seconds,
    modelDir,
  };
}
