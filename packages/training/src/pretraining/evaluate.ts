import * as tf from '@tensorflow/tfjs-core';
import { TrainingError } from '../errors.js';
import type { TrainableModel } from '../trainer/types.js';
import { pretrainingForward } from './loss.js';
import type { PretrainingBatch, PretrainingMetrics } from './types.js';

/** Whether the model has AlbertForPreTraining's parts (encoder + MLM/SOP heads) for the gathered path. */
function isGatherable(m: TrainableModel): m is Parameters<typeof pretrainingForward>[0] {
  const x = m as {
    albert?: { forward?: unknown };
    head?: { predictions?: unknown; sop_classifier?: unknown };
  };
  return typeof x.albert?.forward === 'function' && !!x.head?.predictions && !!x.head?.sop_classifier;
}

/**
 * Evaluates an `AlbertForPreTraining` (MLM head on masked positions only, see
 * `pretrainingForward`) or any model whose `call` returns `predictionLogits`, `sopLogits`,
 * `mlmLoss`, `sopLoss`, on batches, with dropout off. Losses are example-weighted means over
 * batches (MLM: weighted by masked tokens).
 */
export async function evaluatePretraining(
  model: TrainableModel,
  batches: Iterable<PretrainingBatch> | AsyncIterable<PretrainingBatch>,
): Promise<PretrainingMetrics> {
  let mlmLoss = 0;
  let sopLoss = 0;
  let masked = 0;
  let mlmRight = 0;
  let sopRight = 0;
  let n = 0;
  for await (const batch of batches) {
    const [ml, sl, mr, sr, mc] = tf.tidy(() => {
      let mlmHits: tf.Tensor;
      let count: tf.Tensor;
      let out: { sopLogits: tf.Tensor; mlmLoss?: tf.Tensor; sopLoss?: tf.Tensor };
      if (isGatherable(model)) {
        // MLM head on the masked positions only (same losses, much cheaper than all positions).
        const g = pretrainingForward(model, batch, { training: false });
        mlmHits = tf.sum(tf.cast(tf.equal(tf.argMax(g.mlmLogits, -1), g.mlmTargets), 'float32'));
        count = tf.scalar(g.mlmTargets.size);
        out = g;
      } else {
        const o = model.call(batch, { training: false });
        const labels = tf.tensor2d(batch.labels, undefined, 'int32');
        const valid = tf.notEqual(labels, -100);
        const pred = tf.argMax(o.predictionLogits as tf.Tensor, -1);
        mlmHits = tf.sum(tf.cast(tf.logicalAnd(valid, tf.equal(pred, labels)), 'float32'));
        count = tf.sum(tf.cast(valid, 'float32'));
        out = o;
      }
      const sopPred = tf.argMax(out.sopLogits, -1);
      const sopTargets = tf.tensor1d(batch.sentenceOrderLabel, 'int32');
      const sopHits = tf.sum(tf.cast(tf.equal(sopPred, sopTargets), 'float32'));
      return [out.mlmLoss as tf.Scalar, out.sopLoss as tf.Scalar, mlmHits, sopHits, count];
    });
    const [mlv, slv, mrv, srv, mcv] = await Promise.all(
      [ml, sl, mr, sr, mc].map(async (t) => (await t.data())[0]),
    );
    for (const t of [ml, sl, mr, sr, mc]) t.dispose();
    const b = batch.sentenceOrderLabel.length;
    mlmLoss += mlv * mcv;
    masked += mcv;
    sopLoss += slv * b;
    mlmRight += mrv;
    sopRight += srv;
    n += b;
  }
  if (n === 0) throw new TrainingError('INVALID_INPUT', 'evaluatePretraining: no batches');
  const mlm = masked > 0 ? mlmLoss / masked : 0;
  return {
    loss: mlm + sopLoss / n,
    mlmLoss: mlm,
    sopLoss: sopLoss / n,
    mlmAccuracy: masked > 0 ? mlmRight / masked : 0,
    sopAccuracy: sopRight / n,
    examples: n,
  };
}
