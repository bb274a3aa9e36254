import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AlbertConfig } from '@albert-ts/core';
import { makeOptimizer } from '../lib/optim.js';
import { TimeBudget } from '../lib/time-budget.js';
import { type LoopModel, runTrainingLoop } from '../lib/train-loop.js';
import type { StopSignal } from '../util/interrupt.js';
import type { Output } from '../util/output.js';
import type { TaskPlan } from './plan.js';
import type { RunResult } from './results.js';

export interface SavableModel extends LoopModel {
  savePretrained(dir: string): Promise<void>;
  dispose(): void;
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
