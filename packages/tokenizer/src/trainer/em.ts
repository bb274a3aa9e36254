import type { PieceTable } from './piece-table.js';

/** sentencepiece's digamma approximation (recurrence up to 7, then the asymptotic series). */
export function digamma(x: number): number {
  let result = 0;
  for (; x < 7; ++x) result -= 1 / x;
  x -= 1 / 2;
  const xx = 1 / x;
  const xx2 = xx * xx;
  const xx4 = xx2 * xx2;
  result +=
    Math.log(x) + (1 / 24) * xx2 - (7 / 960) * xx4 + (31 / 8064) * xx4 * xx2 - (127 / 30720) * xx4 * xx4;
  return result;
}

/** Pieces whose expected count falls below this are dropped by the M-step. */
const EXPECTED_FREQUENCY_THRESHOLD = 0.5;

/**
 * M-step with the Bayesian (Dirichlet-process) update sentencepiece uses instead of plain EM:
 * score = digamma(count) - digamma(total), which acts as a sparse prior. Returns the surviving piece
 * ids in model order and updates `alive` and the scores.
 */
export function mStep(
  model: Int32Array,
  expected: Float64Array,
  pieces: PieceTable,
  alive: Uint8Array,
): Int32Array {
  const kept: number[] = [];
  let sum = 0;
  for (const id of model) {
    const freq = expected[id];
    if (freq < EXPECTED_FREQUENCY_THRESHOLD) {
      alive[id] = 0;
      continue;
    }
    kept.push(id);
    sum += freq;
  }
  const logSum = digamma(sum);
  for (const id of kept) pieces.score[id] = digamma(expected[id]) - logSum;
  return Int32Array.from(kept);
}

/** The smallest score among the model's pieces. */
export function minScore(model: Int32Array, pieces: PieceTable): number {
  let m = Number.POSITIVE_INFINITY;
  for (const id of model) if (pieces.score[id] < m) m = pieces.score[id];
  return m;
}

/** Penalty sentencepiece gives unknown symbols relative to the lowest piece score. */
export const UNK_PENALTY = 10;
