import * as tf from '@tensorflow/tfjs-core';
import { dropout } from '../nn/layers.js';

/**
 * Multi-head attention with dropout on the probabilities (HF `attention_dropout`), on plain tfjs
 * ops: the fused `attention` op has no dropout, so training with `attention_probs_dropout_prob > 0`
 * runs this. `q`, `k`, `v` are `[B, S, H]`, `maskAdd` `[B, 1, 1, S]`; returns the context
 * `[B, S, H]` and the probabilities before dropout `[B, heads, S, S]`.
 */
export function attentionWithProbsDropout(
  q: tf.Tensor3D,
  k: tf.Tensor3D,
  v: tf.Tensor3D,
  maskAdd: tf.Tensor,
  numHeads: number,
  rate: number,
): { context: tf.Tensor3D; probs: tf.Tensor4D } {
  return tf.tidy(() => {
    const [B, S, H] = q.shape;
    const d = H / numHeads;
    const heads = (x: tf.Tensor, perm: number[]): tf.Tensor4D =>
      tf.transpose(tf.reshape(x, [B, S, numHeads, d]), perm) as tf.Tensor4D;
    // kT as [B, nh, d, S] keeps the matMul untransposed.
    const scores = tf.add(
      tf.div(tf.matMul(heads(q, [0, 2, 1, 3]), heads(k, [0, 2, 3, 1])), Math.sqrt(d)),
      maskAdd,
    );
    const probs = tf.softmax(scores) as tf.Tensor4D;
    const ctx = tf.matMul(dropout(probs, rate, true), heads(v, [0, 2, 1, 3]));
    const context = tf.reshape(tf.transpose(ctx, [0, 2, 1, 3]), [B, S, H]) as tf.Tensor3D;
    return { context, probs };
  });
}
