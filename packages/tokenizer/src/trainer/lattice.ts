import type { WordSet } from './corpus.js';
import type { PieceTable } from './piece-table.js';
import type { LatticeEdges } from './seed.js';

/** Forward/backward values outside [TINY, HUGE] are renormalized (float64 spans ~1e±308). */
const TINY = 1e-100;
const HUGE = 1e100;

/** values[i] · e^scales[i] += v · e^s, keeping the larger of the two scales. */
function addScaled(values: Float64Array, scales: Float64Array, i: number, v: number, s: number): void {
  const cur = values[i];
  if (cur === 0) {
    values[i] = v;
    scales[i] = s;
    return;
  }
  const cs = scales[i];
  if (cs === s) values[i] = cur + v;
  else if (s > cs) {
    values[i] = cur * Math.exp(cs - s) + v;
    scales[i] = s;
  } else values[i] = cur + v * Math.exp(s - cs);
}

/**
 * The segmentation lattices of all training words against the seed vocabulary.
 *
 * A lattice edge is (begin, piece); edges of a word are sorted by begin, then by length (the order
 * in which sentencepiece's trie lookup inserts lattice nodes). Positions no live one-symbol piece covers
 * get an implicit unknown edge of length 1 scored `unkScore`, as sentencepiece's PopulateNodes does.
 * Dead pieces are dropped from the edge lists by `compact`, so each EM pass only touches live ones.
 */
export class WordLattices {
  readonly words: WordSet;
  edgeOffsets: Int32Array;
  edgeBegin: Int32Array;
  edgePiece: Int32Array;
  private readonly alpha: Float64Array;
  private readonly alphaScale: Float64Array;
  private readonly beta: Float64Array;
  private readonly betaScale: Float64Array;
  private prob = new Float64Array(0);
  private readonly best: Float32Array;
  private readonly back: Int32Array;

  constructor(words: WordSet, edges: LatticeEdges) {
    this.words = words;
    this.edgeOffsets = edges.offsets;
    this.edgeBegin = edges.begin;
    this.edgePiece = edges.piece;
    const n1 = words.maxLength + 1;
    this.alpha = new Float64Array(n1);
    this.alphaScale = new Float64Array(n1);
    this.beta = new Float64Array(n1);
    this.betaScale = new Float64Array(n1);
    this.best = new Float32Array(n1);
    this.back = new Int32Array(n1);
  }

  get edgeCount(): number {
    return this.edgeOffsets[this.words.count];
  }

  /** Drops edges whose piece is not alive. */
  compact(alive: Uint8Array): void {
    const { edgeBegin, edgePiece, edgeOffsets } = this;
    let m = 0;
    for (let w = 0; w < this.words.count; w++) {
      const e0 = edgeOffsets[w];
      const e1 = edgeOffsets[w + 1];
      edgeOffsets[w] = m;
      for (let k = e0; k < e1; k++) {
        const p = edgePiece[k];
        if (alive[p] === 1) {
          edgeBegin[m] = edgeBegin[k];
          edgePiece[m] = p;
          m++;
        }
      }
    }
    edgeOffsets[this.words.count] = m;
    this.edgeBegin = edgeBegin.slice(0, m);
    this.edgePiece = edgePiece.slice(0, m);
  }

  /**
   * E-step: adds each word's expected piece counts (forward-backward marginals × word count) to
   * `expected`. Returns the objective (negative log likelihood per word occurrence) and, with
   * `countTokens`, the number of pieces in the Viterbi segmentations (0 otherwise).
   *
   * Runs in the probability domain (a multiply per edge instead of a log-sum-exp). Every forward
   * and backward value carries its own log scale: a value leaving the range [1e-100, 1e100] is
   * renormalized to 1 and its scale absorbs the factor, and sums of values on different scales are
   * aligned first. Words rarely need either, so long words cannot underflow and short ones cost
   * nothing extra.
   */
  expectations(
    pieces: PieceTable,
    unkScore: number,
    expected: Float64Array,
    countTokens: boolean,
  ): { objective: number; tokens: number } {
    const { edgeBegin, edgePiece, edgeOffsets } = this;
    const { alpha, alphaScale, beta, betaScale } = this;
    const { lengths } = pieces;
    const prob = this.probabilities(pieces);
    const unkProb = Math.exp(unkScore);
    const words = this.words;
    let totalFreq = 0;
    for (let w = 0; w < words.count; w++) totalFreq += words.freq[w];
    let objective = 0;
    let tokens = 0;
    for (let w = 0; w < words.count; w++) {
      const n = words.offsets[w + 1] - words.offsets[w];
      const e0 = edgeOffsets[w];
      const e1 = edgeOffsets[w + 1];
      const freq = words.freq[w];
      let scaled = false;
      // Forward: alpha[i] · e^alphaScale[i] = total weight of the segmentations of the first i symbols.
      alpha[0] = 1;
      alphaScale[0] = 0;
      for (let i = 1; i <= n; i++) {
        alpha[i] = 0;
        alphaScale[i] = 0;
      }
      let k = e0;
      for (let b = 0; b < n; b++) {
        let a = alpha[b];
        const sb = alphaScale[b];
        if ((a < TINY || a > HUGE) && a > 0) {
          alphaScale[b] = sb + Math.log(a);
          alpha[b] = a = 1;
          scaled = true;
        }
        const s = alphaScale[b];
        if (!(k < e1 && edgeBegin[k] === b && lengths[edgePiece[k]] === 1)) {
          addScaled(alpha, alphaScale, b + 1, a * unkProb, s);
        }
        while (k < e1 && edgeBegin[k] === b) {
          const p = edgePiece[k];
          addScaled(alpha, alphaScale, b + lengths[p], a * prob[p], s);
          k++;
        }
      }
      const logZ = alphaScale[n] + Math.log(alpha[n]);
      // Backward: beta[i] · e^betaScale[i] = total weight of the segmentations of the symbols from i on.
      beta[n] = 1;
      betaScale[n] = 0;
      k = e1 - 1;
      for (let b = n - 1; b >= 0; b--) {
        beta[b] = 0;
        betaScale[b] = 0;
        let hasSingle = false;
        while (k >= e0 && edgeBegin[k] === b) {
          const p = edgePiece[k];
          const e = b + lengths[p];
          if (lengths[p] === 1) hasSingle = true;
          addScaled(beta, betaScale, b, prob[p] * beta[e], betaScale[e]);
          k--;
        }
        if (!hasSingle) addScaled(beta, betaScale, b, unkProb * beta[b + 1], betaScale[b + 1]);
        const v = beta[b];
        if ((v < TINY || v > HUGE) && v > 0) {
          betaScale[b] += Math.log(v);
          beta[b] = 1;
          scaled = true;
        }
      }
      // Marginals.
      if (!scaled && alphaScale[n] === 0 && betaScale[0] === 0) {
        const norm = freq / alpha[n];
        for (let j = e0; j < e1; j++) {
          const p = edgePiece[j];
          const b = edgeBegin[j];
          expected[p] += norm * alpha[b] * prob[p] * beta[b + lengths[p]];
        }
      } else {
        const score = pieces.score;
        for (let j = e0; j < e1; j++) {
          const p = edgePiece[j];
          const b = edgeBegin[j];
          const e = b + lengths[p];
          const logM =
            Math.log(alpha[b]) + alphaScale[b] + score[p] + Math.log(beta[e]) + betaScale[e] - logZ;
          expected[p] += freq * Math.exp(logM);
        }
      }
      objective -= (freq * logZ) / totalFreq;
      if (countTokens) tokens += this.viterbiWord(w, pieces, unkScore, null);
    }
    return { objective, tokens };
  }

