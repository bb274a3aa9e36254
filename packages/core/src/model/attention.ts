import * as tf from '@tensorflow/tfjs-core';
import type { AlbertConfig } from '../config.js';
import { attention } from '../kernels/fused-ops.js';
import { dropout, LayerNorm, Linear } from '../nn/layers.js';
import { Module } from '../nn/module.js';
import { tidy } from '../nn/tidy.js';
import { attentionWithProbsDropout } from './attention-dropout.js';

/**
 * HF `AlbertAttention` (post-LN): `LN(h + dense(softmax(QK^T/sqrt(d) + mask) V))`.
 * Returns the layer-normed output and the attention probabilities `[B, heads, S, S]` (null when
 * `outputAttentions` is false: the fused kernel then never materialises them).
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
  ): [tf.Tensor2D, tf.Tensor4D];
  forward(
    h: tf.Tensor2D,
    batch: number,
    seq: number,
    maskAdd: tf.Tensor,
    training: boolean,
    outputAttentions: boolean,
  ): [tf.Tensor2D, tf.Tensor4D | null];
  forward(
    h: tf.Tensor2D,
    batch: number,
    seq: number,
    maskAdd: tf.Tensor,
    training: boolean,
    outputAttentions = true,
  ): [tf.Tensor2D, tf.Tensor4D | null] {
    return tidy(() => {
      const { numAttentionHeads: numHeads, hiddenSize: H, attentionProbsDropoutProb: rate } = this.config;
      const as3 = (x: tf.Tensor) => tf.reshape(x, [batch, seq, H]) as tf.Tensor3D;
      const q = as3(this.query.forward(h));
      const k = as3(this.key.forward(h));
      const v = as3(this.value.forward(h));
      // HF drops out the probabilities themselves, which the fused op cannot: that case keeps
      // the plain ops. Otherwise the fused op (plain tfjs ops where its kernel is not registered).
      const { context, probs } =
        training && rate > 0
          ? attentionWithProbsDropout(q, k, v, maskAdd, numHeads, rate)
          : attention(q, k, v, maskAdd, { numHeads, returnProbs: outputAttentions });
      const merged = tf.reshape(context, [batch * seq, H]);
      const projected = dropout(this.dense.forward(merged), this.config.hiddenDropoutProb, training);
      const out = this.LayerNorm.forward(projected, h) as tf.Tensor2D;
      return [out, outputAttentions ? (probs ?? null) : null];
    });
  }
}
