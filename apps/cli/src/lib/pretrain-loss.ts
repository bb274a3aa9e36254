import type { AlbertForPreTraining } from '@albert-ts/heads';
import * as tf from '@tensorflow/tfjs-core';
import type { PretrainBatch } from './pretrain-data.js';

type Core = typeof import('@albert-ts/core');

interface MaskedForward {
  /** `[N, V]` logits at the N masked positions (N may be 0). */
  mlmLogits: tf.Tensor2D | null;
  targets: tf.Tensor1D | null;
  sopLogits: tf.Tensor2D;
  sopTargets: tf.Tensor1D;
}

/**
 * The pretraining forward pass the way Google's run_pretraining.py runs it: the MLM head only at
 * the masked positions (`gather_indexes`), not at all B·S positions as `model.call` does. The
 * vocabulary projection and its softmax shrink from B·S rows to ≤ maxPredictionsPerSeq·B rows,
 * which is most of a small model's step time. Call inside tf.tidy.
 */
function maskedForward(
  core: Core,
  model: AlbertForPreTraining,
  batch: PretrainBatch,
  training: boolean,
): MaskedForward {
  const rows: number[] = [];
  const targets: number[] = [];
  const S = batch.inputIds[0]!.length;
  batch.labels.forEach((r, b) => {
    r.forEach((y, s) => {
      if (y !== -100) {
        rows.push(b * S + s);
        targets.push(y);
      }
    });
  });
  const enc = core.prepareEncoderInputs(model.config, batch, 2);
  const encoded = model.albert.forward(enc, { training });
  const sopLogits = model.head.sop_classifier.forward(encoded.poolerOutput!, training);
  const sopTargets = tf.tensor1d(batch.sentenceOrderLabel, 'int32');
  if (rows.length === 0) return { mlmLogits: null, targets: null, sopLogits, sopTargets };
  const flat = tf.reshape(encoded.lastHiddenState, [-1, model.config.hiddenSize]);
  const picked = tf.gather(flat, tf.tensor1d(rows, 'int32'));
  return {
    mlmLogits: model.head.predictions.forward(picked) as tf.Tensor2D,
    targets: tf.tensor1d(targets, 'int32'),
    sopLogits,
    sopTargets,
  };
}

/**
 * MLM + SOP loss from the masked-position forward: the same number as HF's
 * `AlbertForPreTraining` loss (mean cross-entropy over masked positions + SOP cross-entropy).
 */
export function maskedPretrainLoss(core: Core) {
  return (
    model: AlbertForPreTraining,
    batch: PretrainBatch,
    training: boolean,
  ): { loss: tf.Scalar; extras: Record<string, tf.Scalar> } =>
    tf.tidy(() => {
      const f = maskedForward(core, model, batch, training);
      const sopLoss = core.crossEntropy(f.sopLogits, f.sopTargets);
      // A batch with nothing masked has no MLM term (HF's mean over zero positions would be NaN).
      if (!f.mlmLogits) return { loss: sopLoss, extras: { mlmLoss: tf.scalar(0), sopLoss } };
      const mlmLoss = core.crossEntropy(f.mlmLogits, f.targets!);
      return { loss: tf.add(mlmLoss, sopLoss) as tf.Scalar, extras: { mlmLoss, sopLoss } };
    });
}

/** Held-out MLM accuracy (masked positions), SOP accuracy and both mean losses. */
export async function maskedPretrainMetrics(
  core: Core,
  model: AlbertForPreTraining,
  batches: Iterable<PretrainBatch>,
): Promise<Record<string, number>> {
  let masked = 0;
  let mlmHits = 0;
  let mlmLoss = 0;
  let sopHits = 0;
  let sopLoss = 0;
  let n = 0;
  for (const batch of batches) {
    const ts = tf.tidy(() => {
      const f = maskedForward(core, model, batch, false);
      const sopHit = tf.sum(tf.cast(tf.equal(tf.argMax(f.sopLogits, -1), f.sopTargets), 'float32'));
      const sl = core.crossEntropy(f.sopLogits, f.sopTargets);
      if (!f.mlmLogits) return [tf.scalar(0), tf.scalar(0), tf.scalar(0), sopHit, sl];
      const hit = tf.sum(tf.cast(tf.equal(tf.argMax(f.mlmLogits, -1), f.targets!), 'float32'));
      const ml = core.crossEntropy(f.mlmLogits, f.targets!);
      return [tf.scalar(f.targets!.shape[0]), hit, ml, sopHit, sl];
    });
    const [count, hit, ml, sh, sl] = await Promise.all(ts.map(async (t) => (await t.data())[0]!));
    tf.dispose(ts);
    const b = batch.sentenceOrderLabel.length;
    masked += count!;
    mlmHits += hit!;
    mlmLoss += ml! * count!;
    sopHits += sh!;
    sopLoss += sl! * b;
    n += b;
  }
  return {
    mlm_accuracy: masked ? mlmHits / masked : 0,
    sop_accuracy: n ? sopHits / n : 0,
    mlm_loss: masked ? mlmLoss / masked : 0,
    sop_loss: n ? sopLoss / n : 0,
  };
}
