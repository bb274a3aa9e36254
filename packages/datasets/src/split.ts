import { DatasetError } from './errors.js';

/** A train/dev/test split of some items. */
export interface Splits<T> {
  train: T[];
  dev: T[];
  test: T[];
}

/** The seed and the dev/test fractions of a deterministic split. */
export interface SplitOptions {
  /** Any number or string; the same seed gives the same split on every machine. Default 42. */
  seed?: number | string;
  /** Fraction of each stratum that goes to dev (default 0.1). */
  dev?: number;
  /** Fraction of each stratum that goes to test (default 0.1). */
  test?: number;
}

/**
 * Options of `seededSplit`: the seed and fractions, each item's stable key, and an optional
 * stratum.
 */
export interface SeededSplitOptions<T> extends SplitOptions {
  /** A unique, stable id for each item (the split depends only on ids and seed, not on input order). */
  key: (item: T) => string;
  /** Items with equal strata are split separately, so every stratum keeps its proportions. */
  stratify?: (item: T) => string;
}

/**
 * Deterministic train/dev/test split. The rule:
 * within each stratum, items are ordered by `hash53(seed + "\u0000" + key)` (ties by key);
 * the first `round(n * test)` go to test, the next `round(n * dev)` to dev, the rest to train.
 * Each split keeps the input order. The hash is integer-only (Math.imul), so it is the same
 * on every JavaScript engine and machine.
 */
export function seededSplit<T>(items: readonly T[], options: SeededSplitOptions<T>): Splits<T> {
  const seed = String(options.seed ?? 42);
  const devFrac = options.dev ?? 0.1;
  const testFrac = options.test ?? 0.1;
  for (const [name, f] of [
    ['dev', devFrac],
    ['test', testFrac],
  ] as const) {
    if (!(f >= 0 && f <= 1))
      throw new DatasetError('INVALID_OPTION', `${name} fraction must be in [0, 1], found ${f}`);
  }
  if (devFrac + testFrac > 1) {
    throw new DatasetError('INVALID_OPTION', `dev + test fractions must be ≤ 1, found ${devFrac + testFrac}`);
  }
  const strata = new Map<string, { key: string; hash: number; index: number }[]>();
  const seen = new Set<string>();
  items.forEach((item, index) => {
    const key = options.key(item);
    if (seen.has(key))
      throw new DatasetError('DUPLICATE_ID', `split key ${JSON.stringify(key)} is not unique`);
    seen.add(key);
    const stratum = options.stratify ? options.stratify(item) : '';
    let list = strata.get(stratum);
    if (!list) {
      list = [];
      strata.set(stratum, list);
    }
    list.push({ key, hash: hash53(`${seed}\u0000${key}`), index });
  });
  const assignment = new Uint8Array(items.length); // 0 train, 1 dev, 2 test
  for (const list of strata.values()) {
    list.sort((a, b) => a.hash - b.hash || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const n = list.length;
    const nTest = Math.round(n * testFrac);
    const nDev = Math.min(Math.round(n * devFrac), n - nTest);
    list.forEach((entry, rank) => {
      assignment[entry.index] = rank < nTest ? 2 : rank < nTest + nDev ? 1 : 0;
    });
  }
  const out: Splits<T> = { train: [], dev: [], test: [] };
  items.forEach((item, i) => {
    (assignment[i] === 0 ? out.train : assignment[i] === 1 ? out.dev : out.test).push(item);
  });
  return out;
}

/** 53-bit string hash (cyrb53, public domain): integer arithmetic only, identical everywhere. */
export function hash53(text: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
