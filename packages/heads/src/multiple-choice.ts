import {
  type AlbertConfig,
  AlbertError,
  type AlbertInputs,
  crossEntropy,
  dropout,
  Linear,
  type NumInput,
} from '@albert-ts/core';
import * as tf from '@tensorflow/tfjs-core';
import { AlbertHeadModel, Head, type HeadContext } from './head.js';
import { classLabels } from './labels.js';

/**
 * Inputs of `AlbertForMultipleChoice.call`: encoder inputs of shape `[B, num_choices, S]` plus
 * optional labels.
 */
export interface MultipleChoiceInputs extends AlbertInputs {
  /** `[B]` index of the correct choice. */
  labels?: NumInput | null;
}

/**
 * Output of `AlbertForMultipleChoice.call`, HF's `MultipleChoiceModelOutput`: one score per choice
 * and, with labels, the cross-entropy.
 */
export interface MultipleChoiceOutput {
  /** `[B, num_choices]`. */
  logits: tf.Tensor2D;
  loss?: tf.Scalar;
}

/** Inputs `[B, C, S]` run flattened; pooled → dropout → Linear(H, 1) → `[B, C]` scores. */
export class MultipleChoiceHead extends Head<MultipleChoiceInputs, MultipleChoiceOutput> {
  readonly classifier: Linear;
  constructor(config: AlbertConfig) {
    super();
    this.classifier = this.addChild('classifier', new Linear(config.hiddenSize, 1));
  }

  override get inputRank(): 3 {
    return 3;
  }

  forward({ config, inputs, encoded, training }: HeadContext<MultipleChoiceInputs>): MultipleChoiceOutput {
    if (!encoded.poolerOutput) throw new AlbertError('INVALID_CONFIG', 'multiple choice needs the pooler');
    const ids = inputs.inputIds;
    const numChoices = (ids instanceof tf.Tensor ? ids.shape[1] : (ids as number[][][])[0].length) as number;
    const pooled = dropout(encoded.poolerOutput, config.classifierDropoutProb, training);
    const logits = tf.reshape(this.classifier.forward(pooled), [-1, numChoices]) as tf.Tensor2D;
    const out: MultipleChoiceOutput = { logits };
    if (inputs.labels != null) {
      out.loss = crossEntropy(logits, classLabels(inputs.labels, 'labels', [logits.shape[0]], numChoices));
    }
    return out;
  }
}

/** HF `AlbertForMultipleChoice`: inputs `[batch, num_choices, seq]`, one score per choice. */
export class AlbertForMultipleChoice extends AlbertHeadModel<
  MultipleChoiceHead,
  MultipleChoiceInputs,
  MultipleChoiceOutput
> {
  constructor(config: AlbertConfig) {
    super(config, {
      head: (c) => new MultipleChoiceHead(c),
      addPoolingLayer: true,
      architecture: 'AlbertForMultipleChoice',
    });
  }
}
