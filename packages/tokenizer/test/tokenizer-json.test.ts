/**
 * tokenizer.json round trip: for each fixture model, the tokenizer loaded from the tokenizer.json
 * (and config files) savePretrained wrote equals the one from spiece.model on every fixture
 * string: pieces, ids, offsets, [CLS]/[SEP] encoding and raw SentencePiece ids.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readFixtureBytes } from '@albert-ts/test-support';
import { afterAll, describe, expect, it } from 'vitest';
import { AlbertTokenizer, type AlbertTokenizerOptions } from '../src/index.js';
import { FIXTURE_MODELS } from './helpers.js';
import {
  allFixtureStrings,
  fingerprint,
  fromModel,
  hasSpecialString,
  pairFixtures,
  removeTempDirs,
  tempDir,
} from './tokenizer-json-helpers.js';

afterAll(removeTempDirs);

const texts = allFixtureStrings();

function fromSavedJson(dir: string, options?: AlbertTokenizerOptions): Promise<AlbertTokenizer> {
  const read = (f: string) => readFileSync(join(dir, f), 'utf8');
  return AlbertTokenizer.fromPretrained(
    {
      tokenizerJson: read('tokenizer.json'),
      tokenizerConfig: read('tokenizer_config.json'),
      specialTokensMap: read('special_tokens_map.json'),
    },
    options,
  );
}

describe.each(FIXTURE_MODELS)('%s: spiece.model vs our tokenizer.json', (model) => {
  it(`equal pieces, ids and offsets on all ${texts.length} fixture strings, and pairs`, async () => {
    const ref = fromModel(model);
    const dir = tempDir();
    expect((await ref.savePretrained(dir)).sort()).toEqual([
      'special_tokens_map.json',
      'spiece.model',
      'tokenizer.json',
      'tokenizer_config.json',
    ]);
    const viaJson = await fromSavedJson(dir);
    expect(viaJson.vocabSize).toBe(ref.vocabSize);
    for (let id = 0; id < ref.vocabSize; id++) expect(viaJson.sp.idToPiece(id)).toBe(ref.sp.idToPiece(id));
    for (const text of texts) expect(fingerprint(viaJson, text), text).toEqual(fingerprint(ref, text));
    // Raw SentencePiece too, except where a user-defined piece that is also a special token
    // (brown-8k's [CLS] [SEP] [MASK]) is in the text: tokenizer.json makes those control pieces.
    for (const text of texts) {
      if (model === 'brown-8k.model' && hasSpecialString(ref, text)) continue;
      expect(viaJson.sp.encodeAsIds(text), text).toEqual(ref.sp.encodeAsIds(text));
      expect(viaJson.sp.encodeAsPieces(text), text).toEqual(ref.sp.encodeAsPieces(text));
    }
    for (const [a, b] of pairFixtures()) {
      const o = { truncation: 'longest_first' as const, maxLength: 16, padding: 'max_length' as const };
      expect(viaJson.encode(a, b, o)).toEqual(ref.encode(a, b, o));
    }
  });

  it('the saved folder loads as spiece.model (default) and as tokenizer.json (prefer) alike', async () => {
    const ref = fromModel(model);
    const dir = tempDir();
    await ref.savePretrained(dir);
    // spiece.model is the model's own bytes.
    expect(new Uint8Array(readFileSync(join(dir, 'spiece.model')))).toEqual(
      new Uint8Array(readFixtureBytes('tokenizer', model)),
    );
    const a = await AlbertTokenizer.fromPretrained(dir);
    const b = await AlbertTokenizer.fromPretrained(dir, { prefer: 'tokenizer.json' });
    for (const text of texts.slice(0, 60)) {
      expect(fingerprint(a, text)).toEqual(fingerprint(ref, text));
      expect(fingerprint(b, text)).toEqual(fingerprint(ref, text));
    }
    // A tokenizer loaded from tokenizer.json saves the same tokenizer.json again.
    expect(b.pretrainedFiles()['tokenizer.json']).toBe(readFileSync(join(dir, 'tokenizer.json'), 'utf8'));
  });
});

describe('options round trip through tokenizer_config.json', () => {
  const variants: AlbertTokenizerOptions[] = [
    { doLowerCase: false },
    { keepAccents: true },
    { removeSpace: false },
    { doLowerCase: false, keepAccents: true, removeSpace: false, modelMaxLength: 128 },
  ];
  it.each(variants)('%j', async (options) => {
    const ref = fromModel('albert-en-30k-reconstructed.model', options);
    const dir = tempDir();
    await ref.savePretrained(dir);
    const config = JSON.parse(readFileSync(join(dir, 'tokenizer_config.json'), 'utf8'));
    expect(config).toMatchObject({
      do_lower_case: ref.doLowerCase,
      keep_accents: ref.keepAccents,
      remove_space: ref.removeSpace,
      model_max_length: ref.modelMaxLength,
      tokenizer_class: 'AlbertTokenizer',
    });
    for (const t of [await fromSavedJson(dir), await AlbertTokenizer.fromPretrained(dir)]) {
      expect([t.doLowerCase, t.keepAccents, t.removeSpace, t.modelMaxLength]).toEqual([
        ref.doLowerCase,
        ref.keepAccents,
        ref.removeSpace,
        ref.modelMaxLength,
      ]);
      for (const text of texts) expect(fingerprint(t, text), text).toEqual(fingerprint(ref, text));
    }
  });

  it('caller options override the files', async () => {
    const dir = tempDir();
    await fromModel('brown-8k.model').savePretrained(dir);
    const t = await AlbertTokenizer.fromPretrained(dir, { doLowerCase: false, modelMaxLength: 64 });
    expect([t.doLowerCase, t.modelMaxLength]).toEqual([false, 64]);
  });
});
