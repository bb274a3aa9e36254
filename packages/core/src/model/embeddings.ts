import * as tf from '@tensorflow/tfjs-core';
import type { AlbertConfig } from '../config.js';
import { dropout, Embedding, LayerNorm } from '../nn/layers.js';
import { Module } from '../nn/module.js';

/** HF `AlbertEmbeddings`: word + token type + absolute position, LayerNorm, all at `embedding_size`. */
export class AlbertEmbeddings extends Module {
  readonly word_embeddings: Embedding;
  readonly position_embeddings: Embedding;
  readonly token_type_embeddings: Embedding;
  readonly LayerNorm: LayerNorm;
  private readonly config: AlbertConfig;

  constructor(config: AlbertConfig) {
    super();
    this.config = config;
    const E = config.embeddingSize;
    this.word_embeddings = this.addChild(
      'word_embeddings',
      new Embedding(config.vocabSize, E, config.padTokenId),
    );
    this.position_embeddings = this.addChild(
      'position_embeddings',
      new Embedding(config.maxPositionEmbeddings, E),
    );
    this.token_type_embeddings = this.addChild(
      'token_type_embeddings',
      new Embedding(config.typeVocabSize, E),
    );
    this.LayerNorm = this.addChild('LayerNorm', new LayerNorm(E, config.layerNormEps));
  }

  /**
   * `[B, S]` ids → `[B, S, E]`: word + token type + position embeddings, LayerNorm, dropout when
   * `training`.
   */
  forward(inputIds: tf.Tensor2D, tokenTypeIds: tf.Tensor2D, training: boolean): tf.Tensor3D {
    return tf.tidy(() => {
      const seqLen = inputIds.shape[1];
      const words = this.word_embeddings.forward(inputIds);
      const types = this.token_type_embeddings.forward(tokenTypeIds);
      // Position rows 0..S-1 broadcast over the batch (HF adds word + type first, then position).
      const pos = tf.slice(this.position_embeddings.weight.value, [0, 0], [seqLen, -1]);
      const sum = tf.add(tf.add(words, types), pos);
      return dropout(this.LayerNorm.forward(sum), this.config.hiddenDropoutProb, training) as tf.Tensor3D;
    });
  }
}
