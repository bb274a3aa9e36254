import { type AlignedWords, alignWords } from '../lib/encode.js';
import { predictWordTags, tagBatches } from '../lib/tagging.js';
import { mostFrequentTag } from './baselines.js';
import { finetuneRun, type SavableModel } from './finetune-run.js';
import type { TagPlan } from './plan.js';
import type { RunResult, TaskResult } from './results.js';
import type { TaskContext } from './seqcls-task.js';

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
  const { AlbertForTokenClassification } = await import('@albert-ts/heads');
  const { Rng } = await import('@albert-ts/training');
  const { tokenizer } = ctx;
  const plan = ctx.plan as TagPlan;
  const pick = <T>(xs: T[], n: number, salt: string) =>
    n > 0 && n < xs.length ? new Rng(`${ctx.seed}:${spec.key}:${salt}`).shuffle(xs.slice()).slice(0, n) : xs;
  const train = pick(spec.train, plan.trainLimit, 'train');
  const dev = pick(spec.dev, plan.devLimit, 'dev');
  const test = pick(spec.test, plan.testLimit, 'test');
  const cache = new Map<string, number[]>();
  const align = (xs: TaggedSentence[], maxLength: number, labelAll = false): AlignedWords[] =>
    xs.map((s) => alignWords(tokenizer, s.words, s.tags, maxLength, cache, labelAll));
  const trainItems = align(train, plan.maxLength, plan.labelAllPieces);
  const tags = (m: SavableModel, items: AlignedWords[]) =>
    predictWordTags(m, items, tokenizer.padTokenId, 32, undefined, plan.wordPooling);
  // Scoring sees whole sentences (up to the model's 512 positions), so no test word is dropped.
  const devItems = align(dev, 512);
  const testItems = align(test, 512);
  const mft = mostFrequentTag(train.map((s) => ({ words: s.words, tags: s.tags })));
  const basePred = test.map((s) => s.words.map((w) => mft.tag(w)));
  const baseline = { accuracy: wordAccuracy(basePred, test) };
  const config = ctx.config.with({
    numLabels: spec.labels.length,
    id2label: Object.fromEntries(spec.labels.map((l, i) => [i, l])),
  });
  const runs: RunResult[] = [];
  for (const init of ctx.inits ?? (['pretrained', 'scratch'] as const)) {
    const model =
      init === 'pretrained'
        ? await AlbertForTokenClassification.fromPretrained(
            { config: config.toJSON(), weights: ctx.pretrainedWeights },
            { seed: ctx.seed, onReport: () => {} },
          )
        : AlbertForTokenClassification.fromConfig(config, { seed: ctx.seed });
    try {
      runs.push(
        await finetuneRun({
          task: spec.key,
          init,
          plan,
          config,
          model: model as unknown as SavableModel,
          batches: tagBatches(
            trainItems,
            plan.batchSize,
            tokenizer.padTokenId,
            (e) => new Rng(`${ctx.seed}:${spec.key}:${e}`),
          ),
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
                inputIds: testItems[i]!.ids,
                wordStarts: testItems[i]!.wordStarts,
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
    kind: 'token-classification',
    metric: 'accuracy',
    baselineName: 'most frequent tag per word',
    baseline,
    runs,
    counts: { train: train.length, dev: dev.length, test: test.length },
    labels: spec.labels,
  };
}
