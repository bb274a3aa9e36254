import { mostFrequentTag } from '@albert-ts/evaluation';
import type { AlignedWords } from '@albert-ts/heads';
import { pick, runInits, type SavableModel, type TaskContext, taskResult } from './finetune-run.js';
import type { TagPlan } from './plan.js';
import type { TaskResult } from './results.js';

export interface TaggedSentence {
  id: string;
  words: string[];
  /** Tag ids (indices into the label list). */
  tags: number[];
}

export interface PosTaskSpec {
  key: string;
  title: string;
  labels: string[];
  train: TaggedSentence[];
  dev: TaggedSentence[];
  test: TaggedSentence[];
}

/** Word-level accuracy (a word the model could not see, cut by truncation, counts as wrong). */
function wordAccuracy(pred: number[][], gold: TaggedSentence[]): number {
  let hit = 0;
  let n = 0;
  gold.forEach((s, i) => {
    s.tags.forEach((t, w) => {
      n += 1;
      if (pred[i]![w] === t) hit += 1;
    });
  });
  return n ? hit / n : 0;
}

function confusion(pred: number[][], gold: TaggedSentence[], k: number): number[][] {
  const m = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  gold.forEach((s, i) => {
    s.tags.forEach((t, w) => {
      const p = pred[i]![w]!;
      if (p >= 0) m[t]![p]! += 1;
    });
  });
  return m;
}

/** Most-frequent-tag baseline + token classification from our pretraining and from random init. */
export async function runPosTask(spec: PosTaskSpec, ctx: TaskContext): Promise<TaskResult> {
  const { AlbertForTokenClassification, alignWords, predictWordTags } = await import('@albert-ts/heads');
  const { Rng, taskBatches } = await import('@albert-ts/training');
  const { tokenizer } = ctx;
  const plan = ctx.plan as TagPlan;
  const train = await pick(ctx, spec.key, spec.train, plan.trainLimit, 'train');
  const dev = await pick(ctx, spec.key, spec.dev, plan.devLimit, 'dev');
  const test = await pick(ctx, spec.key, spec.test, plan.testLimit, 'test');
  const cache = new Map<string, number[]>();
  const align = (xs: TaggedSentence[], maxLength: number, labelAll = false): AlignedWords[] =>
    xs.map((s) => alignWords(tokenizer, s.words, s.tags, maxLength, cache, labelAll));
  const trainItems = align(train, plan.maxLength, plan.labelAllPieces);
  const tags = (m: SavableModel, items: AlignedWords[]) =>
    predictWordTags(m, items, tokenizer.padTokenId, { wordPooling: plan.wordPooling });
  // Scoring sees whole sentences (up to the model's 512 positions), so no test word is dropped.
  const devItems = align(dev, 512);
  const testItems = align(test, 512);
  const mft = mostFrequentTag(train.map((s) => ({ words: s.words, tags: s.tags })));
  const basePred = test.map((s) => s.words.map((w) => mft.tag(w)));
  const baseline = { accuracy: wordAccuracy(basePred, test) };
  const runs = await runInits(ctx, spec, AlbertForTokenClassification, () => ({
    batches: taskBatches('token-classification', trainItems, {
      batchSize: plan.batchSize,
      padTokenId: tokenizer.padTokenId,
      seed: ctx.seed,
      rngFor: (e) => new Rng(`${ctx.seed}:${spec.key}:${e}`),
    }),
    evaluateDev: async (m) => ({
      accuracy: wordAccuracy(await tags(m, devItems), dev),
    }),
    evaluateTest: async (m) => {
      const pred = await tags(m, testItems);
      return {
        metrics: { accuracy: wordAccuracy(pred, test) },
        confusion: { labels: spec.labels, matrix: confusion(pred, test, spec.labels.length) },
        records: test.map((s, i) => ({
          id: s.id,
          words: s.words,
          tags: s.tags,
          prediction: pred[i],
          inputIds: testItems[i]!.inputIds,
          wordStarts: testItems[i]!.wordStarts,
        })),
      };
    },
  }));
  const how = {
    kind: 'token-classification',
    metric: 'accuracy',
    baselineName: 'most frequent tag per word',
    baseline,
  } as const;
  return taskResult(spec, how, runs, { train, dev, test });
}
