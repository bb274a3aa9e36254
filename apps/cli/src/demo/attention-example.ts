import type { TaskModel as InferModel } from '@albert-ts/heads';
import type { AlbertTokenizer } from '@albert-ts/tokenizer';
import type * as tf from '@tensorflow/tfjs-core';
import type { AttentionExample } from './results.js';

/** The last layer's attention probabilities of one sentence: `[head][query][key]`. */
export async function attentionExample(
  model: InferModel,
  tokenizer: AlbertTokenizer,
  sentence: string,
): Promise<AttentionExample> {
  const enc = tokenizer.encode(sentence, null, { maxLength: 32, truncation: 'longest_first' });
  const out = model.call({ inputIds: [enc.inputIds] }, { outputAttentions: true }) as {
    attentions: tf.Tensor4D[];
    [k: string]: unknown;
  };
  try {
    const layer = out.attentions.length - 1;
    const probs = (await out.attentions[layer]!.array()) as number[][][][];
    return {
      sentence,
      tokens: tokenizer.convertIdsToTokens(enc.inputIds),
      layer,
      attention: probs[0]!,
    };
  } finally {
    for (const v of Object.values(out)) {
      if (Array.isArray(v)) for (const t of v) (t as tf.Tensor).dispose?.();
      else (v as tf.Tensor)?.dispose?.();
    }
  }
}
