/**
 * Suffix sorting up to a bounded depth, and the LCP intervals (internal nodes of the suffix tree)
 * of that sorted order.
 *
 * sentencepiece builds a full suffix array (esaxx) and scores every internal node of the suffix
 * tree. A piece is at most `maxPieceLength` symbols long, so only nodes of depth <= maxPieceLength
 * matter, and those are exactly the LCP intervals of the suffixes sorted by their first
 * `maxPieceLength + 1` symbols with LCPs capped there: the order inside a group of suffixes that
 * agree on that many symbols cannot change any shallower interval. Prefix doubling with counting
 * sorts reaches that depth in ceil(log2(maxPieceLength + 1)) linear passes.
 */

/**
 * Suffixes of `text` ordered by their first `depth` symbols (ties in any order).
 * Symbols must be integers in `[0, alphabetSize)`.
 */
export function sortSuffixesToDepth(text: Int32Array, alphabetSize: number, depth: number): Int32Array {
  const n = text.length;
  const sa = new Int32Array(n);
  if (n === 0) return sa;
  let rank = new Int32Array(n);
  let work = new Int32Array(n);
  const count = new Int32Array(Math.max(alphabetSize, n) + 1);

  // Depth 1: a counting sort by symbol; the symbol is the rank.
  for (let i = 0; i < n; i++) count[text[i]]++;
  let sum = 0;
  for (let c = 0; c < alphabetSize; c++) {
    const k = count[c];
    count[c] = sum;
    sum += k;
  }
  for (let i = 0; i < n; i++) sa[count[text[i]]++] = i;
  rank.set(text);
  let maxRank = alphabetSize - 1;

  for (let h = 1; h < depth; h *= 2) {
    // Order by the second key (rank of the suffix h further on; none sorts first) ...
    let p = 0;
    for (let i = n - h; i < n; i++) if (i >= 0) work[p++] = i;
    for (let k = 0; k < n; k++) {
      const s = sa[k];
      if (s >= h) work[p++] = s - h;
    }
    // ... then a stable counting sort by the first key.
    count.fill(0, 0, maxRank + 2);
    for (let i = 0; i < n; i++) count[rank[i]]++;
    sum = 0;
    for (let r = 0; r <= maxRank; r++) {
      const k = count[r];
      count[r] = sum;
      sum += k;
    }
    for (let k = 0; k < n; k++) {
      const s = work[k];
      sa[count[rank[s]]++] = s;
    }
    // New ranks: equal when both keys are equal.
    const next = work;
    let r = 0;
    next[sa[0]] = 0;
    for (let k = 1; k < n; k++) {
      const a = sa[k - 1];
      const b = sa[k];
      if (rank[a] !== rank[b]) r++;
      else {
        const a2 = a + h < n ? rank[a + h] : -1;
        const b2 = b + h < n ? rank[b + h] : -1;
        if (a2 !== b2) r++;
      }
      next[b] = r;
    }
    work = rank;
    rank = next;
    maxRank = r;
    if (maxRank === n - 1) break; // all suffixes already distinct
  }
  return sa;
}

/** `lcp[k]` = length of the common prefix of suffixes `sa[k-1]` and `sa[k]`, capped at `cap` (lcp[0] = 0). */
export function cappedLcp(text: Int32Array, sa: Int32Array, cap: number): Uint16Array {
  const n = sa.length;
  const lcp = new Uint16Array(n);
  for (let k = 1; k < n; k++) {
    const a = sa[k - 1];
    const b = sa[k];
    const lim = Math.min(cap, n - a, n - b);
    let l = 0;
    while (l < lim && text[a + l] === text[b + l]) l++;
    lcp[k] = l;
  }
  return lcp;
}

/**
 * Calls `visit(lb, rb, depth)` for every LCP interval `[lb, rb)` of depth >= 1 (rb - lb >= 2 suffixes
 * share exactly `depth` leading symbols), children before parents, in the order a bottom-up
 * traversal closes them.
 */
export function forEachLcpInterval(
  lcp: Uint16Array,
  visit: (lb: number, rb: number, depth: number) => void,
): void {
  const n = lcp.length;
  const stackDepth: number[] = [0];
  const stackLb: number[] = [0];
  for (let k = 1; k <= n; k++) {
    const l = k < n ? lcp[k] : 0;
    let lb = k - 1;
    while (stackDepth[stackDepth.length - 1]! > l) {
      const d = stackDepth.pop()!;
      lb = stackLb.pop()!;
      visit(lb, k, d);
    }
    if (stackDepth[stackDepth.length - 1]! < l) {
      stackDepth.push(l);
      stackLb.push(lb);
    }
  }
}
