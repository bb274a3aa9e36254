import { readFixtureJson } from '@albert-ts/test-support';
import { describe, expect, it } from 'vitest';
import { TokenizerError } from '../src/index.js';
import { fixtureAlbert } from './helpers.js';

interface PairCase {
  text_a: string;
  text_b: string;
  max_length: number | null;
  truncation: 'longest_first' | null;
  padding: 'max_length' | null;
  input_ids: number[];
  token_type_ids: number[];
  attention_mask: number[];
}

const pairs = readFixtureJson<{ pairs: PairCase[] }>('tokenizer', 'en-cases.json').pairs;
const tok = fixtureAlbert('albert-en-30k-reconstructed.model');

describe('tok.batch: HF tokenizer(texts, text_pair, ...) -> one batch in columns', () => {
  it.each([16, 32])('pairs, truncation longest_first, padding max_length %i: HF columns exactly', (n) => {
    const cases = pairs.filter((p) => p.max_length === n);
    expect(cases.length).toBe(30);
    const b = tok.batch(
      cases.map((p) => p.text_a),
      cases.map((p) => p.text_b),
      { maxLength: n, truncation: 'longest_first', padding: 'max_length' },
    );
    expect(b.inputIds).toEqual(cases.map((p) => p.input_ids));
    expect(b.tokenTypeIds).toEqual(cases.map((p) => p.token_type_ids));
    expect(b.attentionMask).toEqual(cases.map((p) => p.attention_mask));
    expect(b.offsets).toBeUndefined();
  });

  it("untruncated pairs with padding 'longest': HF ids, right-padded with <pad> / mask 0 / type 0", () => {
    const cases = pairs.filter((p) => p.max_length === null);
    const b = tok.batch(
      cases.map((p) => p.text_a),
      cases.map((p) => p.text_b),
      { padding: 'longest' },
    );
    const L = Math.max(...cases.map((p) => p.input_ids.length));
    cases.forEach((p, i) => {
      const k = L - p.input_ids.length;
      expect(b.inputIds[i]).toEqual([...p.input_ids, ...Array(k).fill(tok.padTokenId)]);
      expect(b.tokenTypeIds[i]).toEqual([...p.token_type_ids, ...Array(k).fill(0)]);
      expect(b.attentionMask[i]).toEqual([...p.attention_mask, ...Array(k).fill(0)]);
    });
  });

  it('only_first / only_second cut the named sequence only (HF truncate_sequences), from the right', () => {
    const a = 'The quick brown fox jumps over the lazy dog near the river bank.';
    const c = 'A short one.';
    const ia = tok.encode(a, null, { addSpecialTokens: false }).inputIds;
    const ic = tok.encode(c, null, { addSpecialTokens: false }).inputIds;
    const n = ia.length + ic.length + 3 - 4; // four tokens too many
    const first = tok.batch([a], [c], { truncation: 'only_first', maxLength: n });
    expect(first.inputIds[0]).toEqual([2, ...ia.slice(0, ia.length - 4), 3, ...ic, 3]);
    const second = tok.batch([c], [a], { truncation: 'only_second', maxLength: n });
    expect(second.inputIds[0]).toEqual([2, ...ic, 3, ...ia.slice(0, ia.length - 4), 3]);
    expect(second.tokenTypeIds[0]).toEqual([
      ...Array(ic.length + 2).fill(0),
      ...Array(ia.length - 3).fill(1),
    ]);
    // HF: a strategy that cannot remove enough tokens leaves the input as it is (and logs an error).
    const tooShort = tok.batch([a], [c], { truncation: 'only_second', maxLength: n });
    expect(tooShort.inputIds[0]).toEqual([2, ...ia, 3, ...ic, 3]);
    // truncation: true is longest_first; the limit defaults to model_max_length (512).
    const long = 'word '.repeat(600);
    expect(tok.batch([long], { truncation: true }).inputIds[0].length).toBe(512);
    expect(tok.batch([long]).inputIds[0].length).toBe(602);
  });

  it('single text, default no padding (rows keep their lengths), offsets when asked', () => {
    const one = tok.batch('Hello, my dog is cute');
    expect(one.inputIds).toEqual([[2, 10975, 15, 51, 1952, 25, 10901, 3]]);
    expect(one.attentionMask).toEqual([[1, 1, 1, 1, 1, 1, 1, 1]]);
    const texts = ['Hello, my dog is cute', 'Hi'];
    const ragged = tok.batch(texts);
    expect(ragged.inputIds.map((r) => r.length)).toEqual([8, 3]);
    const withOffsets = tok.batch(texts, { padding: true, returnOffsetsMapping: true });
    expect(withOffsets.inputIds.map((r) => r.length)).toEqual([8, 8]);
    expect(withOffsets.offsets![1]).toEqual([
      [0, 0],
      ...tok.encode('Hi', null, { returnOffsets: true }).offsets!.slice(1, -1),
      [0, 0],
      ...Array(5).fill([0, 0]),
    ]);
    expect(withOffsets.offsets![0]).toEqual(tok.encode(texts[0], null, { returnOffsets: true }).offsets);
    expect(tok.batch(texts, null, { returnOffsets: true }).offsets!.length).toBe(2);
    // The rows are encodeBatch's, in columns.
    const rows = tok.encodeBatch(texts, { padding: 'longest' });
    expect(tok.batch(texts, { padding: 'longest' }).inputIds).toEqual(rows.map((r) => r.inputIds));
  });

  it('bad arguments are TokenizerErrors naming what is wrong', () => {
    const bad = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(TokenizerError);
        return (e as Error).message;
      }
      throw new Error('no error');
    };
    expect(bad(() => tok.batch(['a', 'b'], ['x']))).toMatch(/pairs must match texts \(2\)/);
    expect(bad(() => tok.batch(['a', 3 as unknown as string]))).toMatch(/texts\[1\] must be a string/);
    expect(bad(() => tok.batch(42 as unknown as string))).toMatch(/texts must be/);
    expect(bad(() => tok.batch(['a'], { padding: 'sideways' as 'longest' }))).toMatch(/padding/);
    expect(bad(() => tok.batch(['a'], {}, {}))).toMatch(/options given twice/);
  });
});
