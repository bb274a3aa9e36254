import { type Alphabet, isValidPiece, type PieceRules } from './alphabet.js';
import { FOLLOWED_BY_END, FOLLOWED_BY_WORD, type WordSet } from './corpus.js';
import { PieceTable } from './piece-table.js';
import { cappedLcp, forEachLcpInterval, sortSuffixesToDepth } from './suffix-array.js';

/**
 * The seed vocabulary of EM training (sentencepiece's MakeSeedSentencePieces): every character,
 * scored by its count, then the `seedSize` substrings with the highest count × length among the
 * internal nodes of the corpus's suffix tree (substrings seen at least twice and followed by at least
 * two different symbols) that are valid pieces. Scores become log probabilities.
 *
 * sentencepiece builds that suffix tree over the whole corpus. A valid piece never crosses a word
 * boundary (words are split before `▁`, and `▁` may only start a piece), so this builds it over the
 * distinct words instead, each followed by its own separator symbol, weighting each suffix by its
 * word's count. A substring's corpus count is then the sum of those weights, and its corpus
 * followers are the in-word symbols after it plus, where it ends a word, what follows that word in
 * the corpus (`▁` and/or the sentence end). The resulting set of candidates is the same as from the
 * corpus; only the order among equal scores may differ.
 */
/** Lattice edges of every word: `(begin, piece)` sorted by begin, then by piece length. */
export interface LatticeEdges {
  /** Edges of word w are `[offsets[w], offsets[w + 1])`. */
  offsets: Int32Array;
  begin: Int32Array;
  piece: Int32Array;
}

export interface SeedVocabulary {
  pieces: PieceTable;
  /** The piece id of each one-symbol piece (-1 when the symbol is not a piece). */
  charPiece: Int32Array;
  /** Where each seed piece occurs in the words, read off its suffix-array interval. */
  edges: LatticeEdges;
}

