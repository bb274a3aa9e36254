import {
  type Activation,
  type AlbertBody,
  type AlbertConfig,
  dropout,
  getActivation,
  LayerNorm,
  Linear,
  linearOp,
  Module,
  Param,
} from '@albert-ts/core';
import * as tf from '@tensorflow/tfjs-core';

/** The MLM decoder: `predictions.decoder.{weight,bias}`, tied to the word embeddings and `predictions.bias`. */
export class TiedDecoder extends Module {
  readonly weight: Param;
  readonly bias: Param;
  constructor(weight: Param, bias: Param) {
    super();
    this.weight = this.addParam('weight', weight);
    this.bias = this.addParam('bias', bias);
  }

  /** `x2 [N, E]` → logits `[N, V]`: the product with the (tied) embedding matrix plus the bias. */
  forward(x2: tf.Tensor2D): tf.Tensor2D {
    const w = this.weight;
    // Embedding layout is [V, E]: one explicit transpose keeps the big matMul on the fast kernel.
    const b = w.layout === 'transposed' ? (w.value as tf.Tensor2D) : (tf.transpose(w.value) as tf.Tensor2D);
    return linearOp(x2, b, this.bias.value);
  }
}

/** HF `AlbertMLMHead` (`predictions.*`): dense H→E, activation, LayerNorm, decoder E→V. */
export class AlbertMLMHead extends Module {
  readonly LayerNorm: LayerNorm;
  readonly bias: Param;
  readonly dense: Linear;
  readonly decoder: TiedDecoder;
  private readonly act: Activation;
  private readonly config: AlbertConfig;

  constructor(config: AlbertConfig, albert: AlbertBody) {
    super();
    this.config = config;
    const { embeddingSize: E, hiddenSize: H, vocabSize: V } = config;
    this.LayerNorm = this.addChild('LayerNorm', new LayerNorm(E, config.layerNormEps));
    this.bias = this.addParam('bias', new Param([V], 'hf', { kind: 'zeros' }));
    this.dense = this.addChild('dense', new Linear(H, E));
    const weight = config.tieWordEmbeddings
      ? albert.embeddings.word_embeddings.weight
      : new Param([V, E], 'transposed', { kind: 'normal' });
    this.decoder = this.addChild('decoder', new TiedDecoder(weight, this.bias));
    this.act = getActivation(config.hiddenAct);
  }

  /** `hidden [..., H]` → logits `[..., V]`. */
  forward(hidden: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const lead = hidden.shape.slice(0, -1);
      const h2 = tf.reshape(hidden, [-1, this.config.hiddenSize]) as tf.Tensor2D;
      const t = this.LayerNorm.forward(this.act(this.dense.forward(h2))) as tf.Tensor2D;
      return tf.reshape(this.decoder.forward(t), [...lead, this.config.vocabSize]);
    });
  }
}

/** HF `AlbertSOPHead` (`sop_classifier.*`): dropout then Linear(H, num_labels) on the pooled output (num_labels is 2 for SOP). */
export class AlbertSOPHead extends Module {
  readonly classifier: Linear;
  private readonly rate: number | null;
  constructor(config: AlbertConfig) {
    super();
    this.rate = config.classifierDropoutProb;
    this.classifier = this.addChild('classifier', new Linear(config.hiddenSize, config.numLabels));
  }

  /** `pooled [B, H]` → SOP logits `[B, num_labels]` (dropout only when `training`). */
  forward(pooled: tf.Tensor2D, training: boolean): tf.Tensor2D {
    return this.classifier.forward(dropout(pooled, this.rate, training)) as tf.Tensor2D;
  }
}
