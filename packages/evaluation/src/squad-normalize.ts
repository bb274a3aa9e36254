/**
 * The official SQuAD answer normalisation (evaluate-v1.1.py / evaluate-v2.0.py `normalize_answer`):
 * lower case, drop ASCII punctuation (`string.punctuation`), replace the words a/an/the by a space,
 * collapse whitespace. Written to match CPython's `str.lower`, `re` (Unicode word boundaries) and
 * `str.split()` (Unicode whitespace), which differ from JS's defaults.
 */

// Python's string.punctuation: ASCII only, so "“" or "–" survive normalisation.
const PUNCTUATION = new Set('!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~');

// Python's \w on str patterns is str.isalnum() or "_": letters (L*) and numbers (N*), not marks. A JS \b is
// ASCII-only, so the boundary is spelled out with lookarounds.
const ARTICLES = /(?<![\p{L}\p{N}_])(?:a|an|the)(?![\p{L}\p{N}_])/gu;

// CPython's str.isspace(): bidi classes WS/B/S or category Zs. Includes \x1c-\x1f and \x85 (which JS's \s
// lacks) and excludes \ufeff (which JS's \s has).
// biome-ignore lint/suspicious/noControlCharactersInRegex: CPython's str.split() splits on U+001C..U+001F.
const PY_WHITESPACE = /[\t\n\v\f\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/u;

/** Python's `s.split()` with no argument: split on runs of whitespace, no empty strings. */
export function pySplit(s: string): string[] {
  return s.split(PY_WHITESPACE).filter((t) => t.length > 0);
}

function removePunctuation(s: string): string {
  let out = '';
  for (const ch of s) if (!PUNCTUATION.has(ch)) out += ch;
  return out;
}

/** The official `normalize_answer(s)`. */
export function normalizeAnswer(s: string): string {
  return pySplit(removePunctuation(s.toLowerCase()).replace(ARTICLES, ' ')).join(' ');
}

/** Tokens of the normalised answer (`normalize_answer(s).split()`). */
export function answerTokens(s: string): string[] {
  return pySplit(normalizeAnswer(s));
}

/** Size of the multiset intersection (`sum((Counter(a) & Counter(b)).values())`). */
export function commonTokenCount(a: readonly string[], b: readonly string[]): number {
  const counts = new Map<string, number>();
  for (const t of a) counts.set(t, (counts.get(t) ?? 0) + 1);
  let same = 0;
  for (const t of b) {
    const c = counts.get(t);
    if (c) {
      same++;
      counts.set(t, c - 1);
    }
  }
  return same;
}
