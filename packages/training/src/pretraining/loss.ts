import { crossEntropy, prepareEncoderInputs } from '@albert-ts/core';
import type { AlbertForPreTraining } from '@albert-ts/heads';
import * as tf from '@tensorflow/tfjs-core';
import { TrainingError } from '../errors.js';
import type { LossOutput } from '../trainer/trainer-options.js';
import type { GatheredPretrainingOutput, PretrainingBatch } from './types.js';

/**
 * HF `AlbertForPreTraining`'s forward and losses, computed the way Google's ALBERT does it: the
 * MLM head runs only on the masked positions (gathered from the encoder output), not on all B·S
 * positions. The losses equal `model.call(batch).loss`'s (mean MLM cross-entropy over labels ≠ -100
 * plus mean SOP cross-entropy), and so do the gradients, at a fraction of the MLM head's cost
 * (about 20 of 128 positions per sequence); a batch with nothing masked gives `mlmLoss` 0 (see
 * below). The caller disposes the returned tensors.
 */
export function pretrainingForward(
  model: AlbertForPreTraining,
  batch: PretrainingBatch,
  opts: { training?: boolean } = {},
): GatheredPretrainingOutput {
  const training = opts.training ?? true;
  const labels = batch.labels;
  if (!Array.isArray(labels) || !Array.isArray(batch.sentenceOrderLabel)) {
    throw new TrainingError(
      'INVALID_INPUT',
      'pretrainingLoss: the batch needs `labels` and `sentenceOrderLabel` as arrays',
    );
  }
  const positions: number[] = [];
  const targets: number[] = [];
  const S = labels[0]?.length ?? 0;
  labels.forEach((row, b) => {
    if (row.length !== S)
      throw new TrainingError(
        'SHAPE_MISMATCH',
        `pretrainingLoss: labels row ${b} has length ${row.length}, expected ${S}`,
      );
    row.forEach((y, s) => {
      if (y !== -100) {
        positions.push(b * S + s);
        targets.push(y);
      }
    });
  });
  return tf.tidy(() => {
    const config = model.config;
    const enc = prepareEncoderInputs(config, batch, 2);
    const encoded = model.albert.forward(enc, { training });
    const [B, Sx, H] = encoded.lastHiddenState.shape;
    if (B !== labels.length || Sx !== S) {
      throw new TrainingError(
        'SHAPE_MISMATCH',
        `pretrainingLoss: labels are [${labels.length}, ${S}], inputs [${B}, ${Sx}]`,
      );
    }
    const head = model.head;
    const hidden = tf.gather(
      tf.reshape(encoded.lastHiddenState, [B * S, H]),
      tf.tensor1d(positions, 'int32'),
    );
    const mlmLogits = head.predictions.forward(hidden) as tf.Tensor2D;
    const mlmTargets = tf.tensor1d(targets, 'int32');
    // A batch with nothing masked has no MLM term (torch's mean over zero targets would be NaN,
    // which would end a training run and poison an evaluation's means): the loss is SOP's alone.
    const mlmLoss = positions.length > 0 ? crossEntropy(mlmLogits, mlmTargets) : tf.scalar(0);
    const sopLogits = head.sop_classifier.forward(encoded.poolerOutput!, training);
    const sopLoss = crossEntropy(sopLogits, tf.tensor1d(batch.sentenceOrderLabel, 'int32'));
    return {
      mlmLogits,
      mlmTargets,
      sopLogits,
      mlmLoss,
      sopLoss,
      loss: tf.add(mlmLoss, sopLoss) as tf.Scalar,
    };
  });
}

/**
 * The pretraining loss via {@link pretrainingForward} (MLM head on masked positions only), for the
 * Trainer's `computeLoss`: `computeLoss: (m, b) => pretrainingLoss(m, b)`.
 */
export function pretrainingLoss(
  model: AlbertForPreTraining,
  batch: PretrainingBatch,
  opts: { training?: boolean } = {},
): Required<LossOutput> {
  return tf.tidy(() => {
    const out = pretrainingForward(model, batch, opts);
    return { loss: out.loss, extras: { mlmLoss: out.mlmLoss, sopLoss: out.sopLoss } };
  });
}
