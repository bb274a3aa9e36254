import type { AlbertTokenizer } from '@albert-ts/tokenizer';

/** One encoded example before padding: `[CLS] … [SEP] (… [SEP])`. */
export interface Encoded {
  ids: number[];
  typeIds: number[];
}

/** Texts (or pairs) → ids with special tokens, truncated to `maxLength` (no padding yet). */
export function encodeTexts(
  tok: AlbertTokenizer,
  texts: ReadonlyArray<string | readonly [string, string]>,
  maxLength: number,
): Encoded[] {
  return texts.map((t) => {
    const e =
      typeof t === 'string'
        ? tok.encode(t, null, { maxLength, truncation: 'longest_first' })
        : tok.encode(t[0], t[1], { maxLength, truncation: 'longest_first' });
    return { ids: e.inputIds, typeIds: e.tokenTypeIds };
  });
}

/**
 * Long texts as their beginning and their end: `[CLS] head [SEP] tail [SEP]` (the tail as segment
 * B), with `tail` pieces from the end and the rest of `maxLength` from the beginning. A text that
 * fits whole is encoded whole, as `encodeTexts` does. Emails, for instance, put much of what
 * tells spam from ham at the end (unsubscribe lines, mailing-list footers).
 */
export function encodeHeadTail(
  tok: AlbertTokenizer,
  texts: readonly string[],
  maxLength: number,
  tail: number,
): Encoded[] {
  const room = maxLength - 3;
  const headRoom = room - tail;
  if (tail <= 0 || headRoom <= 0) return encodeTexts(tok, texts, maxLength);
  return texts.map((text) => {
    // ≈ 10 characters per piece is generous: cut the text before tokenising its ends.
    const head = tok.convertTokensToIds(tok.tokenize(text.slice(0, (room + 1) * 10)));
    if (head.length <= maxLength - 2 && text.length <= (room + 1) * 10) {
      const ids = [tok.clsTokenId, ...head, tok.sepTokenId];
      return { ids, typeIds: new Array<number>(ids.length).fill(0) };
    }
    const end = tok.convertTokensToIds(tok.tokenize(text.slice(-(tail + 1) * 10)));
    const a = [tok.clsTokenId, ...head.slice(0, headRoom), tok.sepTokenId];
    const b = [...end.slice(-tail), tok.sepTokenId];
    return {
      ids: [...a, ...b],
      typeIds: [...new Array<number>(a.length).fill(0), ...new Array<number>(b.length).fill(1)],
    };
  });
}

export interface PaddedBatch {
  inputIds: number[][];
  attentionMask: number[][];
  tokenTypeIds: number[][];
}

/** Right-pads a batch to its longest member (pad id for ids, 0 for mask and types). */
export function padBatch(items: readonly Encoded[], padId: number, minLength = 0): PaddedBatch {
  const len = Math.max(minLength, ...items.map((e) => e.ids.length));
  const fill = (xs: number[], v: number) => xs.concat(new Array<number>(len - xs.length).fill(v));
  return {
    inputIds: items.map((e) => fill(e.ids, padId)),
    attentionMask: items.map((e) => fill(new Array<number>(e.ids.length).fill(1), 0)),
    tokenTypeIds: items.map((e) => fill(e.typeIds, 0)),
  };
}

/** A sentence of words, tokenised word by word, with a label on the first piece of each word. */
export interface AlignedWords extends Encoded {
  /** Per position: the word's label on its first piece, -100 elsewhere (HF convention). */
  labels: number[];
  /** Position of each word's first piece (-1 when the word was cut by truncation). */
  wordStarts: number[];
}

/**
 * Tokenises each word on its own (ALBERT's SentencePiece never joins pieces across spaces, so this
 * equals tokenising the sentence) and labels the first piece of each word, as HF's token
 * classification examples do. Words that produce no piece (e.g. characters the model maps to
 * nothing) get `<unk>` so that every word keeps a position. Words past `maxLength` are cut.
 * With `labelAll`, every piece of a word carries the word's label (HF's `label_all_tokens`), so
 * that a word's later pieces (often its suffix) learn its tag too; see `predictWordTags` 'mean'.
 */
export function alignWords(
  tok: AlbertTokenizer,
  words: readonly string[],
  tags: readonly number[] | null,
  maxLength: number,
  cache: Map<string, number[]>,
  labelAll = false,
): AlignedWords {
  const ids = [tok.clsTokenId];
  const labels = [-100];
  const wordStarts: number[] = [];
  const room = maxLength - 1;
  for (let w = 0; w < words.length; w++) {
    let pieces = cache.get(words[w]!);
    if (!pieces) {
      pieces = tok.convertTokensToIds(tok.tokenize(words[w]!));
      if (pieces.length === 0) pieces = [tok.unkTokenId];
      cache.set(words[w]!, pieces);
    }
    if (ids.length + pieces.length > room) {
      for (let r = w; r < words.length; r++) wordStarts.push(-1);
      break;
    }
    wordStarts.push(ids.length);
    ids.push(...pieces);
    const label = tags ? tags[w]! : 0;
    labels.push(label);
    for (let k = 1; k < pieces.length; k++) labels.push(labelAll ? label : -100);
  }
  ids.push(tok.sepTokenId);
  labels.push(-100);
  return { ids, typeIds: new Array<number>(ids.length).fill(0), labels, wordStarts };
}

/** Batches of indices: seeded shuffle per epoch (so a resumed run sees the same order). */
export function batchIndices(n: number, batchSize: number, shuffle: (xs: number[]) => unknown): number[][] {
  const order = Array.from({ length: n }, (_, i) => i);
  shuffle(order);
  const out: number[][] = [];
  for (let i = 0; i < n; i += batchSize) out.push(order.slice(i, i + batchSize));
  return out;
}

/**
 * Shuffled batches of similar-length examples (less padding): shuffle, cut into pools of 50
 * batches, sort each pool by length, cut into batches, shuffle the batch order.
 */
export function bucketedBatches(
  lengths: readonly number[],
  batchSize: number,
  shuffle: <T>(xs: T[]) => T[],
): number[][] {
  const order = shuffle(Array.from({ length: lengths.length }, (_, i) => i));
  const pool = batchSize * 50;
  const out: number[][] = [];
  for (let p = 0; p < order.length; p += pool) {
    // A stable sort on length alone: equal lengths keep their shuffled order (an index tiebreak
    // would group examples by their position in the source, e.g. by label).
    const chunk = order.slice(p, p + pool).sort((a, b) => lengths[a]! - lengths[b]!);
    for (let i = 0; i < chunk.length; i += batchSize) out.push(chunk.slice(i, i + batchSize));
  }
  return shuffle(out);
}

/** Batches in length order (inference: less padding), remembering each example's index. */
export function lengthSortedBatches(lengths: readonly number[], batchSize: number): number[][] {
  const order = lengths.map((l, i) => [l, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: number[][] = [];
  for (let i = 0; i < order.length; i += batchSize) out.push(order.slice(i, i + batchSize).map((x) => x[1]));
  return out;
}