export function makeSeedPieces(
  words: WordSet,
  alphabet: Alphabet,
  charCounts: Float64Array,
  rules: PieceRules,
  seedSize: number,
): SeedVocabulary {
  const chars: number[] = [];
  for (let sym = 1; sym < alphabet.size; sym++) {
    if (charCounts[sym] > 0 && !alphabet.isForbidden(sym)) chars.push(sym);
  }
  // Most frequent first; ties by code point (symbols are in code-point order).
  chars.sort((a, b) => charCounts[b] - charCounts[a] || a - b);

  // Words, each followed by a distinct separator symbol (>= sepBase).
  const sepBase = alphabet.size;
  const n = words.symbols.length + words.count;
  const text = new Int32Array(n);
  const wordAt = new Int32Array(n);
  for (let w = 0, p = 0; w < words.count; w++) {
    for (let i = words.offsets[w]; i < words.offsets[w + 1]; i++) {
      text[p] = words.symbols[i];
      wordAt[p++] = w;
    }
    text[p] = sepBase + w;
    wordAt[p++] = w;
  }
  const depth = rules.maxPieceLength + 1;
  const sa = sortSuffixesToDepth(text, sepBase + words.count, depth);
  const lcp = cappedLcp(text, sa, depth);
  // weight[k] = sum of the counts of the words of suffixes sa[0..k).
  const weight = new Float64Array(n + 1);
  for (let k = 0; k < n; k++) weight[k + 1] = weight[k] + words.freq[wordAt[sa[k]]];

  // Candidates: their suffix-array interval [lb, rb) (all their occurrences), length and score.
  let cap = 1 << 14;
  let candLb = new Int32Array(cap);
  let candRb = new Int32Array(cap);
  let candLen = new Uint16Array(cap);
  let candScore = new Float64Array(cap);
  let count = 0;
  const push = (lb: number, rb: number, len: number, score: number): void => {
    if (count === cap) {
      cap *= 2;
      candLb = grow(candLb, cap);
      candRb = grow(candRb, cap);
      candLen = grow(candLen, cap);
      candScore = grow(candScore, cap);
    }
    candLb[count] = lb;
    candRb[count] = rb;
    candLen[count] = len;
    candScore[count] = score;
    count++;
  };

  // Substrings occurring more than once among the words.
  forEachLcpInterval(lcp, (lb, rb, d) => {
    if (d <= 1 || d > rules.maxPieceLength) return;
    const start = sa[lb];
    if (!isValidPiece(alphabet, rules, text, start, d)) return;
    // At least two different followers in the corpus?
    let first = -1;
    let ends = 0;
    let branching = false;
    for (let k = lb; k < rb; k++) {
      const p = sa[k] + d;
      const sym = text[p];
      if (sym >= sepBase) ends |= words.followers[wordAt[p]];
      else if (first < 0) first = sym;
      else if (sym !== first) {
        branching = true;
        break;
      }
    }
    if (!branching) {
      const kinds =
        (first >= 0 ? 1 : 0) + (ends & FOLLOWED_BY_WORD ? 1 : 0) + (ends & FOLLOWED_BY_END ? 1 : 0);
      if (kinds < 2) return;
    }
    push(lb, rb, d, (weight[rb] - weight[lb]) * d);
  });

  // Substrings occurring once among the words, at the end of a word that is followed both by another
  // word and by a sentence end: in the corpus they are repeated and branch.
  const both = FOLLOWED_BY_WORD | FOLLOWED_BY_END;
  const rank = new Int32Array(n);
  for (let k = 0; k < n; k++) rank[sa[k]] = k;
  for (let w = 0, p = 0; w < words.count; w++) {
    const len = words.offsets[w + 1] - words.offsets[w];
    const wordStart = p;
    p += len + 1;
    if (words.followers[w] !== both) continue;
    const end = wordStart + len;
    for (let d = 2; d <= Math.min(len, rules.maxPieceLength); d++) {
      const start = end - d;
      const k = rank[start];
      const shared = Math.max(lcp[k], k + 1 < n ? lcp[k + 1] : 0);
      if (shared >= d) continue; // occurs elsewhere too: an interval above
      if (!isValidPiece(alphabet, rules, text, start, d)) continue;
      push(k, k + 1, d, words.freq[w] * d);
    }
  }

  // The top `seedSize` by score. Among equal scores sentencepiece keeps the order in which esaxx
  // enumerates suffix-tree nodes: by the node's right end in the suffix array, deeper first, which is
  // the lexicographic order of the strings with a string placed after its own extensions. Ties are
  // common (count × length is a small integer), and the order decides later ties in pruning.
  const order = Array.from({ length: count }, (_, i) => i);
  const byText = (a: number, b: number): number => {
    const sa0 = sa[candLb[a]];
    const sb0 = sa[candLb[b]];
    const la = candLen[a];
    const lb = candLen[b];
    const m = Math.min(la, lb);
    for (let i = 0; i < m; i++) {
      const d = text[sa0 + i] - text[sb0 + i];
      if (d !== 0) return d;
    }
    return lb - la;
  };
  order.sort((a, b) => candScore[b] - candScore[a] || byText(a, b));
  const kept = order.slice(0, Math.max(0, seedSize));

  const table = new PieceTable(chars.length + kept.length);
  const charPiece = new Int32Array(alphabet.size).fill(-1);
  const scores: number[] = [];
  const one = new Int32Array(1);
  for (const sym of chars) {
    one[0] = sym;
    charPiece[sym] = table.add(one, 0, 1);
    scores.push(charCounts[sym]);
  }
  const wordStart = (w: number): number => words.offsets[w] + w; // one separator per word
  for (const c of kept) {
    const p = sa[candLb[c]];
    const w = wordAt[p];
    table.add(text, p, candLen[c], w, p - wordStart(w));
    scores.push(candScore[c]);
  }
  let sum = 0;
  for (const s of scores) sum += s;
  const logSum = Math.log(sum);
  for (let id = 0; id < scores.length; id++) table.score[id] = Math.log(scores[id]!) - logSum;

  // Lattice edges, bucketed by text position; within a position shorter pieces come first.
  const start = new Int32Array(n + 1);
  for (let p = 0; p < n; p++) if (text[p] < sepBase && charPiece[text[p]] >= 0) start[p + 1]++;
  for (const c of kept) for (let k = candLb[c]; k < candRb[c]; k++) start[sa[k] + 1]++;
  for (let p = 0; p < n; p++) start[p + 1] += start[p];
  const total = start[n];
  const fill = start.slice(0, n);
  const edgeBegin = new Int32Array(total);
  const edgePiece = new Int32Array(total);
  for (let p = 0; p < n; p++) {
    const sym = text[p];
    if (sym < sepBase && charPiece[sym] >= 0) {
      const slot = fill[p]++;
      edgeBegin[slot] = p - wordStart(wordAt[p]);
      edgePiece[slot] = charPiece[sym];
    }
  }
  const byLength = kept.map((_, j) => j).sort((a, b) => candLen[kept[a]!] - candLen[kept[b]!] || a - b);
  for (const j of byLength) {
    const c = kept[j]!;
    const id = chars.length + j;
    for (let k = candLb[c]; k < candRb[c]; k++) {
      const p = sa[k];
      const slot = fill[p]++;
      edgeBegin[slot] = p - wordStart(wordAt[p]);
      edgePiece[slot] = id;
    }
  }
  const offsets = new Int32Array(words.count + 1);
  for (let w = 0; w < words.count; w++) offsets[w] = start[wordStart(w)];
  offsets[words.count] = total;
  return { pieces: table, charPiece, edges: { offsets, begin: edgeBegin, piece: edgePiece } };
}

function grow<T extends Int32Array | Uint16Array | Float64Array>(a: T, cap: number): T {
  const b = new (a.constructor as new (n: number) => T)(cap);
  b.set(a);
  return b;
}
