import { minScore, UNK_PENALTY } from './em.js';
import { viterbi, type WordLattices } from './lattice.js';
import type { PieceTable } from './piece-table.js';

/**
 * One pruning round (sentencepiece's PruneSentencePieces). A piece whose own best segmentation is not
 * itself is never used and goes. For the others, the loss of removing piece i is estimated by
 * assuming every use of i is replaced by its second-best segmentation: the change in corpus log
 * likelihood, weighted by how often i is used on the Viterbi paths. Pieces with no alternative stay;
 * the rest are kept by descending loss until the model has max(desiredSize, shrinkingFactor × size)
 * pieces. Returns the new model (piece ids) and updates `alive`.
 */
export function prune(
  model: Int32Array,
  pieces: PieceTable,
  alive: Uint8Array,
  lattices: WordLattices,
  desiredSize: number,
  shrinkingFactor: number,
): Int32Array {
  const unkScore = minScore(model, pieces) - UNK_PENALTY;
  const size = model.length;

  // 1. Second-best segmentation of each piece.
  const alwaysKeep = new Uint8Array(size);
  const altOffsets = new Int32Array(size + 1);
  const altIds: number[] = [];
  let maxLen = 1;
  for (const id of model) if (pieces.lengths[id] > maxLen) maxLen = pieces.lengths[id];
  const edgeBegin = new Int32Array(maxLen * maxLen);
  const edgePiece = new Int32Array(maxLen * maxLen);
  const best = new Float32Array(maxLen + 1);
  const back = new Int32Array(maxLen + 1);
  const { edgeOffsets, edgeBegin: wordBegin, edgePiece: wordPiece } = lattices;
  for (let i = 0; i < size; i++) {
    altOffsets[i] = altIds.length;
    const id = model[i];
    const len = pieces.lengths[id];
    if (len === 1) {
      alwaysKeep[i] = 1; // a single symbol has no other segmentation
      continue;
    }
    // The piece's lattice is the part of a word's lattice (live pieces only) inside one occurrence.
    const w = pieces.occWord[id];
    const b0 = pieces.occBegin[id];
    let lo = edgeOffsets[w];
    let hi = edgeOffsets[w + 1];
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (wordBegin[mid] < b0) lo = mid + 1;
      else hi = mid;
    }
    let m = 0;
    for (let k = lo; k < edgeOffsets[w + 1] && wordBegin[k] < b0 + len; k++) {
      const p = wordPiece[k];
      const b = wordBegin[k] - b0;
      if (b + pieces.lengths[p] <= len) {
        edgeBegin[m] = b;
        edgePiece[m] = p;
        m++;
      }
    }
    viterbi(len, edgeBegin, edgePiece, 0, m, pieces, unkScore, id, best, back, null);
    if (best[len] > pieces.score[id]) continue; // its Viterbi path is split: never used, remove
    alwaysKeep[i] = 1;
    viterbi(len, edgeBegin, edgePiece, 0, m, pieces, unkScore, id, best, back, (p) => altIds.push(p));
  }
  altOffsets[size] = altIds.length;

  // 2. How often each piece is used on the Viterbi paths of the corpus.
  // Steps 2 and 3 use float32 arithmetic exactly where sentencepiece does: many rare pieces have
  // nearly equal losses, and the order among them decides which survive.
  const f32 = Math.fround;
  const freq = new Float32Array(pieces.size);
  let vsum = 0;
  const words = lattices.words;
  for (let w = 0; w < words.count; w++) {
    const f = words.freq[w];
    vsum = f32(vsum + f);
    lattices.viterbiWord(w, pieces, unkScore, (p) => {
      if (p >= 0) freq[p] += f;
    });
  }
  let sumD = 0;
  for (const id of model) sumD += freq[id];
  const sum = f32(sumD);
  const logSum = f32(Math.log(sum));

  // 3. Loss of each removable piece.
  const kept: number[] = [];
  const candIndex: number[] = [];
  const candLoss: number[] = [];
  for (let i = 0; i < size; i++) {
    const id = model[i];
    if (freq[id] === 0 || alwaysKeep[i] === 0) continue;
    const a0 = altOffsets[i];
    const a1 = altOffsets[i + 1];
    if (a0 === a1) {
      kept.push(id);
      continue;
    }
    const fi = freq[id];
    const share = f32(fi / vsum); // share of the corpus in which the piece is used
    const logProb = f32(Math.log(fi) - logSum);
    // Removing the piece moves its count onto each of its alternatives.
    const logSumAlt = f32(Math.log(f32(sum + f32(fi * (a1 - a0 - 1)))));
    let logProbAlt = 0;
    for (let j = a0; j < a1; j++) {
      const alt = altIds[j]!;
      logProbAlt = f32(logProbAlt + (Math.log(f32((alt >= 0 ? freq[alt] : 0) + fi)) - logSumAlt));
    }
    candIndex.push(i);
    candLoss.push(f32(share * f32(logProb - logProbAlt)));
  }

  const prunedSize = Math.max(desiredSize, Math.trunc(shrinkingFactor * size));
  const order = candIndex
    .map((_, j) => j)
    .sort((a, b) => candLoss[b]! - candLoss[a]! || candIndex[a]! - candIndex[b]!);
  for (const j of order) {
    if (kept.length >= prunedSize) break;
    kept.push(model[candIndex[j]!]);
  }
  alive.fill(0);
  for (const id of kept) alive[id] = 1;
  return Int32Array.from(kept);
}
