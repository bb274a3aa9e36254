import {
  type AlbertConfig,
  type AlbertInputs,
  crossEntropy,
  dropout,
  Linear,
  type NumInput,
} from '@albert-ts/core';
import type * as tf from '@tensorflow/tfjs-core';
import { AlbertHeadModel, Head, type HeadContext } from './head.js';
import { classLabels } from './labels.js';

/**
 * Inputs of `AlbertForTokenClassification.call`: the encoder inputs plus optional per-token labels.
 */
export interface TokenClassificationInputs extends AlbertInputs {
  /** `[B, S]` tag ids, -100 for positions that do not count (padding, sub-word continuations). */
  labels?: NumInput | null;
}

/**
 * Output of `AlbertForTokenClassification.call`, HF's `TokenClassifierOutput`: logits `[B, S,
 * num_labels]` and, with labels, the cross-entropy over labels that are not -100.
 */
export interface TokenClassificationOutput {
  logits: tf.Tensor3D;
  loss?: tf.Scalar;
}

/** Dropout (classifier_dropout_prob, else hidden_dropout_prob) then Linear(H, num_labels) per token. */
export class TokenClassificationHead extends Head<TokenClassificationInputs, TokenClassificationOutput> {
  readonly classifier: Linear;
  constructor(config: AlbertConfig) {
    super();
    this.classifier = this.addChild('classifier', new Linear(config.hiddenSize, config.numLabels));
  }

  forward({
    config,
    inputs,
    encoded,
    encoderInputs,
    training,
  }: HeadContext<TokenClassificationInputs>): TokenClassificationOutput {
    const rate = config.classifierDropoutProb ?? config.hiddenDropoutProb;
    const logits = this.classifier.forward(dropout(encoded.lastHiddenState, rate, training)) as tf.Tensor3D;
    const out: TokenClassificationOutput = { logits };
    if (inputs.labels != null) {
      out.loss = crossEntropy(
        logits,
        classLabels(inputs.labels, 'labels', encoderInputs.inputIds.shape, config.numLabels),
      );
    }
    return out;
  }
}

/** HF `AlbertForTokenClassification` (no pooler). */
export class AlbertForTokenClassification extends AlbertHeadModel<
  TokenClassificationHead,
  TokenClassificationInputs,
  TokenClassificationOutput
> {
  constructor(config: AlbertConfig) {
    super(config, {
      head: (c) => new TokenClassificationHead(c),
      addPoolingLayer: false,
      architecture: 'AlbertForTokenClassification',
    });
  }
}
