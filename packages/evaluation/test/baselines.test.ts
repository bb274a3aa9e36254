import { describe, expect, it } from 'vitest';
import { EvaluationError, majorityClass, mostFrequentTag } from '../src/index.js';

describe('baselines', () => {
  it('majority class; ties go to the label seen first', () => {
    expect(majorityClass(['a', 'b', 'b', 'c'])).toBe('b');
    expect(majorityClass([2, 1, 1, 2])).toBe(2);
  });

  it('most frequent tag per word (case-insensitive), the overall most frequent tag for unseen words', () => {
    const mft = mostFrequentTag([
      { words: ['The', 'can', 'can'], tags: ['DET', 'NOUN', 'VERB'] },
      { words: ['I', 'can', 'run'], tags: ['PRON', 'VERB', 'VERB'] },
      { words: ['the', 'run'], tags: ['DET', 'NOUN'] },
    ]);
    expect(mft.tag('can')).toBe('VERB');
    expect(mft.tag('THE')).toBe('DET');
    expect(mft.tag('run')).toBe('VERB');
    expect(mft.tag('zebra')).toBe('VERB');
    expect(mft.fallback).toBe('VERB');
    expect(mft.vocabulary).toBe(4);
  });

  it('no labels, or words and tags of different lengths, are typed errors', () => {
    expect(() => majorityClass([])).toThrow(EvaluationError);
    expect(() => majorityClass([])).toThrow(/no training labels/);
    expect(() => mostFrequentTag([{ words: ['a', 'b'], tags: ['X'] }])).toThrow(
      /sentence 0 has 2 words but 1 tags/,
    );
  });
});
