import { type AlbertConfig, type AlbertInputs, crossEntropy, Linear, type NumInput } from '@albert-ts/core';
import * as tf from '@tensorflow/tfjs-core';
import { AlbertHeadModel, Head, type HeadContext } from './head.js';
import { positions } from './labels.js';

/**
 * Inputs of `AlbertForQuestionAnswering.call`: the encoder inputs plus optional gold start / end
 * token positions.
 */
export interface QuestionAnsweringInputs extends AlbertInputs {
  /** `[B]` token index of the answer start; values outside `[0, S)` are clamped to S and ignored (HF). */
  startPositions?: NumInput | null;
  endPositions?: NumInput | null;
}

/**
 * Output of `AlbertForQuestionAnswering.call`, HF's `QuestionAnsweringModelOutput`: start and end
 * logits `[B, S]` and, with positions, the loss.
 */
export interface QuestionAnsweringOutput {
  startLogits: tf.Tensor2D;
  endLogits: tf.Tensor2D;
  /** `(CE(start) + CE(end)) / 2`, when both positions are given. */
  loss?: tf.Scalar;
}

/** `qa_outputs` Linear(H, num_labels = 2) per token, split into start and end logits. */
export class QuestionAnsweringHead extends Head<QuestionAnsweringInputs, QuestionAnsweringOutput> {
  readonly qa_outputs: Linear;
  constructor(config: AlbertConfig) {
    super();
    this.qa_outputs = this.addChild('qa_outputs', new Linear(config.hiddenSize, config.numLabels));
  }

  forward({ inputs, encoded }: HeadContext<QuestionAnsweringInputs>): QuestionAnsweringOutput {
    const logits = this.qa_outputs.forward(encoded.lastHiddenState) as tf.Tensor3D;
    const [B, S] = [logits.shape[0], logits.shape[1]];
    const startLogits = tf.reshape(tf.slice(logits, [0, 0, 0], [-1, -1, 1]), [B, S]) as tf.Tensor2D;
    const endLogits = tf.reshape(tf.slice(logits, [0, 0, 1], [-1, -1, 1]), [B, S]) as tf.Tensor2D;
    const out: QuestionAnsweringOutput = { startLogits, endLogits };
    if (inputs.startPositions != null && inputs.endPositions != null) {
      // HF: positions outside the sequence are clamped to S, which is the ignore_index.
      // (min/max, not clipByValue: tfjs-wasm's int32 clipByValue does not clip.)
      const clamp = (v: NumInput, name: string) =>
        tf.minimum(tf.maximum(positions(v, name, [B]), tf.scalar(0, 'int32')), tf.scalar(S, 'int32'));
      const s = crossEntropy(startLogits, clamp(inputs.startPositions, 'startPositions'), S);
      const e = crossEntropy(endLogits, clamp(inputs.endPositions, 'endPositions'), S);
      out.loss = tf.div(tf.add(s, e), 2) as tf.Scalar;
    }
    return out;
  }
}

/** HF `AlbertForQuestionAnswering` (no pooler): span start/end logits, clamped-position loss. */
export class AlbertForQuestionAnswering extends AlbertHeadModel<
  QuestionAnsweringHead,
  QuestionAnsweringInputs,
  QuestionAnsweringOutput
> {
  constructor(config: AlbertConfig) {
    super(config, {
      head: (c) => new QuestionAnsweringHead(c),
      addPoolingLayer: false,
      architecture: 'AlbertForQuestionAnswering',
    });
  }
}
