import type { AlbertTokenizer } from '@albert-ts/tokenizer';
import * as tf from '@tensorflow/tfjs-core';
import { argmax, type InferModel, softmax } from '../lib/infer.js';
import { seqClsLogits } from '../lib/seqcls.js';
import { predictWordTags, type WordPooling } from '../lib/tagging.js';
import { UsageError } from '../util/errors.js';
import type { Progress } from '../util/output.js';
import type { ChoiceExample, ClsExample, LoadedData, QaExample, TagExample, TaskKind } from './examples.js';
import { alignTags, choiceFeatures, encodeCls, padChoices } from './features.js';

export interface TaskEvaluation {
  metrics: Record<string, number>;
  records: Array<Record<string, unknown>>;
  confusion?: { labels: string[]; matrix: number[][] };
}

export interface EvaluateOptions {
  maxLength: number;
  /** Classification: pieces kept from the end of long texts (0 = none). */
  tail?: number;
  /** Token classification: how a word's tag is read from its pieces. */
  wordPooling?: WordPooling;
  batchSize: number;
  progress?: Progress;
}

/** Class ids of the gold labels; an unknown label is a usage error naming it. */
export function labelIds(xs: readonly ClsExample[], labelNames: readonly string[]): number[] {
  const index = new Map(labelNames.map((l, i) => [l, i]));
  return xs.map((x) => {
    const id = index.get(String(x.label));
    if (id === undefined) {
      throw new UsageError(
        `example ${x.id}: label '${x.label}' is not one of the model's labels (${labelNames.join(', ')})`,
      );
    }
    return id;
  });
}

