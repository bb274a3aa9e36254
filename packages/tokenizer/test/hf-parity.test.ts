// Acceptance 1 (Hugging Face AlbertTokenizer, transformers 4.19 slow tokenizer): tokens, ids,
// [CLS] x [SEP] encodings, the four decodes, and every pair encoding.
//
// Decode with special tokens kept: both versions are checked. The default follows the newer
// transformers 4.x (`convert_tokens_to_string` writes special tokens verbatim, e.g.
// "[CLS] hello[SEP]"), because that is what current transformers users get and because it keeps
// what the caller asked to keep; the 4.19 behaviour (sentencepiece's decoder silently drops the
// control tokens and renders <unk> as " ⁇ ") is available as `decodeStyle: 'v4.19'`.
import { describe, expect, it } from 'vitest';
import { AlbertTokenizer } from '../src/index.js';
import { fixtureAlbert, fixtureSp, type HfCase, readCases } from './helpers.js';

describe.each(['cases.json', 'en-cases.json'])('AlbertTokenizer parity: %s', (file) => {
  const data = readCases<HfCase>(file);
  const tok = fixtureAlbert(data.model_file);
  const check = (name: string, got: (c: HfCase) => unknown, want: (c: HfCase) => unknown) =>
    it(`${name} for 100% of cases`, () => {
      const bad = data.cases
        .map((c) => ({ text: c.text, got: got(c), want: want(c) }))
        .filter((r) => JSON.stringify(r.got) !== JSON.stringify(r.want));
      expect(bad).toEqual([]);
    });

  check(
    'tokenize',
    (c) => tok.tokenize(c.text),
    (c) => c.hf_tokens,
  );
  check(
    'token ids',
    (c) => tok.tokenizeWithOffsets(c.text).ids,
    (c) => c.hf_ids,
  );
  check(
    'convertTokensToIds(hf_tokens)',
    (c) => tok.convertTokensToIds(c.hf_tokens),
    (c) => c.hf_ids,
  );
  check(
    'encode',
    (c) => tok.encode(c.text).inputIds,
    (c) => c.hf_encode,
  );
  check(
    'encode attention mask / token types',
    (c) => {
      const e = tok.encode(c.text);
      return [e.attentionMask, e.tokenTypeIds];
    },
    (c) => [c.hf_encode.map(() => 1), c.hf_encode.map(() => 0)],
  );
  check(
    'decode skip_special_tokens',
    (c) => tok.decode(c.hf_encode, { skipSpecialTokens: true }),
    (c) => c.hf_decode_skip_special,
  );
  check(
    'decode skip_special_tokens + clean_up_tokenization_spaces',
    (c) => tok.decode(c.hf_encode, { skipSpecialTokens: true, cleanUpTokenizationSpaces: true }),
    (c) => c.hf_decode_skip_special_cleanup,
  );
  check(
    'decode keeping specials, transformers 4.19 style',
    (c) => tok.decode(c.hf_encode, { style: 'v4.19' }),
    (c) => c.hf_decode_v4_19,
  );
  check(
    'decode keeping specials, newer style (default)',
    (c) => tok.decode(c.hf_encode),
    (c) => c.hf_decode_newer,
  );

  it('all pairs give the same input_ids, token_type_ids and attention_mask', () => {
    expect(data.pairs!.length).toBe(90);
    for (const p of data.pairs!) {
      const opts = p.max_length
        ? { maxLength: p.max_length, truncation: p.truncation!, padding: p.padding! }
        : {};
      const e = tok.encode(p.text_a, p.text_b, opts);
      expect({ ids: e.inputIds, types: e.tokenTypeIds, mask: e.attentionMask }).toEqual({
        ids: p.input_ids,
        types: p.token_type_ids,
        mask: p.attention_mask,
      });
    }
  });

  it('encodeBatch of the pairs equals the one-by-one encodings', () => {
    const pairs = data.pairs!.filter((p) => p.max_length === 32);
    const batch = tok.encodeBatch(
      pairs.map((p) => [p.text_a, p.text_b] as [string, string]),
      {
        maxLength: 32,
        truncation: 'longest_first',
        padding: 'max_length',
      },
    );
    expect(batch.map((e) => e.inputIds)).toEqual(pairs.map((p) => p.input_ids));
  });
});

