import type { AlbertTokenizer } from '@albert-ts/tokenizer';
import type { EncodedInput, TextExample } from './task-types.js';

/** Text cut to what `maxLength` tokens can hold (≈ 10 characters per piece is generous). */
export function clipText(text: string, maxLength: number): string {
  return text.length > maxLength * 10 ? text.slice(0, maxLength * 10) : text;
}

/** Texts (or pairs) with special tokens, truncated to `maxLength` (`longest_first`), unpadded. */
export function encodeTexts(
  tok: AlbertTokenizer,
  texts: ReadonlyArray<string | readonly [string, string]>,
  maxLength: number,
): EncodedInput[] {
  const inputs = texts.map((t) => (typeof t === 'string' ? t : ([t[0], t[1]] as [string, string])));
  return tok
    .encodeBatch(inputs, { maxLength, truncation: 'longest_first' })
    .map((e) => ({ inputIds: e.inputIds, tokenTypeIds: e.tokenTypeIds }));
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
): EncodedInput[] {
  const room = maxLength - 3;
  const headRoom = room - tail;
  if (tail <= 0 || headRoom <= 0) return encodeTexts(tok, texts, maxLength);
  return texts.map((text) => {
    // Cut the text before tokenising its ends (see `clipText`).
    const head = tok.convertTokensToIds(tok.tokenize(text.slice(0, (room + 1) * 10)));
    if (head.length <= maxLength - 2 && text.length <= (room + 1) * 10) {
      const inputIds = [tok.clsTokenId, ...head, tok.sepTokenId];
      return { inputIds, tokenTypeIds: new Array<number>(inputIds.length).fill(0) };
    }
    const end = tok.convertTokensToIds(tok.tokenize(text.slice(-(tail + 1) * 10)));
    const a = [tok.clsTokenId, ...head.slice(0, headRoom), tok.sepTokenId];
    const b = [...end.slice(-tail), tok.sepTokenId];
    return {
      inputIds: [...a, ...b],
      tokenTypeIds: [...new Array<number>(a.length).fill(0), ...new Array<number>(b.length).fill(1)],
    };
  });
}

/** Classification inputs; with `tail` > 0, single long texts keep their end too (`encodeHeadTail`). */
export function encodeTextExamples(
  tok: AlbertTokenizer,
  xs: readonly Pick<TextExample, 'text' | 'pair'>[],
  maxLength: number,
  tail = 0,
): EncodedInput[] {
  if (tail > 0 && xs.every((x) => x.pair === undefined)) {
    return encodeHeadTail(
      tok,
      xs.map((x) => x.text),
      maxLength,
      tail,
    );
  }
  return encodeTexts(
    tok,
    xs.map((x) =>
      x.pair !== undefined
        ? ([clipText(x.text, maxLength), clipText(x.pair, maxLength)] as const)
        : clipText(x.text, maxLength),
    ),
    maxLength,
  );
}
