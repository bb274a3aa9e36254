/**
 * What pretraining-data creation needs from a tokenizer. `AlbertTokenizer` from
 * `@albert-ts/tokenizer` satisfies it (its `tokenize` applies ALBERT's text preprocessing, as
 * `create_pretraining_data.py` does with `preprocess_text` + `FullTokenizer.tokenize`).
 */
export interface PretrainingTokenizer {
  /** The pieces of `text` (`AlbertTokenizer.tokenize`). */
  tokenize(text: string): string[];
  /** The id of each piece. */
  convertTokensToIds(tokens: string[]): number[];
  /** The piece of each id (used to find where words start). */
  convertIdsToTokens(ids: number[]): string[];
  readonly vocabSize: number;
  readonly clsTokenId: number;
  readonly sepTokenId: number;
  readonly maskTokenId: number;
  readonly padTokenId: number;
}

// create_pretraining_data.py's `special_pieces` (note: the single quote is NOT in it).
const SPECIAL_PIECES = new Set('!"#$%&()*+,-./:;?@[\\]^_`{|}~');

/**
 * `_is_start_piece_sp` of create_pretraining_data.py: a SentencePiece piece starts a word when it
 * begins with `▁` or `<`, is a single punctuation character, or contains any character that is
 * neither an ASCII letter nor such punctuation (digits, non-ASCII, `'`): those are always treated
 * as a whole piece.
 */
export function isStartPiece(piece: string): boolean {
  if (piece.startsWith('\u2581') || piece.startsWith('<') || SPECIAL_PIECES.has(piece)) return true;
  for (const ch of piece) {
    const lower = ch.toLowerCase();
    if (lower.length !== 1 || !((lower >= 'a' && lower <= 'z') || SPECIAL_PIECES.has(lower))) return true;
  }
  return false;
}

/** `isStartPiece` for every id of the vocabulary, computed once. */
export function startPieceTable(tokenizer: PretrainingTokenizer): Uint8Array {
  const n = tokenizer.vocabSize;
  const ids = Array.from({ length: n }, (_, i) => i);
  const pieces = tokenizer.convertIdsToTokens(ids);
  const table = new Uint8Array(n);
  for (let i = 0; i < n; i++) table[i] = isStartPiece(pieces[i] ?? '') ? 1 : 0;
  return table;
}
