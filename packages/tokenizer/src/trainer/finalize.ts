import type { Alphabet } from './alphabet.js';
import { minScore } from './em.js';
import type { PieceTable } from './piece-table.js';

/** Score step between required characters that EM dropped (sentencepiece's kMinScorePenaltyDelta). */
const MIN_SCORE_PENALTY_DELTA = 0.0001;

export interface FinalPiece {
  piece: string;
  score: number;
}

/**
 * The final vocabulary (sentencepiece's FinalizeSentencePieces): every required character (with its
 * model score, or just above the lowest score when EM dropped it), then the best-scoring pieces up to
 * `size`, sorted by score (descending) and then by text.
 */
export function finalizePieces(
  model: Int32Array,
  pieces: PieceTable,
  alive: Uint8Array,
  alphabet: Alphabet,
  charPiece: Int32Array,
  requiredChars: readonly number[],
  size: number,
): FinalPiece[] {
  const floor = minScore(model, pieces);
  const chosen = new Map<string, number>();
  let penalty = 0;
  for (const sym of requiredChars) {
    const text = String.fromCodePoint(alphabet.codePoints[sym]);
    const id = charPiece[sym];
    if (id >= 0 && alive[id] === 1) {
      chosen.set(text, pieces.score[id]);
    } else {
      chosen.set(text, Math.fround(floor + penalty));
      penalty += MIN_SCORE_PENALTY_DELTA;
    }
  }

  const rest = Array.from(model, (id) => ({
    piece: alphabet.text(pieces.symbols(id), 0, pieces.lengths[id]),
    score: pieces.score[id],
  }));
  rest.sort(byScoreThenText);
  for (const p of rest) {
    if (chosen.has(p.piece)) continue;
    if (chosen.size >= size) break;
    chosen.set(p.piece, p.score);
  }
  return Array.from(chosen, ([piece, score]) => ({ piece, score })).sort(byScoreThenText);
}

function byScoreThenText(a: FinalPiece, b: FinalPiece): number {
  return b.score - a.score || compareCodePoints(a.piece, b.piece);
}

/** Orders strings by code point (= UTF-8 byte order, as std::string compares), not UTF-16 unit. */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const xs = x >= 0xd800 && x < 0xe000;
    const ys = y >= 0xd800 && y < 0xe000;
    if (xs !== ys) return xs ? 1 : -1; // a surrogate (astral code point) sorts after any BMP unit
    return x - y;
  }
  return a.length - b.length;
}
