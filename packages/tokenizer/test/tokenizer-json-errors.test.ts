/**
 * tokenizer.json files this tokenizer cannot reproduce exactly, or that are damaged, are refused
 * with a typed error naming the file and field; the layouts HF's converter wrote over the years
 * (WhitespaceSplit + Metaspace with add_prefix_space, user-defined pieces as added tokens) load.
 */
import { describe, expect, it } from 'vitest';
import { AlbertTokenizer, PieceType, SentencePieceProcessor, TokenizerError } from '../src/index.js';
import { dataModel } from './helpers.js';
import { allFixtureStrings, fingerprint, fromModel } from './tokenizer-json-helpers.js';

// biome-ignore lint/suspicious/noExplicitAny: the tests edit parsed JSON freely
type Json = Record<string, any>;
const ref = fromModel('albert-en-30k-reconstructed.model');
const files = ref.pretrainedFiles();
const base = (): Json => JSON.parse(files['tokenizer.json'] as string);
const config = (): Json => JSON.parse(files['tokenizer_config.json'] as string);

async function rejects(json: unknown, cfg: unknown = config()): Promise<TokenizerError> {
  const e = await AlbertTokenizer.fromPretrained({
    tokenizerJson: json as object,
    tokenizerConfig: cfg as object,
  }).then(
    () => null,
    (err: unknown) => err,
  );
  expect(e, 'refused').toBeInstanceOf(TokenizerError);
  return e as TokenizerError;
}

const cases: Array<[string, (j: Json) => void, string, string]> = [
  ['not JSON', () => {}, 'CONFIG_INVALID', 'tokenizer.json: (top level)'],
  [
    'a BPE model',
    (j) => {
      j.model.type = 'BPE';
    },
    'MODEL_UNSUPPORTED',
    'tokenizer.json: model.type',
  ],
  [
    'a vocab entry without score',
    (j) => {
      j.model.vocab[7] = ['x'];
    },
    'CONFIG_INVALID',
    'tokenizer.json: model.vocab[7]',
  ],
  [
    'a duplicate piece',
    (j) => {
      j.model.vocab[9][0] = j.model.vocab[8][0];
    },
    'CONFIG_INVALID',
    'tokenizer.json: model.vocab[9]',
  ],
  [
    'unk_id out of range',
    (j) => {
      j.model.unk_id = 1e6;
    },
    'CONFIG_INVALID',
    'tokenizer.json: model.unk_id',
  ],
  [
    'bad base64 charsmap',
    (j) => {
      j.normalizer.normalizers[5].precompiled_charsmap = '@@@';
    },
    'CONFIG_INVALID',
    'tokenizer.json: normalizer.normalizers[5].precompiled_charsmap',
  ],
  [
    'a truncated charsmap',
    (j) => {
      j.normalizer.normalizers[5].precompiled_charsmap = '//8AAAEC';
    },
    'CONFIG_INVALID',
    'tokenizer.json: normalizer.normalizers[5].precompiled_charsmap',
  ],
  [
    'an extra NFC',
    (j) => void j.normalizer.normalizers.push({ type: 'NFC' }),
    'MODEL_UNSUPPORTED',
    'tokenizer.json: normalizer.normalizers[7]',
  ],
  [
    'no quote rule',
    (j) => void j.normalizer.normalizers.shift(),
    'MODEL_UNSUPPORTED',
    'tokenizer.json: normalizer.normalizers[0]',
  ],
  [
    'NFKD without StripAccents',
    (j) => void j.normalizer.normalizers.splice(3, 1),
    'MODEL_UNSUPPORTED',
    'tokenizer.json: normalizer.normalizers[3]',
  ],
  [
    'a BERT pre-tokenizer',
    (j) => {
      j.pre_tokenizer = { type: 'BertPreTokenizer' };
    },
    'MODEL_UNSUPPORTED',
    'tokenizer.json: pre_tokenizer.type',
  ],
  [
    'prepend_scheme first',
    (j) => {
      j.pre_tokenizer.prepend_scheme = 'first';
    },
    'MODEL_UNSUPPORTED',
    'tokenizer.json: pre_tokenizer.prepend_scheme',
  ],
  [
    'another template',
    (j) => void j.post_processor.pair.pop(),
    'MODEL_UNSUPPORTED',
    'tokenizer.json: post_processor.pair',
  ],
  [
    'a wrong [CLS] id',
    (j) => {
      j.post_processor.special_tokens['[CLS]'].ids = [5];
    },
    'CONFIG_INVALID',
    'tokenizer.json: post_processor.special_tokens.[CLS].ids',
  ],
  [
    'an added token beyond the vocab',
    (j) => void j.added_tokens.push({ id: 30000, content: '<new>', special: true }),
    'MODEL_UNSUPPORTED',
    'tokenizer.json: added_tokens[5].content',
  ],
];

