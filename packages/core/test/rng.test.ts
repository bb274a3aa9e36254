import { describe, expect, it } from 'vitest';
import { fnv1a32, seededNormal, splitmix32, xoshiro128Next, xoshiro128Seed } from '../src/rng.js';

// Seeded initial weights must stay bit-identical across releases (a seed names a model), so these
// values were recorded from the implementation before it was shared with @albert-ts/training.
const fnv = (words: Uint32Array): number => {
  let h = 0x811c9dc5;
  for (const w of words) h = Math.imul(h ^ w, 0x01000193) >>> 0;
  return h;
};

describe('seeded generator', () => {
  it('seededNormal reproduces the recorded draws', () => {
    const cases: [number, string, number, number[], number][] = [
      [
        0,
        'a',
        7,
        [0.026531575247645378, 0.006941370666027069, 0.024060318246483803, 0.018569590523838997],
        843058644,
      ],
      [
        42,
        'albert.embeddings.word_embeddings.weight',
        1001,
        [0.0024535777047276497, 0.003346106968820095, -0.01732209324836731, 0.010350745171308517],
        3759874455,
      ],
      [
        2 ** 40 + 3,
        'x',
        16,
        [0.0034751100465655327, 0.01944148540496826, 0.013967658393085003, -0.011404004879295826],
        2308840877,
      ],
      [
        -5,
        '',
        5,
        [-0.03904758766293526, -0.0019280172418802977, -0.030195625498890877, -0.020803559571504593],
        2560420842,
      ],
    ];
    for (const [seed, key, n, first, hash] of cases) {
      const out = seededNormal(seed, key, n, 0.02);
      expect(Array.from(out.slice(0, 4))).toEqual(first);
      expect(fnv(new Uint32Array(out.buffer))).toBe(hash);
    }
  });

  it('is xoshiro128** seeded by splitmix32', () => {
    const mix = splitmix32(0);
    const s = xoshiro128Seed(0);
    expect(Array.from(s)).toEqual([mix(), mix(), mix(), mix()]);
    // The reference algorithm, written out with plain numbers.
    let [a, b, c, d] = Array.from(s);
    const rotl = (x: number, k: number) => ((x << k) | (x >>> (32 - k))) >>> 0;
    for (let i = 0; i < 100; i++) {
      const expected = Math.imul(rotl(Math.imul(b, 5) >>> 0, 7), 9) >>> 0;
      const t = (b << 9) >>> 0;
      c = (c ^ a) >>> 0;
      d = (d ^ b) >>> 0;
      b = (b ^ c) >>> 0;
      a = (a ^ d) >>> 0;
      c = (c ^ t) >>> 0;
      d = rotl(d, 11);
      expect(xoshiro128Next(s)).toBe(expected);
    }
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
  });
});
