import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AlbertConfig } from '@albert-ts/core';
import type { AlbertForPreTraining } from '@albert-ts/heads';
import type { AlbertTokenizer } from '@albert-ts/tokenizer';
import { makeOptimizer } from '../lib/optim.js';
import { type PretrainBatch, type PretrainRow, PretrainRows, stackPretrain } from '../lib/pretrain-data.js';
import { maskedPretrainLoss, maskedPretrainMetrics } from '../lib/pretrain-loss.js';
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
  const { Rng } = await import('@albert-ts/training');
  const core = await import('@albert-ts/core');
  const p = opts.plan.pretrain;
  const dataOpts = { maxSeqLength: p.maxSeqLength, dupeFactor: 40, seed: opts.seed };
  const source = await PretrainRows.open(opts.trainDocs, opts.tokenizer, dataOpts);
  await source.fill(p.batchSize);
  const heldOutSource = await PretrainRows.open(opts.heldOutDocs, opts.tokenizer, {
    ...dataOpts,
    dupeFactor: 1,
    seed: opts.seed + 1,
  });
  await heldOutSource.fill(p.heldOutExamples);
  const heldOut = heldOutSource.rows;
  const model = AlbertForPreTraining.fromConfig(opts.config, { seed: opts.seed });
  const lossOf = maskedPretrainLoss(core);
  // Budgeted runs follow the clock (see TimeBudget); fixed runs take exactly p.maxSteps.
  const budget = opts.plan.fixedSteps ? undefined : new TimeBudget(p.seconds, p.maxSteps);
  const steps = p.maxSteps;
  opts.out.event(
    'plan',
    { phase: 'pretrain', seconds: budget ? p.seconds : null, maxSteps: steps },
    budget ? `  ${Math.round(p.seconds)} s (at most ${steps} steps)` : `  ${steps} steps (fixed)`,
  );
  const rows = source.rows;
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
  // Epoch 0 pulls examples from the stream as training consumes them (Google's recipe with 40
  // dupe rounds is far more than a budget uses); a later epoch reshuffles what was built.
  const batches = async function* (epoch: number): AsyncIterable<PretrainBatch> {
    if (epoch === 0) {
      for (let i = 0; ; i += p.batchSize) {
        const have = await source.fill(i + p.batchSize);
        if (have < i + p.batchSize) break;
        yield stackPretrain(rows.slice(i, i + p.batchSize));
      }
      return;
    }
    const rng = new Rng(`${opts.seed}:pretrain:${epoch}`);
    const order = rng.shuffle(Array.from({ length: rows.length }, (_, i) => i));
    for (let i = 0; i + p.batchSize <= order.length; i += p.batchSize) {
      yield stackPretrain(order.slice(i, i + p.batchSize).map((k) => rows[k] as PretrainRow));
    }
  };
  const heldOutBatches = () => {
    const out: PretrainBatch[] = [];
    for (let i = 0; i < heldOut.length; i += 16) out.push(stackPretrain(heldOut.slice(i, i + 16)));
    return out;
  };
  const pretrainMetrics = () => maskedPretrainMetrics(core, model, heldOutBatches());
  const loop = await runTrainingLoop<PretrainBatch>({
    name: 'pretrain',
    model,
    optimizer,
    batches,
    computeLoss: (b) => lossOf(model, b, true),
    maxSteps: steps,
    logEvery: budget ? 5 : Math.max(1, Math.min(10, Math.floor(steps / 20))),
    evaluate: pretrainMetrics,
    evalEvery: Math.max(1, Math.ceil(steps / p.evals)),
    ...(budget ? { budget: { clock: budget, evals: p.evals } } : {}),
    seed: opts.seed,
    out: opts.out,
    logFile: join(opts.runDir, 'logs', 'pretrain.jsonl'),
    stop: opts.stop,
  });
  optimizer.dispose();
  const final = loop.evals.at(-1)?.metrics ?? (await pretrainMetrics());
  const modelDir = join(opts.runDir, 'models', 'pretrained');
  await model.savePretrained(modelDir);
  copyFileSync(opts.tokenizerPath, join(modelDir, 'spiece.model'));
  const weights = await model.toSafetensors();
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
      heldOut: { mlm_accuracy: final.mlm_accuracy!, sop_accuracy: final.sop_accuracy! },
      heldOutExamples: heldOut.length,
      modelDir,
      config: model.configJson(),
    },
  };
}
