import { AlbertConfig } from './config.js';

/** The published ALBERT shapes (HF hub `config.json` of each checkpoint), as HF JSON. */
const base = {
  vocab_size: 30000,
  embedding_size: 128,
  num_hidden_groups: 1,
  inner_group_num: 1,
  max_position_embeddings: 512,
  type_vocab_size: 2,
  initializer_range: 0.02,
  layer_norm_eps: 1e-12,
  classifier_dropout_prob: 0.1,
  position_embedding_type: 'absolute',
  pad_token_id: 0,
  bos_token_id: 2,
  eos_token_id: 3,
};
const v1 = { hidden_act: 'gelu', hidden_dropout_prob: 0.1, attention_probs_dropout_prob: 0.1 };
const v2 = { hidden_act: 'gelu_new', hidden_dropout_prob: 0, attention_probs_dropout_prob: 0 };
const sizes = {
  base: { hidden_size: 768, num_attention_heads: 12, intermediate_size: 3072, num_hidden_layers: 12 },
  large: { hidden_size: 1024, num_attention_heads: 16, intermediate_size: 4096, num_hidden_layers: 24 },
  xlarge: { hidden_size: 2048, num_attention_heads: 16, intermediate_size: 8192, num_hidden_layers: 24 },
  xxlarge: { hidden_size: 4096, num_attention_heads: 64, intermediate_size: 16384, num_hidden_layers: 12 },
};

/**
 * The names of the original ALBERT checkpoints' configs (`albert-base-v1` … `albert-xxlarge-v2`).
 */
export type PresetName =
  | 'albert-base-v1'
  | 'albert-large-v1'
  | 'albert-xlarge-v1'
  | 'albert-xxlarge-v1'
  | 'albert-base-v2'
  | 'albert-large-v2'
  | 'albert-xlarge-v2'
  | 'albert-xxlarge-v2';

/** HF config.json content of each preset (snake_case). */
export const presetJson: Readonly<Record<PresetName, Readonly<Record<string, unknown>>>> = {
  'albert-base-v1': { ...base, ...v1, ...sizes.base },
  'albert-large-v1': { ...base, ...v1, ...sizes.large },
  'albert-xlarge-v1': { ...base, ...v1, ...sizes.xlarge },
  // xxlarge was trained without dropout even in v1.
  'albert-xxlarge-v1': {
    ...base,
    ...v1,
    hidden_dropout_prob: 0,
    attention_probs_dropout_prob: 0,
    ...sizes.xxlarge,
  },
  'albert-base-v2': { ...base, ...v2, ...sizes.base },
  'albert-large-v2': { ...base, ...v2, ...sizes.large },
  'albert-xlarge-v2': { ...base, ...v2, ...sizes.xlarge },
  'albert-xxlarge-v2': { ...base, ...v2, ...sizes.xxlarge },
};

/** `presets['albert-base-v2']` etc.: validated `AlbertConfig`s of the published shapes. */
export const presets: Readonly<Record<PresetName, AlbertConfig>> = Object.fromEntries(
  Object.entries(presetJson).map(([k, v]) => [k, AlbertConfig.fromJSON(v)]),
) as Record<PresetName, AlbertConfig>;
