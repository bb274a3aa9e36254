import type { StopSignal } from '../util/interrupt.js';
import type { TaskContext } from './finetune-run.js';
import type { DemoPlan } from './plan.js';
import { runPosTask } from './pos-task.js';
import type { TaskResult } from './results.js';
import { runSeqClsTask } from './seqcls-task.js';

/** What the task phases need from the demo run: its phase banner, lap timer, Ctrl-C and seed. */
export interface TaskRun {
  phase: (i: number, text: string) => void;
  lap: (name: string) => void;
  stop: StopSignal;
  seed: number;
}

/**
 * Phases 3–5: the embedded tasks (SpamAssassin spam/ham, Brown POS, Brown genres) named in `which`,
 * each fine-tuned from the pretrained model and from scratch; stops between tasks on Ctrl-C.
 */
export async function runDemoTasks(
  which: readonly string[],
  plan: DemoPlan,
  ctx: (key: keyof DemoPlan) => TaskContext,
  run: TaskRun,
): Promise<TaskResult[]> {
  const ds = await import('@albert-ts/datasets/node');
  const tasks: TaskResult[] = [];
  const task = async (key: string, i: number, text: string, f: () => Promise<TaskResult>) => {
    if (!which.includes(key) || run.stop.stopRequested) return;
    run.phase(i, text);
    tasks.push(await f());
    run.lap(key);
  };
  const splits = <S, T>(d: Record<'train' | 'dev' | 'test', S[]>, conv: (x: S) => T) => ({
    train: d.train.map(conv),
    dev: d.dev.map(conv),
    test: d.test.map(conv),
  });
  const llrd = plan.spam.llrd < 1 ? ` + layer-wise LR decay ${plan.spam.llrd}` : '';
  await task('spam', 3, `SpamAssassin spam/ham: sequence classification, AdamW${llrd}`, async () => {
    const spam = await ds.loadSpamAssassin({ seed: run.seed });
    const conv = (e: (typeof spam.train)[number]) => ({
      id: e.id,
      text: e.text,
      label: e.label === 'spam' ? 1 : 0,
    });
    const spec = {
      key: 'spam',
      title: 'SpamAssassin spam/ham',
      labels: ['ham', 'spam'],
      metric: 'f1' as const,
    };
    return runSeqClsTask({ ...spec, ...splits(spam, conv) }, ctx('spam'));
  });
  await task('pos', 4, 'Brown part-of-speech tagging (12 universal tags): token classification', async () => {
    const pos = await ds.loadBrownPos({ seed: run.seed, tagset: 'universal' });
    const index = new Map(pos.labels.map((l, i) => [l, i]));
    const conv = (s: (typeof pos.train)[number]) => ({
      id: s.id,
      words: s.tokens,
      tags: s.tags.map((t) => index.get(t)!),
    });
    const spec = { key: 'pos', title: 'Brown POS (universal tags)', labels: pos.labels };
    return runPosTask({ ...spec, ...splits(pos, conv) }, ctx('pos'));
  });
  await task(
    'genre',
    5,
    'Brown genres (15 classes, 5-sentence passages): sequence classification',
    async () => {
      const g = await ds.loadBrownGenres({ seed: run.seed });
      const conv = (e: (typeof g.train)[number]) => ({ id: e.id, text: e.text, label: e.label });
      const spec = { key: 'genre', title: 'Brown genres', labels: g.labels, metric: 'accuracy' as const };
      return runSeqClsTask({ ...spec, ...splits(g, conv) }, ctx('genre'));
    },
  );
  return tasks;
}
