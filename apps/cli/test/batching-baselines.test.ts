import { readFixtureBytes } from '@albert-ts/test-support';
import { AlbertTokenizer } from '@albert-ts/tokenizer';
import { Rng } from '@albert-ts/training';
import { describe, expect, it } from 'vitest';
import { majorityClass, mostFrequentTag } from '../src/demo/baselines.js';
import { alignWords, bucketedBatches, padBatch } from '../src/lib/encode.js';

describe('bucketedBatches', () => {
  const rng = () => new Rng(3);
  it('is a permutation cut into batches, sorted by length inside each pool of 50 batches', () => {
    const lengths = Array.from({ length: 1000 }, (_, i) => (i * 7919) % 97);
    const batches = bucketedBatches(lengths, 8, (xs) => rng().shuffle(xs));
    expect(batches.flat().sort((a, b) => a - b)).toEqual(lengths.map((_, i) => i));
    expect(batches.filter((b) => b.length !== 8).length).toBe(0);
    // Within a batch lengths differ little (they come from one sorted pool of 400).
    const spread = batches.map(
      (b) => Math.max(...b.map((i) => lengths[i]!)) - Math.min(...b.map((i) => lengths[i]!)),
    );
    expect(spread.reduce((a, b) => a + b, 0) / spread.length).toBeLessThan(5);
  });

  it('equal lengths keep the shuffled order: batches never follow the source order (e.g. grouped labels)', () => {
    // 500 "ham" then 500 "spam", all truncated to the same length: the regression this guards.
    const labels = Array.from({ length: 1000 }, (_, i) => (i < 500 ? 0 : 1));
    const lengths = labels.map(() => 128);
    const batches = bucketedBatches(lengths, 16, (xs) => new Rng(9).shuffle(xs));
    const mixed = batches.filter((b) => new Set(b.map((i) => labels[i])).size === 2).length;
    expect(mixed / batches.length).toBeGreaterThan(0.9);
  });
});

describe('word alignment for token classification', () => {
  const tok = AlbertTokenizer.fromBytes(readFixtureBytes('tokenizer', 'albert-en-30k-reconstructed.model'));

  it('labels the first piece of each word, -100 elsewhere, inside [CLS] … [SEP]', () => {
    const words = ['The', 'jurisdictional', 'dispute', '.'];
    const a = alignWords(tok, words, [0, 1, 2, 3], 64, new Map());
    expect(a.ids[0]).toBe(tok.clsTokenId);
    expect(a.ids.at(-1)).toBe(tok.sepTokenId);
    // The pieces are exactly the tokenizer's, word by word.
    const pieces = words.flatMap((w) => tok.convertTokensToIds(tok.tokenize(w)));
    expect(a.ids.slice(1, -1)).toEqual(pieces);
    expect(a.wordStarts.map((p) => a.labels[p])).toEqual([0, 1, 2, 3]);
    expect(a.labels.filter((l) => l !== -100)).toHaveLength(4);
    expect(a.ids).toHaveLength(a.labels.length);
  });

  it('cuts whole words at maxLength and marks them -1', () => {
    const words = Array.from({ length: 20 }, () => 'dispute');
    const a = alignWords(tok, words, null, 8, new Map());
    expect(a.ids.length).toBeLessThanOrEqual(8);
    expect(a.wordStarts.filter((p) => p >= 0)).toHaveLength(a.ids.length - 2);
    expect(a.wordStarts.slice(a.ids.length - 2).every((p) => p === -1)).toBe(true);
  });

  it('pads a batch to its longest member with the pad id and a zero mask', () => {
    const b = padBatch(
      [
        { ids: [2, 5, 3], typeIds: [0, 0, 0] },
        { ids: [2, 3], typeIds: [0, 0] },
      ],
      0,
    );
    expect(b).toEqual({
      inputIds: [
        [2, 5, 3],
        [2, 3, 0],
      ],
      attentionMask: [
        [1, 1, 1],
        [1, 1, 0],
      ],
      tokenTypeIds: [
        [0, 0, 0],
        [0, 0, 0],
      ],
    });
  });
});

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
  });
});