describe('corrupt or unsupported tokenizer.json: typed errors naming the field', () => {
  it.each(cases)('%s', async (_, edit, code, part) => {
    const j = base();
    edit(j);
    const e = await rejects(part.endsWith('(top level)') ? '{"model": ' : j);
    expect(e.code).toBe(code);
    expect(e.detail?.part).toBe(part);
    expect(e.message).toContain(part);
  });

  it('tokenizer_config.json contradicting tokenizer.json', async () => {
    const e = await rejects(base(), { ...config(), do_lower_case: false });
    expect([e.code, e.detail?.part]).toEqual(['CONFIG_INVALID', 'tokenizer_config.json: do_lower_case']);
    const k = await rejects(base(), { ...config(), keep_accents: true });
    expect(k.detail?.part).toBe('tokenizer_config.json: keep_accents');
    const m = await rejects(base(), { ...config(), model_max_length: -3 });
    expect(m.detail?.part).toBe('tokenizer_config.json: model_max_length');
  });
});

describe('tokenizer.json layouts of HF converters', () => {
  it('WhitespaceSplit + Metaspace(add_prefix_space), user-defined pieces as added tokens, no config', async () => {
    const j = base();
    j.pre_tokenizer = {
      type: 'Sequence',
      pretokenizers: [
        { type: 'WhitespaceSplit' },
        { type: 'Metaspace', replacement: '▁', add_prefix_space: true },
      ],
    };
    for (const [id, t] of Object.entries(config().added_tokens_decoder as Json)) {
      if (!t.special) j.added_tokens.push({ id: Number(id), ...t });
    }
    const t = await AlbertTokenizer.fromPretrained({ tokenizerJson: JSON.stringify(j) });
    expect(t.sp.modelProto.trainerSpec?.userDefinedSymbols).toEqual(
      ref.sp.modelProto.trainerSpec?.userDefinedSymbols,
    );
    for (const text of allFixtureStrings())
      expect(fingerprint(t, text), text).toEqual(fingerprint(ref, text));
  });
});

describe('models tokenizer.json cannot describe are refused when saving', () => {
  it.each([
    ['bpe-nfkc-cf', 'spiece.model: trainer_spec.model_type'],
    ['unigram-unused', 'spiece.model: trainer_spec.treat_whitespace_as_suffix'],
  ])('%s', (name, part) => {
    const t = AlbertTokenizer.fromBytes(dataModel(name), { modelValidation: 'sentencepiece' });
    let err: TokenizerError | undefined;
    try {
      t.pretrainedFiles();
    } catch (e) {
      err = e as TokenizerError;
    }
    expect(err).toBeInstanceOf(TokenizerError);
    expect(err?.code).toBe('MODEL_UNSUPPORTED');
    expect(err?.detail?.part.startsWith(part)).toBe(true);
  });
});

it('an UNUSED piece (the Unigram model has no such entry) is refused when saving', () => {
  const proto = structuredClone(ref.sp.modelProto);
  proto.pieces[100].type = PieceType.UNUSED;
  const t = new AlbertTokenizer(SentencePieceProcessor.fromModelProto(proto));
  expect(() => t.pretrainedFiles()).toThrow(/spiece\.model: pieces\[100\]\.type: expected no UNUSED pieces/);
});
