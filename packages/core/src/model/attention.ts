import * as tf from '@tensorflow/tfjs-core';
import type { AlbertConfig } from '../config.js';
import { dropout, LayerNorm, Linear } from '../nn/layers.js';
import { Module } from '../nn/module.js';

/**
 * HF `AlbertAttention` (post-LN): `LN(h + dense(softmax(QK^T/sqrt(d) + mask) V))`.
 * Returns the layer-normed output and the attention probabilities `[B, heads, S, S]`.
 */
export class AlbertAttention extends Module {
  readonly query: Linear;
  readonly key: Linear;
  readonly value: Linear;
  readonly dense: Linear;
  readonly LayerNorm: LayerNorm;
  private readonly config: AlbertConfig;

  constructor(config: AlbertConfig) {
    super();
    this.config = config;
    const H = config.hiddenSize;
    this.query = this.addChild('query', new Linear(H, H));
    this.key = this.addChild('key', new Linear(H, H));
    this.value = this.addChild('value', new Linear(H, H));
    this.dense = this.addChild('dense', new Linear(H, H));
    this.LayerNorm = this.addChild('LayerNorm', new LayerNorm(H, config.layerNormEps));
  }

  /** `h` is `[B*S, H]`; `maskAdd` is `[B, 1, 1, S]` (0 for kept keys, -10000 for padding). */
  forward(
    h: tf.Tensor2D,
    batch: number,
    seq: number,
    maskAdd: tf.Tensor,
    training: boolean,
  ): [tf.Tensor2D, tf.Tensor4D] {
    return tf.tidy(() => {
      const { numAttentionHeads: nh, hiddenSize: H } = this.config;
      const d = H / nh;
      const heads = (x: tf.Tensor, perm: number[]): tf.Tensor4D =>
        tf.transpose(tf.reshape(x, [batch, seq, nh, d]), perm) as tf.Tensor4D;
      const q = heads(this.query.forward(h), [0, 2, 1, 3]); // [B, nh, S, d]
      const kT = heads(this.key.forward(h), [0, 2, 3, 1]); // [B, nh, d, S]: keeps matMul untransposed
      const v = heads(this.value.forward(h), [0, 2, 1, 3]);
      const scores = tf.add(tf.div(tf.matMul(q, kT), Math.sqrt(d)), maskAdd);
      const probs = tf.softmax(scores) as tf.Tensor4D;
      const ctx = tf.matMul(dropout(probs, this.config.attentionProbsDropoutProb, training), v);
      const merged = tf.reshape(tf.transpose(ctx, [0, 2, 1, 3]), [batch * seq, H]) as tf.Tensor2D;
      const projected = dropout(this.dense.forward(merged), this.config.hiddenDropoutProb, training);
      const out = this.LayerNorm.forward(tf.add(h, projected)) as tf.Tensor2D;
      return [out, probs];
    });
  }
}
