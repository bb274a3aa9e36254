import { describe, expect, it } from 'vitest';
import {
  accuracy,
  evaluate,
  f1,
  f1Macro,
  finetuneTask,
  glueMetrics,
  pearson,
  spearman,
} from '../src/index.js';

const run = (task: ReturnType<typeof finetuneTask>, examples: object[], preds: unknown[]) =>
  evaluate({ task, examples, predict: (b) => preds.slice(0, b.length) }).then((r) => r.metrics);

describe('finetuneTask: the metrics of a fine-tuning task', () => {
  const cls = [
    { id: 'a', label: 'pos' },
    { id: 'b', label: 'neg' },
    { id: 'c', label: 'pos' },
  ];
  const p = [1, 1, 0].map((label) => ({ label, scores: [] }));

  it('classification: accuracy and binary F1, macro-F1 for more labels, GLUE with glueTask', async () => {
    expect(await run(finetuneTask('classification', { labelNames: ['neg', 'pos'] }), cls, p)).toEqual({
      accuracy: accuracy([1, 1, 0], [1, 0, 1]),
      f1: f1([1, 1, 0], [1, 0, 1], { posLabel: 1 }),
    });
    const three = await run(finetuneTask('classification', { labelNames: ['neg', 'pos', 'mid'] }), cls, p);
    expect(three.f1_macro).toBe(f1Macro([1, 1, 0], [1, 0, 1]));
    const glue = await run(
      finetuneTask('classification', { labelNames: ['neg', 'pos'], glueTask: 'mrpc' }),
      cls,
      p,
    );
    expect(glue).toEqual({ ...glueMetrics('mrpc', [1, 1, 0], [1, 0, 1]) });
  });

  it('an unknown label is an INVALID_INPUT error naming the example', async () => {
    const task = finetuneTask('classification', { labelNames: ['neg', 'pos'] });
    await expect(run(task, [{ id: 'x', label: 'maybe' }], [p[0]])).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringMatching(/example x: label 'maybe'/),
    });
  });

  it('regression: Pearson, Spearman, MSE', async () => {
    const xs = [1, 2, 4].map((label, i) => ({ id: String(i), label }));
    const m = await run(finetuneTask('regression'), xs, [1.5, 2, 3]);
    expect(m.pearson).toBe(pearson([1.5, 2, 3], [1, 2, 4]));
    expect(m.spearmanr).toBe(spearman([1.5, 2, 3], [1, 2, 4]));
    expect(m.mse).toBeCloseTo((0.25 + 0 + 1) / 3, 12);
  });

  it('token classification: word accuracy (a cut word is wrong), seqeval for B-/I- tags', async () => {
    const xs = [{ id: 's', tags: ['B-PER', 'I-PER', 'O'] }];
    const m = await run(finetuneTask('token-classification', { labelNames: ['O', 'B-PER', 'I-PER'] }), xs, [
      [1, 2, -1],
    ]);
    expect(m).toEqual({ accuracy: 1, precision: 1, recall: 1, f1: 1 });
    const pos = await run(
      finetuneTask('token-classification', { labelNames: ['DET', 'NOUN'] }),
      [{ id: 't', tags: ['DET', 'NOUN'] }],
      [[0, -1]],
    );
    expect(pos).toEqual({ accuracy: 0.5 });
  });

  it('multiple choice: accuracy, and RACE middle/high when every example has a level', async () => {
    const xs = [
      { id: '1', label: 0, level: 'middle' },
      { id: '2', label: 2, level: 'high' },
    ];
    const m = await run(finetuneTask('multiple-choice'), xs, [0, 1]);
    expect(m.accuracy).toBe(0.5);
    expect(m.accuracy_middle).toBe(1);
    expect(m.accuracy_high).toBe(0);
  });
});
