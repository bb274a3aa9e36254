import { readFixtureBytes } from '@albert-ts/test-support';
import { AlbertTokenizer } from '@albert-ts/tokenizer';
import { describe, expect, it } from 'vitest';
import { alignWords, encodeHeadTail, encodeTexts, padInputs, wordTags } from '../src/tasks/index.js';

const tok = AlbertTokenizer.fromBytes(readFixtureBytes('tokenizer', 'albert-en-30k-reconstructed.model'));
const idsOf = (text: string) => tok.convertTokensToIds(tok.tokenize(text));

describe('alignWords with every piece labelled', () => {
  it('gives each piece of a word the word label, special tokens -100', () => {
    const words = ['The', 'jurisdictional', 'dispute', '.'];
    const a = alignWords(tok, words, [0, 1, 2, 3], 64, new Map(), true);
    const first = alignWords(tok, words, [0, 1, 2, 3], 64, new Map());
    expect(a.inputIds).toEqual(first.inputIds);
    expect(a.wordStarts).toEqual(first.wordStarts);
    const expected = [-100, ...words.flatMap((w, i) => idsOf(w).map(() => i)), -100];
    expect(a.labels).toEqual(expected);
    // 'jurisdictional' has more than one piece, so the two schemes differ.
    expect(idsOf('jurisdictional').length).toBeGreaterThan(1);
    expect(a.labels).not.toEqual(first.labels);
  });
});

describe('wordTags', () => {
  // [CLS] w0 (1 piece) w1 (3 pieces) [SEP]; 3 labels.
  const item = { inputIds: [2, 10, 11, 12, 13, 3], wordStarts: [1, 2] };
  const logits = [
    [0, 0, 0],
    [0, 5, 0], // w0 → 1
    [2, 0, 0], // w1 first piece leans to 0 …
    [0, 0, 4], // … its other two pieces to 2
    [0, 0, 4],
    [9, 9, 9], // [SEP] never counts
  ];

  it("'first' reads the first piece, 'mean' the summed log-probabilities of all pieces", () => {
    expect(wordTags(item, logits, 'first')).toEqual([1, 0]);
    expect(wordTags(item, logits, 'mean')).toEqual([1, 2]);
  });

  it('a word cut by truncation is -1 in both modes; the last kept word ends at [SEP]', () => {
    const cut = { ...item, wordStarts: [1, 2, -1] };
    expect(wordTags(cut, logits, 'mean')).toEqual([1, 2, -1]);
    expect(wordTags(cut, logits, 'first')).toEqual([1, 0, -1]);
  });

  it('mean pooling equals the argmax of the product of piece probabilities', () => {
    const softmax = (r: number[]) => {
      const e = r.map(Math.exp);
      const s = e.reduce((a, b) => a + b, 0);
      return e.map((x) => x / s);
    };
    const rows = [logits[2]!, logits[3]!, logits[4]!].map(softmax);
    const prod = [0, 1, 2].map((c) => rows.reduce((p, r) => p * r[c]!, 1));
    expect(wordTags(item, logits, 'mean')[1]).toBe(prod.indexOf(Math.max(...prod)));
  });
});

describe('encodeHeadTail', () => {
  const long = Array.from({ length: 200 }, (_, i) => `word${i}`).join(' ') + ' unsubscribe here now';

  it('keeps the beginning as segment A and the last pieces as segment B, within maxLength', () => {
    const [e] = encodeHeadTail(tok, [long], 64, 16);
    expect(e!.inputIds).toHaveLength(64);
    expect(e!.inputIds[0]).toBe(tok.clsTokenId);
    const seps = e!.inputIds.flatMap((id, i) => (id === tok.sepTokenId ? [i] : []));
    // [CLS] + 45 head pieces + [SEP] | 16 tail pieces + [SEP]
    expect(seps).toEqual([46, 63]);
    const all = idsOf(long);
    expect(e!.inputIds.slice(1, 46)).toEqual(all.slice(0, 45));
    expect(e!.inputIds.slice(47, 63)).toEqual(all.slice(-16));
    expect(e!.tokenTypeIds).toEqual([...new Array(47).fill(0), ...new Array(17).fill(1)]);
  });

  it('encodes a text that fits whole exactly as encodeTexts does', () => {
    const short = 'Win a free cruise now. Click below.';
    expect(encodeHeadTail(tok, [short], 64, 16)).toEqual(encodeTexts(tok, [short], 64));
  });

  it('tail 0 is the plain head truncation', () => {
    expect(encodeHeadTail(tok, [long], 64, 0)).toEqual(encodeTexts(tok, [long], 64));
  });
});

describe('word alignment for token classification', () => {
  it('labels the first piece of each word, -100 elsewhere, inside [CLS] … [SEP]', () => {
    const words = ['The', 'jurisdictional', 'dispute', '.'];
    const a = alignWords(tok, words, [0, 1, 2, 3], 64, new Map());
    expect(a.inputIds[0]).toBe(tok.clsTokenId);
    expect(a.inputIds.at(-1)).toBe(tok.sepTokenId);
    // The pieces are exactly the tokenizer's, word by word.
    const pieces = words.flatMap((w) => tok.convertTokensToIds(tok.tokenize(w)));
    expect(a.inputIds.slice(1, -1)).toEqual(pieces);
    expect(a.wordStarts.map((p) => a.labels[p])).toEqual([0, 1, 2, 3]);
    expect(a.labels.filter((l) => l !== -100)).toHaveLength(4);
    expect(a.inputIds).toHaveLength(a.labels.length);
  });

  it('cuts whole words at maxLength and marks them -1', () => {
    const words = Array.from({ length: 20 }, () => 'dispute');
    const a = alignWords(tok, words, null, 8, new Map());
    expect(a.inputIds.length).toBeLessThanOrEqual(8);
    expect(a.wordStarts.filter((p) => p >= 0)).toHaveLength(a.inputIds.length - 2);
    expect(a.wordStarts.slice(a.inputIds.length - 2).every((p) => p === -1)).toBe(true);
  });

  it('pads a batch to its longest member with the pad id and a zero mask', () => {
    const b = padInputs(
      [
        { inputIds: [2, 5, 3], tokenTypeIds: [0, 0, 0] },
        { inputIds: [2, 3], tokenTypeIds: [0, 0] },
      ],
      0,
    );
    expect(b).toEqual({
      inputIds: [
        [2, 5, 3],
        [2, 3, 0],
      ],
      attentionMask: [
        [1, 1, 1],
        [1, 1, 0],
      ],
      tokenTypeIds: [
        [0, 0, 0],
        [0, 0, 0],
      ],
    });
  });
});
