import * as tf from '@tensorflow/tfjs-core';
import type { AlbertConfig } from '../config.js';
import { Linear } from '../nn/layers.js';
import { Module } from '../nn/module.js';
import { tidy } from '../nn/tidy.js';
import { AlbertEmbeddings } from './embeddings.js';
import type { EncoderInputs } from './inputs.js';
import { AlbertTransformer, type HiddenStatesMode, type TransformerOptions } from './transformer.js';

/** Options of every model's `call`; all default to false (`hiddenStatesMode`: 'per-layer-index'). */
export interface CallOptions extends TransformerOptions {
  /** Dropout on (HF `model.train()`); default false. */
  training?: boolean;
  /** Return `hiddenStates` (see `hiddenStatesMode` for which HF convention); default false. */
  outputHiddenStates?: boolean;
  /** Return `attentions`: one `[B, heads, S, S]` per AlbertLayer call, post-softmax; default false, as in HF. */
  outputAttentions?: boolean;
  /** Default `'per-layer-index'` (HF <= 4.53, `num_hidden_layers + 1` entries). */
  hiddenStatesMode?: HiddenStatesMode;
}

/** Outputs of the encoder (HF `BaseModelOutputWithPooling`, camelCase). */
export interface AlbertModelOutput {
  /** Lets `tf.dispose(output)` accept the object. */
  [key: string]: tf.Tensor | tf.Tensor[] | undefined;
  lastHiddenState: tf.Tensor3D;
  /** `tanh(pooler(h[:, 0]))`; absent when the model has no pooling layer. */
  poolerOutput?: tf.Tensor2D;
  hiddenStates?: tf.Tensor3D[];
  attentions?: tf.Tensor4D[];
}

/**
 * HF `AlbertModel`'s module (embeddings, encoder, optional pooler). Heads mount it as `albert`;
 * `AlbertModel` mounts its children at the root, as HF names them.
 */
export class AlbertBody extends Module {
  readonly embeddings: AlbertEmbeddings;
  readonly encoder: AlbertTransformer;
  readonly pooler: Linear | null;
  readonly config: AlbertConfig;

  constructor(config: AlbertConfig, opts: { addPoolingLayer?: boolean } = {}) {
    super();
    this.config = config;
    this.embeddings = this.addChild('embeddings', new AlbertEmbeddings(config));
    this.encoder = this.addChild('encoder', new AlbertTransformer(config));
    this.pooler =
      opts.addPoolingLayer === false
        ? null
        : this.addChild('pooler', new Linear(config.hiddenSize, config.hiddenSize));
  }

  /**
   * Embeddings, then the encoder, then the pooler (tanh over token 0) when the model has one; HF's
   * `AlbertModel.forward`.
   */
  forward(inputs: EncoderInputs, opts: CallOptions = {}): AlbertModelOutput {
    return tidy(() => {
      const training = opts.training ?? false;
      const emb = this.embeddings.forward(inputs.inputIds, inputs.tokenTypeIds, training);
      const enc = this.encoder.forward(emb, inputs.attentionMask, { ...opts, training });
      const out: AlbertModelOutput = { lastHiddenState: enc.lastHiddenState };
      if (this.pooler) {
        const first = tf.squeeze(tf.slice(enc.lastHiddenState, [0, 0, 0], [-1, 1, -1]), [1]);
        out.poolerOutput = tf.tanh(this.pooler.forward(first)) as tf.Tensor2D;
      }
      if (enc.hiddenStates) out.hiddenStates = enc.hiddenStates;
      if (enc.attentions) out.attentions = enc.attentions;
      return out;
    });
  }
}
