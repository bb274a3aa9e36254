/**
 * BPE segmentation: sentencepiece's `bpe::Model::SampleEncode` without dropout. Start from characters
 * (user-defined symbols are single frozen symbols), repeatedly merge the adjacent pair whose merged
 * piece has the highest score (ties: leftmost), then split UNUSED results back along the merges
 * that made them.
 */
import { PieceType } from '../proto/model-proto.js';
import { lookup, type Vocab } from '../vocab.js';
import type { Segmentation, SegmentationModel } from './segmentation.js';
import { prefixMatch } from './symbols.js';

export class BpeModel implements SegmentationModel {
  constructor(private readonly vocab: Vocab) {}

  /** `dropout`: BPE-dropout, each merge skipped with probability `alpha` (sentencepiece's SampleEncode). */
  encode(
    norm: Uint8Array,
    n: number,
    out: Segmentation,
    dropout?: { alpha: number; random: () => number },
  ): void {
    out.reset(0);
    if (n === 0) {
      out.finish(0);
      return;
    }
    const vocab = this.vocab;
    // Symbols as a linked list over byte ranges.
    const start: number[] = [];
    const len: number[] = [];
    const freeze: boolean[] = [];
    for (let pos = 0; pos < n; ) {
      const [l, frozen] = prefixMatch(vocab, norm, pos, n);
      start.push(pos);
      len.push(l);
      freeze.push(frozen);
      pos += l;
    }
    const m = start.length;
    const prev = new Int32Array(m);
    const next = new Int32Array(m);
    for (let i = 0; i < m; i++) {
      prev[i] = i - 1;
      next[i] = i + 1 < m ? i + 1 : -1;
    }
    const heap = new PairHeap();
    // Reverse merges for UNUSED pieces, keyed by piece id (one entry per piece, last write wins).
    const revMerge = new Map<number, [number, number, number, number]>();
    const tryPair = (left: number, right: number) => {
      if (left < 0 || right < 0 || freeze[left] || freeze[right]) return;
      const size = len[left]! + len[right]!;
      const id = lookup(vocab.trie, norm, start[left]!, start[left]! + size);
      if (id < 0) return;
      heap.push(vocab.scores[id]!, left, right, size);
      if (vocab.types[id] === PieceType.UNUSED) {
        revMerge.set(id, [start[left]!, len[left]!, start[right]!, len[right]!]);
      }
    };
    for (let i = 1; i < m; i++) tryPair(i - 1, i);

    while (heap.size > 0) {
      const [, left, right, size] = heap.pop();
      if (len[left] === 0 || len[right] === 0 || len[left]! + len[right]! !== size) continue;
      if (dropout && dropout.alpha > 0 && (dropout.alpha >= 1 || dropout.random() < dropout.alpha)) continue;
      len[left] = size;
      next[left] = next[right]!;
      if (next[right]! >= 0) prev[next[right]!] = left;
      len[right] = 0;
      tryPair(prev[left]!, left);
      tryPair(left, next[left]!);
    }

    const emit = (s: number, l: number, depth: number): void => {
      const id = vocab.bytesToId(norm, s, s + l);
      const rev = vocab.types[id] === PieceType.UNUSED && depth < 64 ? revMerge.get(id) : undefined;
      if (rev === undefined) {
        out.push(id, s);
        return;
      }
      emit(rev[0], rev[1], depth + 1);
      emit(rev[2], rev[3], depth + 1);
    };
    for (let i = 0; i !== -1; i = next[i]!) emit(start[i]!, len[i]!, 0);
    out.finish(n);
  }
}

/** Max-heap of symbol pairs: higher score first, then smaller left index. */
class PairHeap {
  private score: number[] = [];
  private left: number[] = [];
  private right: number[] = [];
  private sz: number[] = [];

  get size(): number {
    return this.score.length;
  }

  private before(i: number, j: number): boolean {
    const a = this.score[i]!;
    const b = this.score[j]!;
    return a > b || (a === b && this.left[i]! < this.left[j]!);
  }

  private swap(i: number, j: number): void {
    for (const arr of [this.score, this.left, this.right, this.sz]) {
      const t = arr[i]!;
      arr[i] = arr[j]!;
      arr[j] = t;
    }
  }

  push(score: number, left: number, right: number, size: number): void {
    this.score.push(score);
    this.left.push(left);
    this.right.push(right);
    this.sz.push(size);
    let i = this.score.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.before(i, p)) break;
      this.swap(i, p);
      i = p;
    }
  }

  pop(): [number, number, number, number] {
    const top: [number, number, number, number] = [
      this.score[0]!,
      this.left[0]!,
      this.right[0]!,
      this.sz[0]!,
    ];
    const last = this.score.length - 1;
    this.swap(0, last);
    this.score.pop();
    this.left.pop();
    this.right.pop();
    this.sz.pop();
    const n = this.score.length;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let best = i;
      if (l < n && this.before(l, best)) best = l;
      if (r < n && this.before(r, best)) best = r;
      if (best === i) break;
      this.swap(i, best);
      i = best;
    }
    return top;
  }
}