describe('AlbertTokenizer behaviour', () => {
  const tok = fixtureAlbert('albert-en-30k-reconstructed.model');

  it('exposes the special token ids', () => {
    expect([tok.padTokenId, tok.unkTokenId, tok.clsTokenId, tok.sepTokenId, tok.maskTokenId]).toEqual([
      0, 1, 2, 3, 4,
    ]);
    expect(tok.vocabSize).toBe(30000);
    expect(tok.sp).toBe(fixtureSp('albert-en-30k-reconstructed.model'));
  });

  it('pads a batch to the longest with <pad>, mask 0 and type 0', () => {
    const [a, b] = tok.encodeBatch(['hello', 'hello my dog is cute'], { padding: 'longest' });
    expect(a!.inputIds.length).toBe(b!.inputIds.length);
    const n = a!.attentionMask.filter((m) => m === 1).length;
    expect(a!.inputIds.slice(n).every((id) => id === tok.padTokenId)).toBe(true);
    expect(a!.attentionMask.slice(n).every((m) => m === 0)).toBe(true);
    expect(a!.tokenTypeIds.every((t) => t === 0)).toBe(true);
  });

  it('truncates only_first / only_second as transformers does', () => {
    const a = tok.encode('one two three four five six', 'seven eight', {
      maxLength: 8,
      truncation: 'only_first',
    });
    expect(a.inputIds.length).toBe(8);
    expect(a.tokenTypeIds.filter((t) => t === 1).length).toBe(tok.tokenize('seven eight').length + 1);
    const b = tok.encode('one two', 'three four five six seven eight', {
      maxLength: 8,
      truncation: 'only_second',
    });
    expect(b.inputIds.length).toBe(8);
    expect(b.inputIds.slice(1, 1 + tok.tokenize('one two').length)).toEqual(
      tok.tokenizeWithOffsets('one two').ids,
    );
    // Cannot remove enough from the first sequence: left as is (transformers logs an error).
    const c = tok.encode('one', 'two three four five six seven', { maxLength: 4, truncation: 'only_first' });
    expect(c.inputIds.length).toBe(3 + 1 + tok.tokenize('two three four five six seven').length);
  });

  it('maxLength alone truncates (longest_first); with padding but no truncation it does not, as in transformers', () => {
    const long = 'one two three four five six seven eight nine ten';
    expect(tok.encode(long, null, { maxLength: 8 }).inputIds.length).toBe(8);
    const padded = tok.encode(long, null, { maxLength: 8, padding: 'max_length' });
    expect(padded.inputIds.length).toBe(tok.tokenize(long).length + 2);
    expect(
      tok.encode(long, null, { maxLength: 8, padding: 'max_length', truncation: true }).inputIds.length,
    ).toBe(8);
    expect(tok.encode('one', null, { maxLength: 8, padding: 'max_length' }).attentionMask).toEqual([
      1, 1, 1, 0, 0, 0, 0, 0,
    ]);
  });

  it('addSpecialTokens: false gives the bare ids', () => {
    expect(tok.encode('hello, my dog is cute', null, { addSpecialTokens: false }).inputIds).toEqual([
      10975, 15, 51, 1952, 25, 10901,
    ]);
  });

  it('keepAccents / doLowerCase options change preprocessing', () => {
    const raw = new AlbertTokenizer(tok.sp, { doLowerCase: false, keepAccents: true });
    expect(raw.tokenize('Café')).toEqual(
      fixtureSp('albert-en-30k-reconstructed.model').encodeAsPieces('Café'),
    );
  });
});
