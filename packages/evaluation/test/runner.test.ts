import { readFixtureJson } from '@albert-ts/test-support';
import { describe, expect, it } from 'vitest';
import {
  EvaluationError,
  type EvaluationProgress,
  evaluate,
  glueMetrics,
  raceAnswerIndex,
  raceLevelOf,
  raceMetrics,
  type SquadDataset,
  squadQuestions,
  squadV2,
} from '../src/index.js';

describe('RACE accuracy', () => {
  it('overall and per level, letters or indices', () => {
    // middle: 3 questions, 2 right; high: 2 questions, 1 right → overall 3/5 (not the mean of 2/3 and 1/2).
    const r = raceMetrics(
      ['A', 1, 'c', 'D', 0],
      ['A', 'B', 'D', 3, 'B'],
      ['middle', 'middle', 'middle', 'high', 'high'],
    );
    expect(r).toEqual({
      accuracy: 3 / 5,
      total: 5,
      accuracy_middle: 2 / 3,
      total_middle: 3,
      accuracy_high: 1 / 2,
      total_high: 2,
    });
    expect(raceMetrics([0], [0], ['high'])).toEqual({
      accuracy: 1,
      total: 1,
      accuracy_high: 1,
      total_high: 1,
    });
    expect(raceAnswerIndex('d')).toBe(3);
    expect(raceLevelOf('RACE/dev/middle/12.txt')).toBe('middle');
    expect(raceLevelOf('high1234.txt')).toBe('high');
    expect(raceLevelOf('other.txt')).toBeNull();
    expect(() => raceMetrics(['A'], ['A'], ['college' as never])).toThrow(/middle" or "high/);
    expect(() => raceMetrics(['?'], ['A'], ['high'])).toThrow(/option letter/);
  });
});

