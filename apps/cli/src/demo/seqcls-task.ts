import { majorityClass } from '@albert-ts/evaluation';
import { pick, runInits, type TaskContext, taskResult } from './finetune-run.js';
import type { TaskResult } from './results.js';

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

/** Baseline + fine-tuning from our pretraining + from random init, on one classification task. */
export async function runSeqClsTask(spec: SeqClsTaskSpec, ctx: TaskContext): Promise<TaskResult> {
  const { AlbertForSequenceClassification, argmax, encodeTextExamples, logitsInOrder } = await import(
    '@albert-ts/heads'
  );
  const { Rng, taskBatches } = await import('@albert-ts/training');
  const ev = await import('@albert-ts/evaluation');
  const { plan, tokenizer } = ctx;
  const train = await pick(ctx, spec.key, spec.train, plan.trainLimit, 'train');
  const dev = await pick(ctx, spec.key, spec.dev, plan.devLimit, 'dev');
  const test = await pick(ctx, spec.key, spec.test, plan.testLimit, 'test');
  const enc = (xs: SeqClsExample[]) => encodeTextExamples(tokenizer, xs, plan.maxLength, plan.tail ?? 0);
  const trainItems = enc(train).map((e, i) => ({ ...e, labels: train[i]!.label }));
  const seqClsLogits = (m: Parameters<typeof logitsInOrder>[0], items: ReturnType<typeof enc>) =>
    logitsInOrder<number[]>(m, items, tokenizer.padTokenId, 32);
  const predictedClasses = (logits: number[][]) => logits.map((l) => argmax(l));
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
  const fields = { problemType: 'single_label_classification' as const };
  const runs = await runInits(ctx, { ...spec, fields }, AlbertForSequenceClassification, () => ({
    batches: taskBatches('classification', trainItems, {
      batchSize: plan.batchSize,
      padTokenId: tokenizer.padTokenId,
      seed: ctx.seed,
      rngFor: (e) => new Rng(`${ctx.seed}:${spec.key}:${e}`),
    }),
    evaluateDev: async (m) => {
      const logits = await seqClsLogits(m, devItems);
      return metricsOf(
        predictedClasses(logits),
        dev.map((x) => x.label),
        binary,
      );
    },
    evaluateTest: async (m) => {
      const logits = await seqClsLogits(m, testItems);
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
          inputIds: testItems[i]!.inputIds,
          tokenTypeIds: testItems[i]!.tokenTypeIds,
        })),
      };
    },
  }));
  const baselineName = `majority class '${spec.labels[majority]}'`;
  const how = { kind: 'sequence-classification', metric: spec.metric, baselineName, baseline } as const;
  return taskResult(spec, how, runs, { train, dev, test });
}
