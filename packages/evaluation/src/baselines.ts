/**
 * Baselines that need no learning, to put next to a model's score: the value of a model (and of
 * pretraining) is measured against them. Pure functions of the training labels.
 */
import { EvaluationError } from './errors.js';

/** The most frequent training label, to predict for every test example; ties go to the first seen. */
export function majorityClass<L>(trainLabels: readonly L[]): L {
  if (trainLabels.length === 0) throw new EvaluationError('EMPTY_INPUT', 'majorityClass: no training labels');
  const counts = new Map<L, number>();
  for (const l of trainLabels) counts.set(l, (counts.get(l) ?? 0) + 1);
  let best: L = trainLabels[0] as L;
  let bestCount = -1;
  // Ties go to the label seen first, so the result does not depend on Map internals.
  for (const [l, c] of counts) {
    if (c > bestCount) {
      best = l;
      bestCount = c;
    }
  }
  return best;
}

/**
 * What `mostFrequentTag` returns: a tagger from training counts, its fallback tag and its
 * vocabulary size.
 */
export interface TagBaseline<T> {
  /** Tag for a word: its most frequent training tag, else the most frequent tag overall. */
  tag(word: string): T;
  readonly fallback: T;
  /** Distinct (lower-cased) training words. */
  readonly vocabulary: number;
}

/**
 * Most-frequent-tag-per-word: the classic POS baseline (≈ 90% on Brown with the universal tags).
 * Words are compared lower-cased; unseen words get the most frequent tag overall.
 */
export function mostFrequentTag<T>(
  sentences: ReadonlyArray<{ words: readonly string[]; tags: readonly T[] }>,
): TagBaseline<T> {
  const perWord = new Map<string, Map<T, number>>();
  const overall: T[] = [];
  sentences.forEach((s, n) => {
    if (s.words.length !== s.tags.length) {
      throw new EvaluationError(
        'LENGTH_MISMATCH',
        `mostFrequentTag: sentence ${n} has ${s.words.length} words but ${s.tags.length} tags`,
      );
    }
    s.words.forEach((w, i) => {
      const t = s.tags[i] as T;
      overall.push(t);
      const key = w.toLowerCase();
      let m = perWord.get(key);
      if (!m) {
        m = new Map();
        perWord.set(key, m);
      }
      m.set(t, (m.get(t) ?? 0) + 1);
    });
  });
  const fallback = majorityClass(overall);
  const table = new Map<string, T>();
  for (const [w, m] of perWord) {
    let best: T = fallback;
    let bestCount = -1;
    for (const [t, c] of m) {
      if (c > bestCount) {
        best = t;
        bestCount = c;
      }
    }
    table.set(w, best);
  }
  return {
    tag: (word) => table.get(word.toLowerCase()) ?? fallback,
    fallback,
    vocabulary: table.size,
  };
}
