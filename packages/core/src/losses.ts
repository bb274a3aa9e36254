import * as tf from '@tensorflow/tfjs-core';
import { softmaxCrossEntropyOp } from './kernels/cross-entropy.js';

/**
 * torch `CrossEntropyLoss(ignore_index)` with mean reduction: `logits [..., C]`, integer `labels`
 * (one per row of logits). Positions whose label equals `ignoreIndex` do not count; if all are
 * ignored the result is NaN, as in torch. With `@albert-ts/backend-native`'s fused kernel
 * registered for the current backend this is one pass forward and one backward (no one-hot
 * `[rows, C]` tensor; labels outside `[0, C)` throw); otherwise plain tfjs ops (logSoftmax and an
 * int32 one-hot product, so the gradient needs no segment sum). See `softmaxCrossEntropyOp`.
 */
export function crossEntropy(logits: tf.Tensor, labels: tf.Tensor, ignoreIndex = -100): tf.Scalar {
  return softmaxCrossEntropyOp(logits, labels, ignoreIndex);
}

/** torch `MSELoss()` (mean). */
export function mseLoss(pred: tf.Tensor, target: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.squaredDifference(pred, tf.cast(target, 'float32'))) as tf.Scalar);
}

/** torch `BCEWithLogitsLoss()` (mean), in the numerically stable form. */
export function bceWithLogits(logits: tf.Tensor, target: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const y = tf.cast(target, 'float32');
    const l = tf.sub(tf.relu(logits), tf.mul(logits, y));
    return tf.mean(tf.add(l, tf.log1p(tf.exp(tf.neg(tf.abs(logits)))))) as tf.Scalar;
  });
}
