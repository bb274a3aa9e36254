import { type AlbertConfig, type AlbertInputs, crossEntropy, type NumInput } from '@albert-ts/core';
import type * as tf from '@tensorflow/tfjs-core';
import { AlbertHeadModel, Head, type HeadContext } from './head.js';
import { classLabels } from './labels.js';
import { AlbertMLMHead } from './mlm-head.js';

/** Inputs of `AlbertForMaskedLM.call`: the encoder inputs plus optional MLM labels. */
export interface MaskedLMInputs extends AlbertInputs {
  /** `[B, S]` vocab ids, -100 where no prediction is scored. */
  labels?: NumInput | null;
}

/**
 * Output of `AlbertForMaskedLM.call`, HF's `MaskedLMOutput`: logits `[B, S, V]` and, with labels,
 * the mean cross-entropy over non -100 labels.
 */
export interface MaskedLMOutput {
  logits: tf.Tensor3D;
  loss?: tf.Scalar;
}

export class MaskedLMHead extends Head<MaskedLMInputs, MaskedLMOutput> {
  readonly predictions: AlbertMLMHead;
  constructor(config: AlbertConfig, albert: ConstructorParameters<typeof AlbertMLMHead>[1]) {
    super();
    this.predictions = this.addChild('predictions', new AlbertMLMHead(config, albert));
  }

  forward({ config, inputs, encoded, encoderInputs }: HeadContext<MaskedLMInputs>): MaskedLMOutput {
    const logits = this.predictions.forward(encoded.lastHiddenState) as tf.Tensor3D;
    const out: MaskedLMOutput = { logits };
    if (inputs.labels != null) {
      out.loss = crossEntropy(
        logits,
        classLabels(inputs.labels, 'labels', encoderInputs.inputIds.shape, config.vocabSize),
      );
    }
    return out;
  }
}

/** HF `AlbertForMaskedLM` (no pooler; decoder tied to the word embeddings). */
export class AlbertForMaskedLM extends AlbertHeadModel<MaskedLMHead, MaskedLMInputs, MaskedLMOutput> {
  constructor(config: AlbertConfig) {
    super(config, {
      head: (c, albert) => new MaskedLMHead(c, albert),
      addPoolingLayer: false,
      architecture: 'AlbertForMaskedLM',
    });
  }
}
