import * as tf from '@tensorflow/tfjs-core';
import type { AlbertConfig } from '../config.js';
import { attention } from '../kernels/fused-ops.js';
import { dropout, LayerNorm, Linear } from '../nn/layers.js';
import { Module } from '../nn/module.js';
import { tidy } from '../nn/tidy.js';
import { attentionWithProbsDropout } from './attention-dropout.js';

/**
 * HF's extended attention mask, with the batch and sequence sizes the flattened `[B*S, H]`
 * hidden states no longer carry. Build it once per forward with {@link extendedAttentionMask}.
 */
export interface ExtendedAttentionMask {
  /** `[B, 1, 1, S]`: 0 for kept keys, -10000 for padding (HF's `(1 - mask) * -10000`). */
  additive: tf.Tensor4D;
  batch: number;
  seq: number;
}

/** HF `get_extended_attention_mask` for a `[B, S]` 0/1 mask (the caller disposes `additive`). */
export function extendedAttentionMask(attentionMask: tf.Tensor2D): ExtendedAttentionMask {
  const [batch, seq] = attentionMask.shape;
  const additive = tf.tidy(() =>
    tf.reshape(tf.mul(tf.sub(1, tf.cast(attentionMask, 'float32')), -10000), [batch, 1, 1, seq]),
  ) as tf.Tensor4D;
  return { additive, batch, seq };
}

/** Options of the encoder's per-layer forwards (HF's `training` mode and `output_attentions`). */
export interface EncoderLayerOptions {
  /** Dropout on (HF `model.train()`); default false. */
  training?: boolean;
  /** Also return the attention probabilities; default false, as in HF. */
  outputAttentions?: boolean;
}

/** What an attention block or layer returns (HF's `(hidden_states, attentions?)` tuple, named). */
export interface EncoderLayerOutput {
  /** `[B*S, H]`, the layer-normed output. */
  hiddenStates: tf.Tensor2D;
  /** `[B, heads, S, S]` post-softmax; only when `outputAttentions` was set. */
  attentions?: tf.Tensor4D;
}

/**
 * HF `AlbertAttention` (post-LN): `LN(h + dense(softmax(QK^T/sqrt(d) + mask) V))`. Without
 * `outputAttentions` the fused kernel never materialises the probabilities.
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

  /** `hidden` is `[B*S, H]`; see {@link ExtendedAttentionMask} for `mask`. */
  forward(
    hidden: tf.Tensor2D,
    mask: ExtendedAttentionMask,
    { training = false, outputAttentions = false }: EncoderLayerOptions = {},
  ): EncoderLayerOutput {
    return tidy(() => {
      const { numAttentionHeads: numHeads, hiddenSize: H, attentionProbsDropoutProb: rate } = this.config;
      const { additive: maskAdd, batch, seq } = mask;
      const as3 = (x: tf.Tensor) => tf.reshape(x, [batch, seq, H]) as tf.Tensor3D;
      const q = as3(this.query.forward(hidden));
      const k = as3(this.key.forward(hidden));
      const v = as3(this.value.forward(hidden));
      // HF drops out the probabilities themselves, which the fused op cannot: that case keeps
      // the plain ops. Otherwise the fused op (plain tfjs ops where its kernel is not registered).
      const { context, probs } =
        training && rate > 0
          ? attentionWithProbsDropout(q, k, v, maskAdd, numHeads, rate)
          : attention(q, k, v, maskAdd, { numHeads, returnProbs: outputAttentions });
      const merged = tf.reshape(context, [batch * seq, H]);
      const projected = dropout(this.dense.forward(merged), this.config.hiddenDropoutProb, training);
      const out = this.LayerNorm.forward(projected, hidden) as tf.Tensor2D;
      return outputAttentions && probs ? { hiddenStates: out, attentions: probs } : { hiddenStates: out };
    });
  }
}
