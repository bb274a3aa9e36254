import { readFixtureJson } from '@albert-ts/test-support';
import { describe, expect, it } from 'vitest';
import {
  accAndF1,
  accuracy,
  f1,
  f1Macro,
  glueMetrics,
  matthewsCorrcoef,
  pearson,
  pearsonAndSpearman,
  spearman,
} from '../src/index.js';

interface GlueCase {
  name: string;
  type: 'binary' | 'multiclass' | 'regression';
  labels: number[];
  predictions: number[];
  [key: string]: unknown;
}

const fixture = readFixtureJson<{ cases: GlueCase[] }>('metrics', 'glue-cases.json');

/** Fixture value (null = scipy's NaN) vs ours, to 1e-12. */
function expectClose(actual: number, expected: unknown, name: string): void {
  if (expected === null) {
    expect(actual, name).toBeNaN();
    return;
  }
  expect(typeof expected, name).toBe('number');
  expect(Math.abs(actual - (expected as number)), `${name}: ${actual} vs ${expected}`).toBeLessThanOrEqual(
    1e-12,
  );
}

describe('GLUE metrics vs scikit-learn 1.2.1 / scipy 1.10.1 (glue-cases.json)', () => {
  it('has cases of every kind', () => {
    const kinds = new Set(fixture.cases.map((c) => c.type));
    expect([...kinds].sort()).toEqual(['binary', 'multiclass', 'regression']);
  });

  for (const c of fixture.cases) {
    it(`${c.name}: every stored value to 1e-12`, () => {
      const { labels, predictions } = c;
      const ours: Record<string, () => number> = {
        accuracy: () => accuracy(predictions, labels),
        f1: () => f1(predictions, labels),
        f1_macro: () => f1Macro(predictions, labels),
        matthews_corrcoef: () => matthewsCorrcoef(predictions, labels),
        acc_and_f1: () => accAndF1(predictions, labels).acc_and_f1,
        pearson: () => pearson(predictions, labels),
        spearmanr: () => spearman(predictions, labels),
        corr: () => pearsonAndSpearman(predictions, labels).corr,
      };
      const keys = Object.keys(c).filter(
        (k) => !['name', 'type', 'labels', 'predictions', 'note'].includes(k),
      );
      expect(keys.length).toBeGreaterThan(0);
      for (const key of keys) {
        expect(ours[key], `no implementation checked for fixture key ${key}`).toBeDefined();
        expectClose(ours[key](), c[key], `${c.name}.${key}`);
      }
      // Symmetric metrics do not depend on the argument order.
      if (c.type !== 'regression') {
        expectClose(matthewsCorrcoef(labels, predictions), c.matthews_corrcoef, `${c.name} mcc swapped`);
      }
    });
  }

  it('glueMetrics returns exactly the keys of HF glue per task', () => {
    const bin = fixture.cases.find((c) => c.name === 'binary_random')!;
    const reg = fixture.cases.find((c) => c.name === 'regression_with_ties')!;
    expect(Object.keys(glueMetrics('cola', bin.predictions, bin.labels))).toEqual(['matthews_correlation']);
    for (const t of ['mrpc', 'qqp']) {
      const r = glueMetrics(t, bin.predictions, bin.labels);
      expect(Object.keys(r)).toEqual(['accuracy', 'f1']);
      expectClose(r.f1!, bin.f1, `${t}.f1`);
      expectClose(r.accuracy!, bin.accuracy, `${t}.accuracy`);
    }
    const s = glueMetrics('stsb', reg.predictions, reg.labels);
    expect(Object.keys(s)).toEqual(['pearson', 'spearmanr']);
    expectClose(s.pearson!, reg.pearson, 'stsb.pearson');
    expectClose(s.spearmanr!, reg.spearmanr, 'stsb.spearmanr');
    for (const t of [
      'sst2',
      'mnli',
      'mnli_matched',
      'mnli_mismatched',
      'mnli-m',
      'MNLI-MM',
      'qnli',
      'rte',
      'wnli',
      'SST-2',
      'hans',
    ]) {
      const r = glueMetrics(t, bin.predictions, bin.labels);
      expect(Object.keys(r), t).toEqual(['accuracy']);
      expectClose(r.accuracy!, bin.accuracy, `${t}.accuracy`);
    }
    const cola = glueMetrics('CoLA', bin.predictions, bin.labels);
    expectClose(cola.matthews_correlation!, bin.matthews_corrcoef, 'cola');
    expect(() => glueMetrics('squad', [1], [1])).toThrow(/unknown GLUE task/);
  });
});
