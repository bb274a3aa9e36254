import type { AlbertConfig } from '@albert-ts/core';
import type { AlbertTokenizer } from '@albert-ts/tokenizer';
import { encodeHeadTail, encodeTexts } from '../lib/encode.js';
import { predictedClasses, seqClsBatches, seqClsLogits } from '../lib/seqcls.js';
import type { StopSignal } from '../util/interrupt.js';
import type { Output } from '../util/output.js';
import { majorityClass } from './baselines.js';
import { finetuneRun, type SavableModel } from './finetune-run.js';
import type { TaskPlan } from './plan.js';
import type { RunResult, TaskResult } from './results.js';

export interface SeqClsExample {
  id: string;
  text: string;
  label: number;
}

export interface SeqClsTaskSpec {
  key: string;
  title: string;
  labels: string[];
  /** 'f1' (binary, positive label 1) or 'accuracy'. */
  metric: 'f1' | 'accuracy';
  train: SeqClsExample[];
  dev: SeqClsExample[];
  test: SeqClsExample[];
}

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

async function metricsOf(preds: number[], gold: number[], binary: boolean): Promise<Record<string, number>> {
  const ev = await import('@albert-ts/evaluation');
  const m: Record<string, number> = { accuracy: ev.accuracy(preds, gold) };
  if (binary) {
    const prf = ev.precisionRecallF1(preds, gold, { average: 'binary', posLabel: 1 });
    m.f1 = prf.f1;
    m.precision = prf.precision;
    m.recall = prf.recall;
  } else {
    m.f1_macro = ev.f1Macro(preds, gold);
  }
  return m;
}

/** Text cut to what `maxLength` tokens can hold (≈ 10 characters per piece is generous). */
function clip(text: string, maxLength: number): string {
  return text.length > maxLength * 10 ? text.slice(0, maxLength * 10) : text;
}

/** Baseline + fine-tuning from our pretraining + from random init, on one classification task. */
export async function runSeqClsTask(spec: SeqClsTaskSpec, ctx: TaskContext): Promise<TaskResult> {
  const { AlbertForSequenceClassification } = await import('@albert-ts/heads');
  const { Rng } = await import('@albert-ts/training');
  const ev = await import('@albert-ts/evaluation');
  const { plan, tokenizer } = ctx;
  const pick = <T>(xs: T[], n: number, salt: string) =>
    n > 0 && n < xs.length ? new Rng(`${ctx.seed}:${spec.key}:${salt}`).shuffle(xs.slice()).slice(0, n) : xs;
  const train = pick(spec.train, plan.trainLimit, 'train');
  const dev = pick(spec.dev, plan.devLimit, 'dev');
  const test = pick(spec.test, plan.testLimit, 'test');
  const enc = (xs: SeqClsExample[]) =>
    plan.tail
      ? encodeHeadTail(
          tokenizer,
          xs.map((x) => x.text),
          plan.maxLength,
          plan.tail,
        )
      : encodeTexts(
          tokenizer,
          xs.map((x) => clip(x.text, plan.maxLength)),
          plan.maxLength,
        );
  const trainData = { items: enc(train), targets: train.map((x) => x.label) };
  const devItems = enc(dev);
  const testItems = enc(test);
  const binary = spec.labels.length === 2;
  const gold = test.map((x) => x.label);
  const majority = majorityClass(train.map((x) => x.label));
  const baseline = await metricsOf(
    test.map(() => majority),
    gold,
    binary,
  );
  const config = ctx.config.with({
    numLabels: spec.labels.length,
    id2label: Object.fromEntries(spec.labels.map((l, i) => [i, l])),
    problemType: 'single_label_classification',
  });
  const runs: RunResult[] = [];
  for (const init of ctx.inits ?? (['pretrained', 'scratch'] as const)) {
    const model =
      init === 'pretrained'
        ? await AlbertForSequenceClassification.fromPretrained(
            { config: config.toJSON(), weights: ctx.pretrainedWeights },
            { seed: ctx.seed, onReport: () => {} },
          )
        : AlbertForSequenceClassification.fromConfig(config, { seed: ctx.seed });
    try {
      runs.push(
        await finetuneRun({
          task: spec.key,
          init,
          plan,
          config,
          model: model as unknown as SavableModel,
          batches: seqClsBatches(
            trainData,
            plan.batchSize,
            tokenizer.padTokenId,
            (e) => new Rng(`${ctx.seed}:${spec.key}:${e}`),
          ),
          evaluateDev: async (m) => {
            const logits = await seqClsLogits(m, devItems, tokenizer.padTokenId);
            return metricsOf(
              predictedClasses(logits),
              dev.map((x) => x.label),
              binary,
            );
          },
          evaluateTest: async (m) => {
            const logits = await seqClsLogits(m, testItems, tokenizer.padTokenId);
            const preds = predictedClasses(logits);
            return {
              metrics: await metricsOf(preds, gold, binary),
              confusion: {
                labels: spec.labels,
                matrix: ev.confusionMatrix(preds, gold, { labels: spec.labels.map((_, i) => i) }),
              },
              records: test.map((x, i) => ({
                id: x.id,
                label: x.label,
                prediction: preds[i],
                logits: logits[i],
                inputIds: testItems[i]!.ids,
                tokenTypeIds: testItems[i]!.typeIds,
              })),
            };
          },
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
  return {
    task: spec.key,
    title: spec.title,
    kind: 'sequence-classification',
    metric: spec.metric,
    baselineName: `majority class '${spec.labels[majority]}'`,
    baseline,
    runs,
    counts: { train: train.length, dev: dev.length, test: test.length },
    labels: spec.labels,
  };
}
