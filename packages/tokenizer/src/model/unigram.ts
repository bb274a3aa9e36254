/**
 * Unigram segmentation: sentencepiece's `Model::EncodeOptimized` (the default encoder since 0.1.9x),
 * a Viterbi pass over UTF-8 byte positions that keeps only the best path ending at each position.
 *
 * The arithmetic follows the C++ types so ties and near-ties break the same way: path scores are
 * stored as float32; a piece's score is promoted to double (the ternary with the user-defined bonus
 * is a double expression), added to the float path score in double, compared in double, then
 * stored as float32; the unknown-character candidate is a float32 sum.
 */
import { PieceType } from '../proto/model-proto.js';
import { isOversized, ONE_CHAR_LEN, RETAINED_MAX } from '../utf8.js';
import type { Vocab } from '../vocab.js';
import type { Segmentation, SegmentationModel } from './segmentation.js';

const UNK_PENALTY = 10;

export class UnigramModel implements SegmentationModel {
  /**
   * The piece trie interleaved as [base, check, id] per node (one cache line per step), with id -1
   * for UNUSED pieces: sentencepiece skips them entirely, as if they were not in the trie.
   */
  private readonly packed: Int32Array;
  /** Lattice score of the piece ending at each trie node (user-defined pieces get the bonus). */
  private readonly nodeScore: Float64Array;
  private readonly unkScore: number;
  private bestScore = new Float32Array(256);
  private startsAt = new Int32Array(256);
  private bestId = new Int32Array(256);

  constructor(private readonly vocab: Vocab) {
    const maxScore = vocab.maxScore;
    const { base, check, value } = vocab.trie;
    const size = base.length;
    this.packed = new Int32Array(size * 3);
    this.nodeScore = new Float64Array(size);
    for (let t = 0; t < size; t++) {
      this.packed[3 * t] = base[t]!;
      this.packed[3 * t + 1] = check[t]!;
      const id = value[t]!;
      const type = id >= 0 ? vocab.types[id] : 0;
      this.packed[3 * t + 2] = id >= 0 && type !== PieceType.UNUSED ? id : -1;
      if (id < 0) continue;
      // `length * max_score_ - 0.1` with length in bytes: float product, double difference.
      this.nodeScore[t] =
        type === PieceType.USER_DEFINED
          ? Math.fround(vocab.pieceBytes[id]!.length * maxScore) - 0.1
          : vocab.scores[id]!;
    }
    this.unkScore = Math.fround(vocab.minScore - UNK_PENALTY);
  }

  release(): void {
    if (this.startsAt.length > RETAINED_MAX) {
      this.bestScore = new Float32Array(256);
      this.startsAt = new Int32Array(256);
      this.bestId = new Int32Array(256);
    }
  }

  encode(norm: Uint8Array, n: number, out: Segmentation): void {
    out.reset(n);
    if (n === 0) {
      out.finish(0);
      return;
    }
    if (this.startsAt.length < n + 1 || isOversized(this.startsAt.length, n + 1)) {
      const cap = Math.max(n + 1, Math.min(this.startsAt.length * 2, 2 * n + 2));
      this.bestScore = new Float32Array(cap);
      this.startsAt = new Int32Array(cap);
      this.bestId = new Int32Array(cap);
    }
    const bestScore = this.bestScore;
    const startsAt = this.startsAt;
    const bestId = this.bestId;
    // -Infinity stands for "no path yet": every candidate is finite (scores are checked at load),
    // so `cand > best` is sentencepiece's `starts_at == -1 || cand > best`.
    bestScore.fill(Number.NEGATIVE_INFINITY, 1, n + 1);
    bestScore[0] = 0;
    const packed = this.packed;
    const nodeScore = this.nodeScore;
    const unkScore = this.unkScore;
    const unkId = this.vocab.unkId;

    let s = 0;
    while (s < n) {
      const till = bestScore[s]!;
      let mblen = ONE_CHAR_LEN[norm[s]! >> 4]!;
      if (mblen > n - s) mblen = n - s;
      let hasSingle = false;
      let node = 0;
      for (let k = s; k < n; ) {
        const t = packed[3 * node]! + norm[k]!;
        if (packed[3 * t + 1] !== node) break;
        node = t;
        k++;
        const id = packed[3 * t + 2]!;
        if (id >= 0) {
          const cand = nodeScore[t]! + till;
          if (cand > bestScore[k]!) {
            bestScore[k] = cand;
            startsAt[k] = s;
            bestId[k] = id;
          }
          if (k - s === mblen) hasSingle = true;
        }
      }
      if (!hasSingle) {
        const e = s + mblen;
        const cand = Math.fround(unkScore + till);
        if (cand > bestScore[e]!) {
          bestScore[e] = cand;
          startsAt[e] = s;
          bestId[e] = unkId;
        }
      }
      s += mblen;
    }

    // Backtrack; count first so pieces can be written in order.
    let count = 0;
    for (let e = n; e > 0; e = startsAt[e]!) count++;
    out.reset(count);
    out.count = count;
    let k = count;
    for (let e = n; e > 0; e = startsAt[e]!) {
      k--;
      out.ids[k] = bestId[e]!;
      out.begins[k] = startsAt[e]!;
    }
    out.finish(n);
  }
}
