import {
  type AlbertConfig,
  AlbertError,
  type AlbertInputs,
  crossEntropy,
  type NumInput,
} from '@albert-ts/core';
import * as tf from '@tensorflow/tfjs-core';
import { AlbertHeadModel, Head, type HeadContext } from './head.js';
import { classLabels } from './labels.js';
import { AlbertMLMHead, AlbertSOPHead } from './mlm-head.js';

/** Inputs of `AlbertForPreTraining.call`: the encoder inputs plus optional MLM and SOP labels. */
export interface PreTrainingInputs extends AlbertInputs {
  /** MLM targets `[B, S]`: vocab ids, -100 where not masked. */
  labels?: NumInput | null;
  /** SOP targets `[B]`: 0 = in order, 1 = swapped. */
  sentenceOrderLabel?: NumInput | null;
}

/**
 * Output of `AlbertForPreTraining.call`, HF's `AlbertForPreTrainingOutput`: MLM logits `[B, S, V]`,
 * SOP logits `[B, 2]` and the losses of the labels given.
 */
export interface PreTrainingOutput {
  predictionLogits: tf.Tensor3D;
  sopLogits: tf.Tensor2D;
  /** `mlmLoss + sopLoss`, when both label sets are given (HF). */
  loss?: tf.Scalar;
  /** Mean MLM cross-entropy over non -100 labels (when `labels` are given). */
  mlmLoss?: tf.Scalar;
  /** Mean SOP cross-entropy (when `sentenceOrderLabel` is given). */
  sopLoss?: tf.Scalar;
}

export class PreTrainingHead extends Head<PreTrainingInputs, PreTrainingOutput> {
  readonly predictions: AlbertMLMHead;
  readonly sop_classifier: AlbertSOPHead;
  constructor(config: AlbertConfig, albert: ConstructorParameters<typeof AlbertMLMHead>[1]) {
    super();
    this.predictions = this.addChild('predictions', new AlbertMLMHead(config, albert));
    this.sop_classifier = this.addChild('sop_classifier', new AlbertSOPHead(config));
  }

  forward({
    config,
    inputs,
    encoded,
    encoderInputs,
    training,
  }: HeadContext<PreTrainingInputs>): PreTrainingOutput {
    if (!encoded.poolerOutput)
      throw new AlbertError('INVALID_CONFIG', 'AlbertForPreTraining needs the pooler');
    const predictionLogits = this.predictions.forward(encoded.lastHiddenState) as tf.Tensor3D;
    const sopLogits = this.sop_classifier.forward(encoded.poolerOutput, training);
    const out: PreTrainingOutput = { predictionLogits, sopLogits };
    const [B, S] = encoderInputs.inputIds.shape;
    if (inputs.labels != null) {
      const y = classLabels(inputs.labels, 'labels', [B, S], config.vocabSize);
      out.mlmLoss = crossEntropy(predictionLogits, y);
    }
    if (inputs.sentenceOrderLabel != null) {
      const y = classLabels(inputs.sentenceOrderLabel, 'sentenceOrderLabel', [B], config.numLabels);
      out.sopLoss = crossEntropy(sopLogits, y);
    }
    if (out.mlmLoss && out.sopLoss) out.loss = tf.add(out.mlmLoss, out.sopLoss) as tf.Scalar;
    return out;
  }
}

/**
 * HF `AlbertForPreTraining`: MLM over the vocabulary (decoder tied to the word embeddings) and
 * sentence-order prediction on the pooled output; `loss = mlm + sop` when both labels are given.
 */
export class AlbertForPreTraining extends AlbertHeadModel<
  PreTrainingHead,
  PreTrainingInputs,
  PreTrainingOutput
> {
  constructor(config: AlbertConfig) {
    super(config, {
      head: (c, albert) => new PreTrainingHead(c, albert),
      addPoolingLayer: true,
      architecture: 'AlbertForPreTraining',
    });
  }
}
