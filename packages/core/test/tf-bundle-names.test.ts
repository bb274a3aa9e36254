import { readFixtureJson } from '@albert-ts/test-support';
import { describe, expect, it } from 'vitest';
import { AlbertConfig, albertConfigFromTf, albertConfigToTf, hfToTfName, tfToHfName } from '../src/index.js';
import { HF_FIXTURES, hfFixture } from './helpers/tf-fixtures.js';

describe('TF name rules (HF load_tf_weights_in_albert)', () => {
  const L = 'albert.encoder.albert_layer_groups.1.albert_layers.2';
  const cases: Array<[string, string, boolean]> = [
    ['bert/embeddings/word_embeddings', 'albert.embeddings.word_embeddings.weight', false],
    ['bert/embeddings/LayerNorm/gamma', 'albert.embeddings.LayerNorm.weight', false],
    ['albert/embeddings/LayerNorm/beta', 'albert.embeddings.LayerNorm.bias', false],
    ['module/bert/embeddings/position_embeddings', 'albert.embeddings.position_embeddings.weight', false],
    [
      'bert/encoder/embedding_hidden_mapping_in/kernel',
      'albert.encoder.embedding_hidden_mapping_in.weight',
      true,
    ],
    [
      'bert/encoder/transformer/group_1/inner_group_2/attention_1/self/query/kernel',
      `${L}.attention.query.weight`,
      true,
    ],
    [
      'bert/encoder/transformer/group_1/inner_group_2/attention/self/value/bias',
      `${L}.attention.value.bias`,
      false,
    ],
    [
      'bert/encoder/transformer/group_1/inner_group_2/attention_1/output/dense/kernel',
      `${L}.attention.dense.weight`,
      true,
    ],
    [
      'bert/encoder/transformer/group_1/inner_group_2/LayerNorm/gamma',
      `${L}.attention.LayerNorm.weight`,
      false,
    ],
    [
      'bert/encoder/transformer/group_1/inner_group_2/ffn_1/intermediate/dense/kernel',
      `${L}.ffn.weight`,
      true,
    ],
    [
      'bert/encoder/transformer/group_1/inner_group_2/ffn_1/intermediate/output/dense/bias',
      `${L}.ffn_output.bias`,
      false,
    ],
    [
      'bert/encoder/transformer/group_1/inner_group_2/LayerNorm_1/beta',
      `${L}.full_layer_layer_norm.bias`,
      false,
    ],
    ['bert/pooler/dense/kernel', 'albert.pooler.weight', true],
    ['cls/predictions/transform/dense/kernel', 'predictions.dense.weight', true],
    ['cls/predictions/transform/LayerNorm/gamma', 'predictions.LayerNorm.weight', false],
    ['cls/predictions/output_bias', 'predictions.bias', false],
    ['cls/seq_relationship/output_weights', 'sop_classifier.classifier.weight', false],
    ['cls/seq_relationship/output_bias', 'sop_classifier.classifier.bias', false],
    ['output_weights', 'classifier.weight', false],
    ['output_bias', 'classifier.bias', false],
    ['cls/squad/output_weights', 'qa_outputs.weight', false],
  ];
  it.each(cases)('%s -> %s', (tfName, hfName, transpose) => {
    expect(tfToHfName(tfName)).toEqual({ kind: 'param', hfName, transpose });
  });

  it('skips optimizer slots and global_step, refuses what no rule covers', () => {
    for (const n of [
      'global_step',
      'bert/pooler/dense/kernel/adam_m',
      'bert/pooler/dense/bias/adam_v',
      'bert/embeddings/word_embeddings/AdamWeightDecayOptimizer',
    ]) {
      expect(tfToHfName(n).kind, n).toBe('skip');
    }
    for (const n of [
      'bert/encoder/layer_0/attention/self/query/kernel',
      'bert/pooler/dense/weights',
      'foo',
    ]) {
      expect(tfToHfName(n).kind, n).toBe('unmapped');
    }
  });

  it('hfToTfName inverts it for every tensor of every fixture (canonical google spelling)', () => {
    for (const dir of Object.keys(HF_FIXTURES)) {
      for (const hf of hfFixture(dir).tensors.keys()) {
        const tfName = hfToTfName(hf);
        expect(tfName, hf).not.toBeNull();
        expect(tfToHfName(tfName!.tfName), hf).toEqual({
          kind: 'param',
          hfName: hf,
          transpose: tfName!.transpose,
        });
      }
    }
    expect(hfToTfName('albert.encoder.albert_layer_groups.0.albert_layers.0.ffn.weight')?.tfName).toBe(
      'bert/encoder/transformer/group_0/inner_group_0/ffn_1/intermediate/dense/kernel',
    );
    expect(hfToTfName('embeddings.word_embeddings.weight')?.tfName).toBe('bert/embeddings/word_embeddings');
  });
});

describe('albert_config.json', () => {
  // config/base/albert_config.json of google-research/albert (v2 base).
  const googleBase = {
    attention_probs_dropout_prob: 0,
    hidden_act: 'gelu',
    hidden_dropout_prob: 0,
    embedding_size: 128,
    hidden_size: 768,
    initializer_range: 0.02,
    intermediate_size: 3072,
    max_position_embeddings: 512,
    num_attention_heads: 12,
    num_hidden_layers: 12,
    num_hidden_groups: 1,
    net_structure_type: 0,
    gap_size: 0,
    num_memory_blocks: 0,
    inner_group_num: 1,
    down_scale_factor: 1,
    type_vocab_size: 2,
    vocab_size: 30000,
  };

  it('reads google fields; google "gelu" (tanh form) becomes HF "gelu_new"', () => {
    const c = albertConfigFromTf(googleBase);
    expect([c.hiddenSize, c.embeddingSize, c.numHiddenLayers, c.intermediateSize, c.vocabSize]).toEqual([
      768, 128, 12, 3072, 30000,
    ]);
    expect(c.hiddenAct).toBe('gelu_new');
    expect(c.layerNormEps).toBe(1e-12);
    expect(c.toJSON()).not.toHaveProperty('net_structure_type');
  });

  it('refuses what HF ALBERT cannot express, naming the field', () => {
    expect(() =>
      albertConfigFromTf({ ...googleBase, net_structure_type: 1 }, 'x/albert_config.json'),
    ).toThrow(/x\/albert_config\.json: net_structure_type 1 is not supported/);
    const { vocab_size: _, ...noVocab } = googleBase;
    expect(() => albertConfigFromTf(noVocab)).toThrow(/vocab_size is required/);
    expect(() => albertConfigFromTf({ ...googleBase, hidden_size: 770 })).toThrow(
      AlbertConfig.name === '' ? /x/ : /./,
    );
    expect(() =>
      albertConfigToTf(AlbertConfig.fromJSON({ ...googleBase, hidden_act: 'gelu', model_type: 'albert' })),
    ).toThrow(/hidden_act "gelu" has no equivalent/);
  });

  it('round trips a fixture config', () => {
    const hf = AlbertConfig.fromJSON(readFixtureJson('albert-tiny-grouped', 'config.json'));
    const back = albertConfigFromTf(albertConfigToTf(hf));
    const { architectures: _a, transformers_version: _t, ...want } = hf.toJSON();
    const { architectures: _b, ...got } = back.toJSON();
    expect(got).toEqual(want);
  });
});
