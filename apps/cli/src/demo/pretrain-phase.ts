import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AlbertConfig } from '@albert-ts/core';
import type { AlbertForPreTraining } from '@albert-ts/heads';
import type { AlbertTokenizer } from '@albert-ts/tokenizer';
import { makeOptimizer } from '../lib/optim.js';
import { TimeBudget } from '../lib/time-budget.js';
import { runTrainingLoop } from '../lib/train-loop.js';
import type { StopSignal } from '../util/interrupt.js';
import type { Output } from '../util/output.js';
import { demoModelFields } from './model-fields.js';
import type { DemoPlan } from './plan.js';
import type { PretrainResult } from './results.js';

export async function demoConfig(plan: DemoPlan, tokenizer: AlbertTokenizer): Promise<AlbertConfig> {
  const { AlbertConfig } = await import('@albert-ts/core');
  return AlbertConfig.fromJSON({
    ...demoModelFields(plan.model, tokenizer.vocabSize),
    classifier_dropout_prob: 0.1,
    pad_token_id: tokenizer.padTokenId,
    bos_token_id: tokenizer.clsTokenId,
    eos_token_id: tokenizer.sepTokenId,
  });
}

export async function pretrainPhase(opts: {
  plan: DemoPlan;
  config: AlbertConfig;
  tokenizer: AlbertTokenizer;
  tokenizerPath: string;
  trainDocs: string[][];
  heldOutDocs: string[][];
  seed: number;
  runDir: string;
  out: Output;
  stop: StopSignal;
}): Promise<{ result: PretrainResult; model: AlbertForPreTraining; weights: Uint8Array }> {
  const { AlbertForPreTraining } = await import('@albert-ts/heads');
  const { PretrainingExamplePool, evaluatePretraining, pretrainingLoss } = await import(
    '@albert-ts/training'
  );
  const p = opts.plan.pretrain;
  const dataOpts = { maxSeqLength: p.maxSeqLength, dupeFactor: 40, randomSeed: opts.seed };
  // Google's recipe with 40 dupe rounds is far more than a budget uses: the pool pulls examples
  // from the stream as training consumes them.
  const pool = new PretrainingExamplePool(opts.trainDocs, opts.tokenizer, dataOpts);
  await pool.fill(p.batchSize);
  const heldOutPool = new PretrainingExamplePool(opts.heldOutDocs, opts.tokenizer, {
    ...dataOpts,
    dupeFactor: 1,
    randomSeed: opts.seed + 1,
  });
  await heldOutPool.fill(p.heldOutExamples);
  const heldOut = heldOutPool.fixedBatches(16);
  const model = AlbertForPreTraining.fromConfig(opts.config, { seed: opts.seed });
  // Budgeted runs follow the clock (see TimeBudget); fixed runs take exactly p.maxSteps.
  const budget = opts.plan.fixedSteps ? undefined : new TimeBudget(p.seconds, p.maxSteps);
  const steps = p.maxSteps;
  opts.out.event(
    'plan',
    { phase: 'pretrain', seconds: budget ? p.seconds : null, maxSteps: steps },
    budget ? `  ${Math.round(p.seconds)} s (at most ${steps} steps)` : `  ${steps} steps (fixed)`,
  );
  const { optimizer } = await makeOptimizer(model.namedParameters(), {
    optimizer: 'lamb',
    lr: p.lr,
    totalSteps: steps,
    warmup: p.warmup,
    schedule: 'polynomial',
    weightDecay: 0.01,
    maxGradNorm: 1,
    numHiddenGroups: opts.config.numHiddenGroups,
    ...(budget ? { budget } : {}),
  });
  const heldOutMetrics = async () => {
    const { examples: _, ...metrics } = await evaluatePretraining(model, heldOut);
    return metrics;
  };
  const loop = await runTrainingLoop({
    name: 'pretrain',
    model,
    optimizer,
    batches: (epoch) => pool.batches(epoch, { batchSize: p.batchSize, shuffleSeed: `${opts.seed}:pretrain` }),
    computeLoss: (b) => pretrainingLoss(model, b),
    maxSteps: steps,
    logEvery: budget ? 5 : Math.max(1, Math.min(10, Math.floor(steps / 20))),
    evaluate: heldOutMetrics,
    evalEvery: Math.max(1, Math.ceil(steps / p.evals)),
    ...(budget ? { budget: { clock: budget, evals: p.evals } } : {}),
    seed: opts.seed,
    out: opts.out,
    logFile: join(opts.runDir, 'logs', 'pretrain.jsonl'),
    stop: opts.stop,
  });
  optimizer.dispose();
  const final = loop.evals.at(-1)?.metrics ?? (await heldOutMetrics());
  const modelDir = join(opts.runDir, 'models', 'pretrained');
  await model.savePretrained(modelDir);
  copyFileSync(opts.tokenizerPath, join(modelDir, 'spiece.model'));
  const weights = await model.toSafetensors();
  const rows = pool.examples;
  const meanLength = rows.reduce((s, r) => s + r.length, 0) / Math.max(1, rows.length);
  return {
    model,
    weights,
    result: {
      steps: loop.step,
      seconds: loop.seconds,
      examples: Math.min(rows.length, loop.step * p.batchSize),
      tokensSeen: Math.round(loop.step * p.batchSize * meanLength),
      logs: loop.logs.map((l) => ({ ...l })),
      evals: loop.evals.map((e) => ({ step: e.step, ...e.metrics })),
      // The summary table's row names.
      heldOut: { mlm_accuracy: final.mlmAccuracy!, sop_accuracy: final.sopAccuracy! },
      heldOutExamples: heldOutPool.examples.length,
      modelDir,
      config: model.configJson(),
    },
  };
}
