import { prepareEncoderInputs } from '@albert-ts/core';
import type { AlbertTokenizer } from '@albert-ts/tokenizer';
import * as tf from '@tensorflow/tfjs-core';
import type { AnyModel } from './loaders.js';

export interface AttentionMaps {
  /** The sentence's pieces, specials included (`[CLS] ▁the ... [SEP]`). */
  tokens: string[];
  /** `layers[l][h][q][k]`: post-softmax attention of query `q` to key `k`, one entry per layer application. */
  layers: number[][][][];
}

/** Attention probabilities of every layer application for one sentence (the encoder only; heads unused). */
export async function attentionMaps(
  model: AnyModel,
  tokenizer: AlbertTokenizer,
  text: string,
): Promise<AttentionMaps> {
  const enc = tokenizer.encode(text, null, {
    maxLength: model.config.maxPositionEmbeddings,
    truncation: 'longest_first',
  });
  // Every model names its encoder `albert`.
  const body = model.albert;
  const stacked = tf.tidy(() => {
    const inputs = prepareEncoderInputs(model.config, {
      inputIds: [enc.inputIds],
      attentionMask: [enc.attentionMask],
      tokenTypeIds: [enc.tokenTypeIds],
    });
    const out = body.forward(inputs, { outputAttentions: true });
    // [L, 1, heads, S, S] -> [L, heads, S, S]
    return tf.squeeze(tf.stack(out.attentions ?? []), [1]);
  });
  try {
    return {
      tokens: tokenizer.convertIdsToTokens(enc.inputIds),
      layers: (await stacked.array()) as number[][][][],
    };
  } finally {
    stacked.dispose();
  }
}

/** Heads × keys for one query token, or averaged over all queries (`query = -1`). */
export function headsByTokens(layer: number[][][], query: number): number[][] {
  return layer.map((head) => {
    if (query >= 0) return head[query].slice();
    const n = head.length;
    return head[0].map((_, k) => head.reduce((s, row) => s + row[k], 0) / n);
  });
}
