import {
  type AlbertConfig,
  AlbertError,
  type AlbertInputs,
  bceWithLogits,
  crossEntropy,
  dropout,
  Linear,
  mseLoss,
  type NumInput,
} from '@albert-ts/core';
import * as tf from '@tensorflow/tfjs-core';
import { AlbertHeadModel, Head, type HeadContext } from './head.js';
import { classLabels, floatTargets, isIntegerLabels, rankOf } from './labels.js';

/** Inputs of `AlbertForSequenceClassification.call`: the encoder inputs plus optional labels. */
export interface SequenceClassificationInputs extends AlbertInputs {
  /** `[B]` class ids (single-label), `[B, num_labels]` 0/1 floats (multi-label) or `[B]` floats (regression). */
  labels?: NumInput | null;
}

/**
 * Output of `AlbertForSequenceClassification.call`, HF's `SequenceClassifierOutput`: logits `[B,
 * num_labels]` and, with labels, the loss of the config's `problem_type` (cross-entropy, BCE or
 * MSE).
 */
export interface SequenceClassificationOutput {
  logits: tf.Tensor2D;
  loss?: tf.Scalar;
}

/** `dropout(classifier_dropout_prob)` then `classifier` Linear(H, num_labels) on the pooled output. */
export class SequenceClassificationHead extends Head<
  SequenceClassificationInputs,
  SequenceClassificationOutput
> {
  readonly classifier: Linear;
  constructor(config: AlbertConfig) {
    super();
    this.classifier = this.addChild('classifier', new Linear(config.hiddenSize, config.numLabels));
  }

  forward({
    config,
    inputs,
    encoded,
    training,
  }: HeadContext<SequenceClassificationInputs>): SequenceClassificationOutput {
    if (!encoded.poolerOutput)
      throw new AlbertError('INVALID_CONFIG', 'sequence classification needs the pooler');
    const pooled = dropout(encoded.poolerOutput, config.classifierDropoutProb, training);
    const logits = this.classifier.forward(pooled) as tf.Tensor2D;
    const out: SequenceClassificationOutput = { logits };
    if (inputs.labels == null) return out;
    const B = logits.shape[0];
    const C = config.numLabels;
    // HF infers the problem type from num_labels and the label dtype, and remembers it.
    if (config.problemType === null) {
      config.problemType =
        C === 1
          ? 'regression'
          : isIntegerLabels(inputs.labels) && rankOf(inputs.labels) === 1
            ? 'single_label_classification'
            : 'multi_label_classification';
    }
    switch (config.problemType) {
      case 'regression': {
        const y = floatTargets(inputs.labels, 'labels', C === 1 ? [[B], [B, 1]] : [[B, C]]);
        out.loss = C === 1 ? mseLoss(tf.reshape(logits, [B]), tf.reshape(y, [B])) : mseLoss(logits, y);
        break;
      }
      case 'single_label_classification':
        out.loss = crossEntropy(logits, classLabels(inputs.labels, 'labels', [B], C));
        break;
      default:
        out.loss = bceWithLogits(logits, floatTargets(inputs.labels, 'labels', [[B, C]]));
    }
    return out;
  }
}

/**
 * HF `AlbertForSequenceClassification`: pooled output → dropout → Linear. Loss by
 * `config.problemType` (inferred as HF does when null: 1 label → regression/MSE; integer labels
 * → single-label cross-entropy; else multi-label BCE-with-logits).
 */
export class AlbertForSequenceClassification extends AlbertHeadModel<
  SequenceClassificationHead,
  SequenceClassificationInputs,
  SequenceClassificationOutput
> {
  constructor(config: AlbertConfig) {
    super(config, {
      head: (c) => new SequenceClassificationHead(c),
      addPoolingLayer: true,
      architecture: 'AlbertForSequenceClassification',
    });
  }
}
