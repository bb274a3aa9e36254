import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hash53, seededSplit } from '../src/split.js';

const items = (n: number, strata: number) =>
  Array.from({ length: n }, (_, i) => ({ id: `item-${i}`, group: `g${i % strata}` }));

describe('seededSplit', () => {
  it('partitions the items, keeps input order, and gives each stratum round(n·f) dev and test items', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 300 }),
        fc.integer({ min: 1, max: 5 }),
        fc.oneof(fc.integer(), fc.string()),
        fc.double({ min: 0, max: 0.5, noNaN: true }),
        fc.double({ min: 0, max: 0.5, noNaN: true }),
        (n, strata, seed, dev, test) => {
          const all = items(n, strata);
          const split = seededSplit(all, { seed, dev, test, key: (x) => x.id, stratify: (x) => x.group });
          const ids = [...split.train, ...split.dev, ...split.test].map((x) => x.id).sort();
          expect(ids).toEqual(all.map((x) => x.id).sort());
          for (const part of [split.train, split.dev, split.test]) {
            const positions = part.map((x) => all.indexOf(x));
            expect(positions).toEqual([...positions].sort((a, b) => a - b));
          }
          for (let g = 0; g < strata; g++) {
            const size = all.filter((x) => x.group === `g${g}`).length;
            const nTest = Math.round(size * test);
            expect(split.test.filter((x) => x.group === `g${g}`)).toHaveLength(nTest);
            expect(split.dev.filter((x) => x.group === `g${g}`)).toHaveLength(
              Math.min(Math.round(size * dev), size - nTest),
            );
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('depends only on ids and seed: same seed same split whatever the input order, other seeds differ', () => {
    const all = items(200, 3);
    const key = (x: { id: string }) => x.id;
    const ids = (s: { dev: { id: string }[]; test: { id: string }[] }) => ({
      dev: s.dev.map(key).sort(),
      test: s.test.map(key).sort(),
    });
    const a = seededSplit(all, { seed: 7, key, stratify: (x) => x.group });
    const b = seededSplit([...all].reverse(), { seed: 7, key, stratify: (x) => x.group });
    expect(ids(b)).toEqual(ids(a));
    const c = seededSplit(all, { seed: 8, key, stratify: (x) => x.group });
    expect(ids(c)).not.toEqual(ids(a));
  });

  it('rejects bad fractions and duplicate keys', () => {
    expect(() => seededSplit([1, 2], { key: String, dev: 0.7, test: 0.6 })).toThrow(/≤ 1/);
    expect(() => seededSplit([1, 2], { key: String, dev: -0.1 })).toThrow(/\[0, 1\]/);
    expect(() => seededSplit([1, 1], { key: String })).toThrow(/not unique/);
  });

  it('hash53 is a fixed function of its input (cyrb53 reference values)', () => {
    // Reference values of the published cyrb53 (bryc/code, public domain) for these inputs.
    expect(hash53('a')).toBe(7929297801672961);
    expect(hash53('revenge')).toBe(4051478007546757);
    expect(hash53('revenue')).toBe(8309097637345594);
    expect(hash53('revenue', 1)).toBe(8697026808958300);
  });
});
