import type { PretrainingTokenizer } from '../../src/index.js';

/**
 * A tiny deterministic tokenizer for unit tests: words are lower-cased, a word becomes `▁` + its
 * first 3 letters, then 2-letter continuation pieces. The vocabulary grows as words are seen
 * (pass `words` to fix it up front); ids 0-4 are <pad> <unk> [CLS] [SEP] [MASK].
 */
export function fakeTokenizer(vocabSize = 4000): PretrainingTokenizer & { pieces: string[] } {
  const pieces = ['<pad>', '<unk>', '[CLS]', '[SEP]', '[MASK]'];
  const ids = new Map(pieces.map((p, i) => [p, i]));
  const id = (p: string) => {
    let i = ids.get(p);
    if (i === undefined) {
      if (pieces.length >= vocabSize) return 1;
      i = pieces.length;
      ids.set(p, i);
      pieces.push(p);
    }
    return i;
  };
  return {
    pieces,
    tokenize(text: string) {
      const out: string[] = [];
      for (const w of text.toLowerCase().split(/\s+/).filter(Boolean)) {
        out.push('\u2581' + w.slice(0, 3));
        for (let i = 3; i < w.length; i += 2) out.push(w.slice(i, i + 2));
      }
      return out;
    },
    convertTokensToIds: (ps: string[]) => ps.map(id),
    convertIdsToTokens: (xs: number[]) => xs.map((i) => pieces[i] ?? '<unk>'),
    vocabSize,
    clsTokenId: 2,
    sepTokenId: 3,
    maskTokenId: 4,
    padTokenId: 0,
  };
}
