import { describe, expect, it } from 'vitest';
import { bucketedBatches } from '../src/finetune/task-batches.js';
import { Rng } from '../src/rng.js';

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
