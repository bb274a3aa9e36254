/**
 * Subword regularization for unigram models: sentencepiece's `Lattice::Sample` (forward filtering,
 * backward sampling), drawing a segmentation with probability proportional to
 * exp(alpha * sum of piece scores). The lattice is sentencepiece's `PopulateNodes`: every piece that
 * matches at a character (UNUSED skipped; user-defined pieces score `chars * max_score - 0.1`), and an
 * unknown node where no single-character piece matches.
 */
import { PieceType } from '../proto/model-proto.js';
import { ONE_CHAR_LEN } from '../utf8.js';
import type { Vocab } from '../vocab.js';
import type { Segmentation } from './segmentation.js';

const UNK_PENALTY = 10;

function logSumExp(x: number, y: number, init: boolean): number {
  if (init) return y;
  const vmin = Math.min(x, y);
  const vmax = Math.max(x, y);
  if (vmax > vmin + 50) return vmax;
  return vmax + Math.log(Math.exp(vmin - vmax) + 1);
}

export function sampleUnigram(
  vocab: Vocab,
  norm: Uint8Array,
  n: number,
  theta: number,
  random: () => number,
  out: Segmentation,
): void {
  out.reset(0);
  if (n === 0) {
    out.finish(0);
    return;
  }
  const { base, check, value } = vocab.trie;
  const unkScore = Math.fround(vocab.minScore - UNK_PENALTY);
  const starts: number[] = [];
  const ends: number[] = [];
  const ids: number[] = [];
  const scores: number[] = [];
  const isStart = new Uint8Array(n + 1);
  isStart[n] = 1;
  for (let s = 0; s < n; ) {
    isStart[s] = 1;
    s += Math.min(ONE_CHAR_LEN[norm[s]! >> 4]!, n - s);
  }
  const charsBetween = (s: number, e: number) => {
    let c = 0;
    for (let i = s; i < e; i++) if (isStart[i]) c++;
    return c;
  };
  for (let s = 0; s < n; ) {
    const mblen = Math.min(ONE_CHAR_LEN[norm[s]! >> 4]!, n - s);
    let hasSingle = false;
    let node = 0;
    for (let k = s; k < n; ) {
      const t = base[node]! + norm[k]!;
      if (check[t] !== node) break;
      node = t;
      k++;
      const id = value[t]!;
      if (id < 0 || vocab.types[id] === PieceType.UNUSED || !isStart[k]) continue;
      starts.push(s);
      ends.push(k);
      ids.push(id);
      scores.push(
        vocab.types[id] === PieceType.USER_DEFINED
          ? Math.fround(charsBetween(s, k) * vocab.maxScore) - 0.1
          : vocab.scores[id]!,
      );
      if (k - s === mblen) hasSingle = true;
    }
    if (!hasSingle) {
      starts.push(s);
      ends.push(s + mblen);
      ids.push(vocab.unkId);
      scores.push(unkScore);
    }
    s += mblen;
  }
  // Forward: alpha[p] = log sum over paths from the start to position p.
  const order = ends.map((_, i) => i).sort((a, b) => ends[a]! - ends[b]! || starts[a]! - starts[b]!);
  const alpha = new Float64Array(n + 1);
  const seen = new Uint8Array(n + 1);
  for (const i of order) {
    const e = ends[i]!;
    alpha[e] = logSumExp(alpha[e]!, theta * scores[i]! + alpha[starts[i]!]!, seen[e] === 0);
    seen[e] = 1;
  }
  // Backward: from the end, pick a node ending here with probability exp(alpha[s] + theta*score - alpha[e]).
  const byEnd = new Map<number, number[]>();
  for (const i of order) {
    const list = byEnd.get(ends[i]!) ?? [];
    list.push(i);
    byEnd.set(ends[i]!, list);
  }
  const picked: number[] = [];
  for (let e = n; e > 0; ) {
    const list = byEnd.get(e)!;
    const z = alpha[e]!;
    let r = random();
    let choice = list[list.length - 1]!;
    let total = 0;
    const probs = list.map((i) => Math.exp(alpha[starts[i]!]! + theta * scores[i]! - z));
    for (const p of probs) total += p;
    r *= total;
    for (let k = 0; k < list.length; k++) {
      r -= probs[k]!;
      if (r < 0) {
        choice = list[k]!;
        break;
      }
    }
    picked.push(choice);
    e = starts[choice]!;
  }
  for (let k = picked.length - 1; k >= 0; k--) out.push(ids[picked[k]!]!, starts[picked[k]!]!);
  out.finish(n);
}
