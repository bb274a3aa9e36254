import { describe, expect, it } from 'vitest';
import {
  accuracy,
  confusionMatrix,
  EvaluationError,
  f1,
  f1Macro,
  f1Micro,
  matthewsCorrcoef,
  normalizeAnswer,
  pearson,
  precision,
  precisionRecallF1,
  rankAverage,
  recall,
  spearman,
} from '../src/index.js';

describe('classification metrics from their definitions', () => {
  it('confusion matrix: rows are labels, columns predictions', () => {
    expect(confusionMatrix([0, 1, 1, 2], [0, 1, 2, 2])).toEqual([
      [1, 0, 0],
      [0, 1, 0],
      [0, 1, 1],
    ]);
    expect(confusionMatrix(['b', 'a'], ['a', 'a'], { labels: ['b', 'a'] })).toEqual([
      [0, 0],
      [1, 1],
    ]);
  });

  it('binary precision / recall / F1 with either positive class', () => {
    const p = [1, 1, 0, 1];
    const y = [1, 0, 0, 1];
    // class 1: TP 2, FP 1, FN 0.  class 0: TP 1, FP 0, FN 1.
    expect(precision(p, y)).toBe(2 / 3);
    expect(recall(p, y)).toBe(1);
    expect(f1(p, y)).toBeCloseTo(0.8, 15);
    expect(precision(p, y, { posLabel: 0 })).toBe(1);
    expect(recall(p, y, { posLabel: 0 })).toBe(0.5);
    expect(f1(p, y, { posLabel: 0 })).toBeCloseTo(2 / 3, 15);
    expect(f1(['spam', 'ham'], ['spam', 'spam'], { posLabel: 'spam' })).toBeCloseTo(2 / 3, 15);
    // No positive prediction: zero_division 0 by default, 1 on request.
    expect(precision([0, 0], [1, 0])).toBe(0);
    expect(precision([0, 0], [1, 0], { zeroDivision: 1 })).toBe(1);
  });

  it('multiclass averages', () => {
    const p = [0, 1, 2, 2, 1];
    const y = [0, 1, 1, 2, 2];
    // per class F1: 0 → 1; 1 → P 1/2 R 1/2 → 1/2; 2 → P 1/2 R 1/2 → 1/2.
    expect(f1Macro(p, y)).toBeCloseTo(2 / 3, 15);
    expect(f1Micro(p, y)).toBe(accuracy(p, y));
    expect(accuracy(p, y)).toBe(3 / 5);
    const per = precisionRecallF1(p, y, { average: null });
    expect(per.labels).toEqual([0, 1, 2]);
    expect(per.support).toEqual([1, 2, 2]);
    // weighted by support: (1·1 + 2·½ + 2·½) / 5
    expect(precisionRecallF1(p, y, { average: 'weighted' }).f1).toBeCloseTo(3 / 5, 15);
    expect(() => f1(p, y)).toThrow(/at most 2 classes/);
    expect(() => f1(['a', 'b'], ['a', 'b'])).toThrow(/posLabel 1 is not one of/);
  });

  it('MCC: 0 when a side is constant, ±1 at the extremes', () => {
    expect(matthewsCorrcoef([1, 1, 1], [0, 1, 0])).toBe(0);
    expect(matthewsCorrcoef([0, 1, 2], [0, 1, 2])).toBe(1);
    expect(matthewsCorrcoef([1, 0], [0, 1])).toBe(-1);
  });

  it('bad input gets a typed error', () => {
    expect(() => accuracy([1], [1, 2])).toThrow(expect.objectContaining({ code: 'LENGTH_MISMATCH' }));
    expect(() => accuracy([], [])).toThrow(expect.objectContaining({ code: 'EMPTY_INPUT' }));
    expect(() => accuracy([1, '1'] as never, [1, 1])).toThrow(EvaluationError);
    expect(() => accuracy([Number.NaN], [1])).toThrow(/finite/);
    expect(() => accuracy(null as never, [1])).toThrow(/must be an array/);
  });
});

describe('correlations', () => {
  it('average ranks for ties', () => {
    expect(Array.from(rankAverage([10, 20, 20, 5, 20]))).toEqual([2, 4, 4, 1, 4]);
    expect(Array.from(rankAverage([0, -0, 1]))).toEqual([1.5, 1.5, 3]);
  });

  it('Spearman is Pearson of the ranks; monotone maps give 1', () => {
    const x = [1, 2, 2, 3, 7];
    const y = [10, 30, 20, 40, 41];
    const rx = Array.from(rankAverage(x));
    const ry = Array.from(rankAverage(y));
    expect(spearman(x, y)).toBeCloseTo(pearson(rx, ry), 14);
    expect(spearman([1, 2, 3, 4], [1, 8, 27, 64])).toBe(1);
  });

  it('NaN where scipy gives NaN, and its edge cases', () => {
    expect(pearson([1, 1, 1], [1, 2, 3])).toBeNaN();
    expect(spearman([1, 2, 3], [4, 4, 4])).toBeNaN();
    expect(spearman([1], [2])).toBeNaN();
    expect(pearson([1, Number.NaN, 3], [1, 2, 3])).toBeNaN();
    expect(pearson([1, 2], [5, 3])).toBe(-1);
    expect(() => pearson([1], [2])).toThrow(/at least 2/);
  });
});

describe('SQuAD answer normalisation follows CPython, not JS defaults', () => {
  it.each([
    // "é" is a word character for Python's \b, so "the" inside "éthe" is not an article.
    ['Éthe cat', 'éthe cat'],
    ['The  Cat, the hat!', 'cat hat'],
    // U+00A0 and U+001C are whitespace for str.split(); U+FEFF is not (JS \s says the opposite).
    ['the\u00a0cat\u001cdog', 'cat dog'],
    ['\ufeffthe', '\ufeff'],
    // Only ASCII punctuation is removed.
    ['“quoted” – dash', '“quoted” – dash'],
    ['an_apple', 'anapple'],
    ['A a AN an THE the', ''],
  ])('%j → %j', (input, expected) => {
    expect(normalizeAnswer(input)).toBe(expected);
  });
});