export async function evaluateTask(
  kind: TaskKind,
  model: InferModel,
  tok: AlbertTokenizer,
  data: LoadedData<unknown>,
  labelNames: string[],
  o: EvaluateOptions,
): Promise<TaskEvaluation> {
  const ev = await import('@albert-ts/evaluation');
  const tick = (n: number) => o.progress?.update(n);
  switch (kind) {
    case 'classification': {
      const xs = data.examples as ClsExample[];
      const gold = labelIds(xs, labelNames);
      const logits = await seqClsLogits(
        model,
        encodeCls(tok, xs, o.maxLength, o.tail ?? 0),
        tok.padTokenId,
        o.batchSize,
        tick,
      );
      const preds = logits.map((l) => argmax(l));
      let metrics: Record<string, number>;
      if (data.glueTask)
        metrics = { ...(ev.glueMetrics(data.glueTask, preds, gold) as unknown as Record<string, number>) };
      else {
        metrics = { accuracy: ev.accuracy(preds, gold) };
        if (labelNames.length === 2) metrics.f1 = ev.f1(preds, gold, { posLabel: 1 });
        else metrics.f1_macro = ev.f1Macro(preds, gold);
      }
      return {
        metrics,
        confusion: {
          labels: labelNames,
          matrix: ev.confusionMatrix(preds, gold, { labels: labelNames.map((_, i) => i) }),
        },
        records: xs.map((x, i) => ({
          id: x.id,
          label: x.label,
          prediction: labelNames[preds[i]!],
          scores: softmax(logits[i]!),
        })),
      };
    }
    case 'regression': {
      const xs = data.examples as ClsExample[];
      const gold = xs.map((x) => Number(x.label));
      const logits = await seqClsLogits(
        model,
        encodeCls(tok, xs, o.maxLength, o.tail ?? 0),
        tok.padTokenId,
        o.batchSize,
        tick,
      );
      const preds = logits.map((l) => l[0]!);
      const mse = preds.reduce((s, p, i) => s + (p - gold[i]!) ** 2, 0) / Math.max(1, preds.length);
      const metrics: Record<string, number> = data.glueTask
        ? { ...(ev.glueMetrics(data.glueTask, preds, gold) as unknown as Record<string, number>), mse }
        : { pearson: ev.pearson(preds, gold), spearmanr: ev.spearman(preds, gold), mse };
      return { metrics, records: xs.map((x, i) => ({ id: x.id, label: x.label, prediction: preds[i] })) };
    }
    case 'token-classification': {
      const xs = data.examples as TagExample[];
      const index = new Map(labelNames.map((l, i) => [l, i]));
      for (const s of xs) {
        const bad = s.tags.find((t) => !index.has(t));
        if (bad !== undefined)
          throw new UsageError(`sentence ${s.id}: tag '${bad}' is not one of the model's labels`);
      }
      // Scoring sees whole sentences (up to 512 positions), so no word is dropped.
      const items = alignTags(tok, xs, index, 512);
      const pred = await predictWordTags(model, items, tok.padTokenId, o.batchSize, tick, o.wordPooling);
      const predTags = pred.map((p) => p.map((id) => (id < 0 ? 'O' : labelNames[id]!)));
      let hit = 0;
      let n = 0;
      xs.forEach((s, i) => {
        s.tags.forEach((t, w) => {
          n += 1;
          if (predTags[i]![w] === t) hit += 1;
        });
      });
      const metrics: Record<string, number> = { accuracy: n ? hit / n : 0 };
      if (labelNames.some((l) => /^[BIES]-/.test(l))) {
        const s = ev.seqevalMetrics(
          predTags,
          xs.map((x) => x.tags),
        );
        metrics.precision = s.overall_precision;
        metrics.recall = s.overall_recall;
        metrics.f1 = s.overall_f1;
      }
      const k = labelNames.length;
      const matrix = Array.from({ length: k }, () => new Array<number>(k).fill(0));
      xs.forEach((s, i) => {
        s.tags.forEach((t, w) => {
          const p = pred[i]![w]!;
          if (p >= 0) matrix[index.get(t)!]![p]! += 1;
        });
      });
      return {
        metrics,
        confusion: { labels: labelNames, matrix },
        records: xs.map((s, i) => ({ id: s.id, words: s.words, tags: s.tags, prediction: predTags[i] })),
      };
    }
    case 'qa': {
      const heads = await import('@albert-ts/heads');
      const xs = data.examples as QaExample[];
      const preds: Record<string, string> = {};
      const records: Array<Record<string, unknown>> = [];
      let done = 0;
      for (const x of xs) {
        const [best] = await heads.answer(
          model as never,
          tok,
          { question: x.question, context: x.context },
          { maxSeqLength: o.maxLength },
        );
        preds[x.id] = best?.answer ?? '';
        records.push({
          id: x.id,
          question: x.question,
          prediction: preds[x.id],
          score: best?.score ?? 0,
          answers: x.answers.text,
        });
        tick(++done);
      }
      const squad = data.squad!;
      const v2 = /2/.test(squad.version) || xs.some((x) => x.isImpossible);
      const metrics = v2
        ? (ev.squadV2(squad.data as never, preds) as unknown as Record<string, number>)
        : (ev.squadV1(squad.data as never, preds) as unknown as Record<string, number>);
      return { metrics: { ...metrics }, records };
    }
    case 'multiple-choice': {
      const xs = data.examples as ChoiceExample[];
      const feats = choiceFeatures(tok, xs, o.maxLength);
      const preds: number[] = [];
      for (let i = 0; i < feats.length; i += o.batchSize) {
        const batch = padChoices(feats.slice(i, i + o.batchSize), tok.padTokenId);
        const out = model.call(batch) as { logits: tf.Tensor };
        const rows = (await out.logits.array()) as number[][];
        tf.dispose(Object.values(out) as tf.Tensor[]);
        for (const r of rows) preds.push(argmax(r));
        tick(preds.length);
      }
      const gold = xs.map((x) => x.label);
      const metrics: Record<string, number> = { accuracy: ev.accuracy(preds, gold) };
      if (xs.every((x) => x.level === 'middle' || x.level === 'high')) {
        const r = ev.raceMetrics(
          preds,
          gold,
          xs.map((x) => x.level as 'middle' | 'high'),
        ) as unknown as Record<string, number>;
        for (const [key, v] of Object.entries(r)) if (typeof v === 'number') metrics[key] = v;
      }
      return { metrics, records: xs.map((x, i) => ({ id: x.id, label: x.label, prediction: preds[i] })) };
    }
  }
}