describe('evaluate (runner)', () => {
  const examples = Array.from({ length: 10 }, (_, i) => ({ id: `e${i}`, text: `t${i}`, label: i % 2 }));
  // A "model" that is wrong on every third example.
  const predictOne = (e: { label: number }, i: number) => (i % 3 === 0 ? 1 - e.label : e.label);

  it('batches, reports progress, returns the task metrics and per-example records', async () => {
    const seen: EvaluationProgress[] = [];
    const sizes: number[] = [];
    let offset = 0;
    const report = await evaluate({
      task: 'mrpc',
      examples,
      batchSize: 4,
      predict: async (batch) => {
        sizes.push(batch.length);
        const out = batch.map((e, k) => predictOne(e, offset + k));
        offset += batch.length;
        return out;
      },
      onProgress: (p) => seen.push(p),
    });
    expect(sizes).toEqual([4, 4, 2]);
    expect(seen.map((p) => [p.done, p.total, p.batches])).toEqual([
      [4, 10, 1],
      [8, 10, 2],
      [10, 10, 3],
    ]);
    const preds = examples.map(predictOne);
    expect(report.metrics).toEqual(
      glueMetrics(
        'mrpc',
        preds,
        examples.map((e) => e.label),
      ),
    );
    expect(report.count).toBe(10);
    expect(report.records[3]).toEqual({ index: 3, id: 'e3', prediction: preds[3], label: 1, correct: false });
    expect(report.records.filter((r) => r.correct).length).toBe(6);
  });

  it('prints a progress line to a sink (in place on a TTY, lines otherwise)', async () => {
    const written: string[] = [];
    await evaluate({
      task: 'sst2',
      examples,
      batchSize: 5,
      predict: (b) => b.map((e) => e.label),
      progress: { write: (s: string) => written.push(s), isTTY: true },
    });
    expect(written.every((s) => s.startsWith('\r'))).toBe(true);
    expect(written.at(-1)).toMatch(/^\rsst2 10\/10 \(100%\) .* ex\/s/);
    const lines: string[] = [];
    await evaluate({
      task: 'sst2',
      examples,
      batchSize: 1,
      predict: (b) => b.map((e) => e.label),
      progress: { write: (s: string) => lines.push(s) },
    });
    expect(lines.length).toBeGreaterThan(2);
    expect(lines.every((s) => s.endsWith('\n'))).toBe(true);
  });

  it('async iterables, abort and broken predict functions', async () => {
    async function* gen() {
      yield* examples;
    }
    const r = await evaluate({
      task: 'rte',
      examples: gen(),
      batchSize: 3,
      predict: (b) => b.map((e) => e.label),
    });
    expect(r.metrics).toEqual({ accuracy: 1 });
    await expect(
      evaluate({ task: 'rte', examples, predict: (b) => b.slice(1).map((e) => e.label) }),
    ).rejects.toMatchObject({
      code: 'PREDICT',
    });
    await expect(
      evaluate({
        task: 'rte',
        examples,
        predict: () => {
          throw new Error('model exploded');
        },
      }),
    ).rejects.toThrow(/model exploded/);
    const ac = new AbortController();
    ac.abort();
    await expect(
      evaluate({ task: 'rte', examples, predict: (b) => b.map(() => 0), signal: ac.signal }),
    ).rejects.toMatchObject({
      code: 'ABORTED',
    });
    await expect(evaluate({ task: 'nope', examples, predict: (b) => b.map(() => 0) })).rejects.toBeInstanceOf(
      EvaluationError,
    );
    await expect(
      evaluate({ task: 'rte', examples: [], predict: (b) => b.map(() => 0) }),
    ).rejects.toMatchObject({ code: 'EMPTY_INPUT' });
  });

  it('squad_v2: predictions with naProb give the same numbers as squadV2', async () => {
    const v2 = readFixtureJson<{
      dataset: SquadDataset;
      predictions: Record<string, string>;
      na_probs: Record<string, number>;
    }>('metrics', 'squad-v2-case.json');
    const questions = squadQuestions(v2.dataset);
    const r = await evaluate({
      task: 'squad_v2',
      examples: questions,
      batchSize: 4,
      naProbThresh: 0.5,
      predict: (b) => b.map((q) => ({ text: v2.predictions[q.id], naProb: v2.na_probs[q.id] })),
    });
    expect(r.metrics).toEqual(
      squadV2(v2.dataset, v2.predictions, { naProbs: v2.na_probs, naProbThresh: 0.5 }),
    );
    expect(r.records.find((x) => x.id === 'v2q8')).toMatchObject({ exact: 0, f1: 0.8 });
  });

  it('race and ner tasks, and a custom task', async () => {
    const race = await evaluate({
      task: 'race',
      examples: [
        { id: 'middle1.txt', label: 'A' },
        { id: 'high7.txt', label: 'B' },
        { id: 'x', level: 'high', label: 'C' },
      ],
      predict: (b) => b.map(() => 'B'),
    });
    expect(race.metrics).toEqual({
      accuracy: 1 / 3,
      total: 3,
      accuracy_middle: 0,
      total_middle: 1,
      accuracy_high: 1 / 2,
      total_high: 2,
    });
    const ner = await evaluate({
      task: 'ner',
      examples: [{ tags: ['B-PER', 'I-PER', 'O'] }, { tags: ['B-LOC', 'O'] }],
      predict: (b) => b.map((e, i) => (i === 0 ? e.tags : ['O', 'O'])),
    });
    expect(ner.metrics).toMatchObject({ overall_precision: 1, overall_recall: 0.5, overall_accuracy: 4 / 5 });
    expect(ner.records.map((x) => x.correct)).toEqual([true, false]);
    const custom = await evaluate({
      task: {
        name: 'mae',
        score: (p: number[], e: { y: number }[]) => ({
          metrics: { mae: p.reduce((s, v, i) => s + Math.abs(v - e[i].y), 0) / p.length },
        }),
      },
      examples: [{ y: 1 }, { y: 3 }],
      predict: (b) => b.map(() => 2),
    });
    expect(custom.metrics).toEqual({ mae: 1 });
    expect(custom.task).toBe('mae');
  });
});
