import { readFixtureJson } from '@albert-ts/test-support';
import { describe, expect, it } from 'vitest';
import { AlbertConfig, AlbertError, presetJson, presets } from '../src/index.js';

function codeOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(AlbertError);
    return (e as AlbertError).code;
  }
  throw new Error('expected an AlbertError');
}

describe('AlbertConfig', () => {
  it('reads every fixture config.json and writes back the same keys and values', () => {
    for (const dir of [
      'albert-tiny',
      'albert-tiny-grouped',
      'albert-base-shape',
      'heads/sequence-classification',
      'heads/sequence-regression',
    ]) {
      const json = readFixtureJson<Record<string, unknown>>(...dir.split('/'), 'config.json');
      const c = AlbertConfig.fromJSON(json);
      const back = c.toJSON();
      for (const [k, v] of Object.entries(json)) {
        if (k === 'num_labels' || k === 'id2label' || k === 'label2id' || k === 'problem_type') continue;
        expect(back[k], k).toEqual(v);
      }
      expect(AlbertConfig.fromJSON(back).toJSON()).toEqual(back);
    }
  });

  it('maps snake_case to camelCase fields and labels as HF does', () => {
    const c = AlbertConfig.fromJSON(readFixtureJson('heads', 'token-classification', 'config.json'));
    expect(c.hiddenSize).toBe(32);
    expect(c.numLabels).toBe(5);
    expect(c.id2label[4]).toBe('LABEL_4');
    expect(c.label2id.LABEL_2).toBe(2);
    const r = AlbertConfig.fromJSON(readFixtureJson('heads', 'sequence-regression', 'config.json'));
    expect(r.problemType).toBe('regression');
    expect(AlbertConfig.fromJSON({ num_labels: 7 }).id2label[6]).toBe('LABEL_6');
    expect(new AlbertConfig({ numLabels: 3 }).with({ numLabels: 4 }).numLabels).toBe(4);
  });

  it('has the published presets as data', () => {
    expect(Object.keys(presets).sort()).toEqual([
      'albert-base-v1',
      'albert-base-v2',
      'albert-large-v1',
      'albert-large-v2',
      'albert-xlarge-v1',
      'albert-xlarge-v2',
      'albert-xxlarge-v1',
      'albert-xxlarge-v2',
    ]);
    const base = readFixtureJson<Record<string, unknown>>('albert-base-shape', 'config.json');
    const p = presets['albert-base-v2'].toJSON();
    for (const k of Object.keys(presetJson['albert-base-v2'])) expect(p[k], k).toEqual(base[k]);
    expect(presets['albert-xxlarge-v2'].hiddenSize).toBe(4096);
    expect(presets['albert-base-v1'].hiddenAct).toBe('gelu');
  });

  it('rejects configs that cannot be, naming the field', () => {
    expect(codeOf(() => AlbertConfig.fromJSON({ hidden_size: 30, num_attention_heads: 4 }))).toBe(
      'INVALID_CONFIG',
    );
    expect(() => AlbertConfig.fromJSON({ hidden_size: 30, num_attention_heads: 4 })).toThrow(
      /num_attention_heads/,
    );
    expect(() => AlbertConfig.fromJSON({ num_hidden_layers: 6, num_hidden_groups: 4 })).toThrow(
      /num_hidden_groups/,
    );
    expect(() => AlbertConfig.fromJSON({ hidden_act: 'gelu_magic' })).toThrow(/hiddenAct/);
    expect(() => AlbertConfig.fromJSON({ vocab_size: 0 })).toThrow(/vocabSize/);
    expect(() => AlbertConfig.fromJSON({ vocab_size: 10.5 })).toThrow(/vocabSize/);
    expect(() => AlbertConfig.fromJSON({ hidden_dropout_prob: 1.5 })).toThrow(/hiddenDropoutProb/);
    expect(() => AlbertConfig.fromJSON({ layer_norm_eps: 0 })).toThrow(/layerNormEps/);
    expect(() => AlbertConfig.fromJSON({ position_embedding_type: 'relative_key' })).toThrow(
      /positionEmbeddingType/,
    );
    expect(() => AlbertConfig.fromJSON({ model_type: 'bert' })).toThrow(/model_type/);
    expect(() => AlbertConfig.fromJSON({ problem_type: 'ranking' })).toThrow(/problemType/);
    expect(() => AlbertConfig.fromJSON({ vocab_size: 10, pad_token_id: 10 })).toThrow(/padTokenId/);
    expect(() => AlbertConfig.fromJSON('{"vocab_size": 3}')).toThrow(/expected an object/);
    expect(() => AlbertConfig.fromJSON({ id2label: { 0: 'a', 2: 'b' } })).toThrow(/id2label/);
  });
});
