import type { DemoPlan } from './plan.js';

/** The HF config fields of a demo model shape: one shared layer group, no dropout in the encoder. */
export function demoModelFields(m: DemoPlan['model'], vocabSize: number): Record<string, unknown> {
  return {
    vocab_size: vocabSize,
    embedding_size: m.embeddingSize,
    hidden_size: m.hiddenSize,
    num_hidden_layers: m.numHiddenLayers,
    num_hidden_groups: 1,
    inner_group_num: 1,
    num_attention_heads: m.numAttentionHeads,
    intermediate_size: m.intermediateSize,
    hidden_act: 'gelu_new',
    hidden_dropout_prob: 0,
    attention_probs_dropout_prob: 0,
    max_position_embeddings: 512,
    type_vocab_size: 2,
  };
}
