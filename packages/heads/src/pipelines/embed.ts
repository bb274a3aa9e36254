import { AlbertError, type AlbertPreTrainedModel, prepareEncoderInputs } from '@albert-ts/core';
import * as tf from '@tensorflow/tfjs-core';
import { bodyOf, encodeBatch, maxLen, type PipelineTokenizer, take, toModelInputs } from './common.js';

/** Options of `embed`: how token vectors are pooled and whether they are normalised. */
export interface EmbedOptions {
  /** 'mean' (default): mask-aware mean of the last hidden states; 'cls': token 0; 'pooler': tanh pooler. */
  pooling?: 'mean' | 'cls' | 'pooler';
  /** Scale each vector to unit L2 norm. */
  normalize?: boolean;
}

/** Feature extraction: one vector per text from any ALBERT model's encoder. */
export async function embed(
  model: AlbertPreTrainedModel,
  tokenizer: PipelineTokenizer,
  texts: string[],
  opts: EmbedOptions = {},
): Promise<number[][]> {
  if (!Array.isArray(texts) || texts.length === 0 || !texts.every((t) => typeof t === 'string')) {
    throw new AlbertError('INVALID_INPUT', 'embed: expected a non-empty array of strings');
  }
  const body = bodyOf(model);
  const encs = encodeBatch(tokenizer, texts, maxLen(model));
  const pooling = opts.pooling ?? 'mean';
  const vecs = tf.tidy(() => {
    const enc = prepareEncoderInputs(model.config, toModelInputs(encs));
    const out = body.forward(enc);
    let v: tf.Tensor2D;
    if (pooling === 'pooler') {
      if (!out.poolerOutput)
        throw new AlbertError('INVALID_INPUT', `embed: ${model.architecture} has no pooler`);
      v = out.poolerOutput;
    } else if (pooling === 'cls') {
      v = tf.squeeze(tf.slice(out.lastHiddenState, [0, 0, 0], [-1, 1, -1]), [1]) as tf.Tensor2D;
    } else {
      const m = tf.expandDims(tf.cast(enc.attentionMask, 'float32'), -1);
      v = tf.div(tf.sum(tf.mul(out.lastHiddenState, m), 1), tf.sum(m, 1)) as tf.Tensor2D;
    }
    return opts.normalize ? (tf.div(v, tf.maximum(tf.norm(v, 2, -1, true), 1e-12)) as tf.Tensor2D) : v;
  });
  return take<number[][]>(vecs);
}
