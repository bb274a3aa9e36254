import type { Rng } from '../rng.js';

/**
 * Options of `createMaskedLmPredictions`, create_pretraining_data.py's flags: masking probability,
 * predictions per sequence, n-gram length, whole-word masking.
 */
export interface MaskingOptions {
  maskedLmProb: number;
  maxPredictionsPerSeq: number;
  /** Longest n-gram (in whole words). */
  ngram: number;
  doWholeWordMask: boolean;
  /** p(n) ∝ 1/n when true, reversed when false. */
  favorShorterNgram: boolean;
  vocabSize: number;
  maskTokenId: number;
}

/**
 * What `createMaskedLmPredictions` returns: the masked ids, the masked positions and their original
 * ids.
 */
export interface MaskedLmPredictions {
  /** The input ids after masking. */
  outputIds: number[];
  /** Masked positions, ascending. */
  positions: number[];
  /** Original ids at those positions. */
  labels: number[];
  /** 1 where a piece starts a word (and at specials), as the reference's `token_boundary`. */
  tokenBoundary: number[];
  /**
   * The n drawn from p(n) for each masked n-gram, in the order they were chosen. This is what
   * follows p(n) ∝ 1/n (up to the reference's skip of overlapping candidates).
   */
  ngramSizes: number[];
  /**
   * Whole words actually masked for each n-gram: ≤ its size, because the reference shortens an
   * n-gram that would exceed the prediction budget and a candidate near the end of the sequence
   * has fewer words after it. So these lean shorter than p(n).
   */
  ngramLengths: number[];
}

/** Python 3 `round` (half to even), which the reference uses for the number of predictions. */
export function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/**
 * n-gram whole-word masking as `create_masked_lm_predictions` in ALBERT's
 * `create_pretraining_data.py`: words (a start piece and its continuation pieces) are the units;
 * candidates are shuffled; each takes an n-gram of n words with p(n) ∝ 1/n (n ≤ `ngram`), shortened
 * when it would exceed the budget `min(maxPredictionsPerSeq, max(1, round(len · maskedLmProb)))`
 * and skipped when it overlaps an earlier one; each chosen piece becomes [MASK] with p 0.8, stays
 * with p 0.1, or becomes a uniformly random vocabulary id with p 0.1.
 *
 * `isSpecial(i)` marks [CLS]/[SEP] (never masked). One deliberate difference from the reference:
 * a continuation piece right after a special token starts a new word instead of joining the word
 * before the [SEP] (which would make a masked "word" straddle the segment boundary).
 */
export function createMaskedLmPredictions(
  ids: readonly number[],
  isSpecial: (i: number) => boolean,
  startTable: Uint8Array,
  opts: MaskingOptions,
  rng: Rng,
): MaskedLmPredictions {
  const cand: number[][] = [];
  const tokenBoundary = new Array<number>(ids.length).fill(0);
  let afterSpecial = true;
  for (let i = 0; i < ids.length; i++) {
    if (isSpecial(i)) {
      tokenBoundary[i] = 1;
      afterSpecial = true;
      continue;
    }
    const start = startTable[ids[i]] === 1;
    if (opts.doWholeWordMask && cand.length >= 1 && !start && !afterSpecial) {
      cand[cand.length - 1].push(i);
    } else {
      cand.push([i]);
      if (start) tokenBoundary[i] = 1;
    }
    afterSpecial = false;
  }
  const outputIds = ids.slice();
  const result: MaskedLmPredictions = {
    outputIds,
    positions: [],
    labels: [],
    tokenBoundary,
    ngramSizes: [],
    ngramLengths: [],
  };
  if (opts.maskedLmProb === 0 || cand.length === 0) return result;

  const numToPredict = Math.min(
    opts.maxPredictionsPerSeq,
    Math.max(1, roundHalfEven(ids.length * opts.maskedLmProb)),
  );
  const pvals: number[] = [];
  for (let n = 1; n <= opts.ngram; n++) pvals.push(1 / n);
  if (!opts.favorShorterNgram) pvals.reverse();

  const order = cand.map((_, i) => i);
  rng.shuffle(order);
  const covered = new Set<number>();
  const masked: Array<[index: number, label: number]> = [];
  const span = (start: number, n: number): number[] => cand.slice(start, start + n).flat();
  for (const idx of order) {
    if (masked.length >= numToPredict) break;
    let n = rng.choice(pvals) + 1;
    const drawn = n;
    let indexSet = span(idx, n);
    let words = Math.min(n, cand.length - idx);
    n -= 1;
    // Try shorter n-grams while this one would exceed the budget.
    while (masked.length + indexSet.length > numToPredict) {
      if (n === 0) break;
      indexSet = span(idx, n);
      words = Math.min(n, cand.length - idx);
      n -= 1;
    }
    if (masked.length + indexSet.length > numToPredict) continue;
    if (indexSet.some((i) => covered.has(i))) continue;
    for (const index of indexSet) {
      covered.add(index);
      let replacement: number;
      if (rng.random() < 0.8) replacement = opts.maskTokenId;
      else if (rng.random() < 0.5) replacement = ids[index];
      else replacement = rng.randint(0, opts.vocabSize - 1);
      outputIds[index] = replacement;
      masked.push([index, ids[index]]);
    }
    result.ngramSizes.push(drawn);
    result.ngramLengths.push(words);
  }
  masked.sort((a, b) => a[0] - b[0]);
  for (const [index, label] of masked) {
    result.positions.push(index);
    result.labels.push(label);
  }
  return result;
}