  /** e^score of every piece. */
  private probabilities(pieces: PieceTable): Float64Array {
    if (this.prob.length !== pieces.size) this.prob = new Float64Array(pieces.size);
    const prob = this.prob;
    for (let i = 0; i < pieces.size; i++) prob[i] = Math.exp(pieces.score[i]);
    return prob;
  }

  /**
   * Viterbi segmentation of word `w`; calls `onPiece(id)` for each piece on the best path (-1 for an
   * unknown symbol) and returns the number of pieces.
   */
  viterbiWord(
    w: number,
    pieces: PieceTable,
    unkScore: number,
    onPiece: ((id: number) => void) | null,
  ): number {
    const words = this.words;
    const n = words.offsets[w + 1] - words.offsets[w];
    return viterbi(
      n,
      this.edgeBegin,
      this.edgePiece,
      this.edgeOffsets[w],
      this.edgeOffsets[w + 1],
      pieces,
      unkScore,
      -1,
      this.best,
      this.back,
      onPiece,
    );
  }
}

/**
 * Best segmentation over edges `[e0, e1)` (sorted by begin, then length) of a sequence of `n` symbols,
 * skipping piece `exclude` when it spans the whole sequence. Among equal scores the earlier-starting
 * (longer) last piece wins, as in sentencepiece. Calls `onPiece` for the path's pieces in order (-1 =
 * unknown) and returns the path length; `best[n]` holds the path score afterwards. Path scores are
 * float32 sums, as in sentencepiece, so that ties (and with them the chosen path) come out the same.
 */
export function viterbi(
  n: number,
  edgeBegin: Int32Array,
  edgePiece: Int32Array,
  e0: number,
  e1: number,
  pieces: PieceTable,
  unkScore: number,
  exclude: number,
  best: Float32Array,
  back: Int32Array,
  onPiece: ((id: number) => void) | null,
): number {
  const { lengths, score } = pieces;
  best[0] = 0;
  for (let i = 1; i <= n; i++) {
    best[i] = Number.NEGATIVE_INFINITY;
    back[i] = -2;
  }
  let k = e0;
  for (let b = 0; b < n; b++) {
    const s0 = best[b];
    if (!(k < e1 && edgeBegin[k] === b && lengths[edgePiece[k]] === 1)) {
      const v = Math.fround(s0 + unkScore);
      if (v > best[b + 1]) {
        best[b + 1] = v;
        back[b + 1] = -1;
      }
    }
    while (k < e1 && edgeBegin[k] === b) {
      const p = edgePiece[k];
      const e = b + lengths[p];
      if (!(p === exclude && b === 0 && e === n)) {
        const v = Math.fround(s0 + score[p]);
        if (v > best[e]) {
          best[e] = v;
          back[e] = k;
        }
      }
      k++;
    }
  }
  // Walk back, then report in order.
  let count = 0;
  let i = n;
  while (i > 0) {
    const k2 = back[i];
    i = k2 === -1 ? i - 1 : edgeBegin[k2];
    count++;
  }
  if (onPiece !== null) {
    const path = new Int32Array(count);
    let j = count;
    i = n;
    while (i > 0) {
      const k2 = back[i];
      if (k2 === -1) {
        path[--j] = -1;
        i -= 1;
      } else {
        path[--j] = edgePiece[k2];
        i = edgeBegin[k2];
      }
    }
    for (let t = 0; t < count; t++) onPiece(path[t]);
  }
  return count;
}
