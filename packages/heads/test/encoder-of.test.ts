import { AlbertConfig, AlbertModel, AlbertPreTrainedModel, setupBackend } from '@albert-ts/core';
import { readFixtureJson } from '@albert-ts/test-support';
import { beforeAll, describe, expect, it } from 'vitest';
import { AlbertForMaskedLM, AlbertForSequenceClassification } from '../src/index.js';
import { bodyOf, encoderOf } from '../src/pipelines/common.js';

const tiny = () => AlbertConfig.fromJSON(readFixtureJson('albert-tiny', 'config.json'));

// Every model names its encoder `albert`, so the pipelines reach it the same way in all of them.
describe('one name for the encoder', () => {
  beforeAll(async () => {
    await setupBackend({ backend: 'cpu' });
  });

  it('AlbertModel and the head models expose model.albert; names keep HF prefixes', () => {
    const base = AlbertModel.fromConfig(tiny(), { seed: 1 });
    const mlm = AlbertForMaskedLM.fromConfig(tiny(), { seed: 1 });
    const cls = AlbertForSequenceClassification.fromConfig(tiny(), { seed: 1 });
    for (const m of [base, mlm, cls]) expect(bodyOf(m)).toBe(m.albert);
    expect(base.namedParameters()[0][0]).toBe('embeddings.word_embeddings.weight');
    expect(mlm.namedParameters()[0][0]).toBe('albert.embeddings.word_embeddings.weight');
    for (const m of [base, mlm, cls]) m.dispose();
  });

  it('a model without an encoder is refused, not cast', () => {
    const bare = new AlbertPreTrainedModel(tiny());
    expect(encoderOf(bare)).toBeUndefined();
    expect(encoderOf({ albert: {} })).toBeUndefined();
    expect(() => bodyOf(bare)).toThrow(/has no encoder/);
  });
});
