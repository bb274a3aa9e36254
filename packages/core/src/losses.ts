import * as tf from '@tensorflow/tfjs-core';

/**
 * torch `CrossEntropyLoss(ignore_index)` with mean reduction: `logits [N, C]`, `labels [N]` int32.
 * (tfjs-wasm's float32 oneHot writes integer bit patterns, hence the int32 one-hot and cast.)
 * Positions whose label equals `ignoreIndex` do not count; if all are ignored the result is NaN,
 * as in torch. Written with a one-hot product (no gather) so its gradient needs no segment sum.
 */
export function crossEntropy(logits: tf.Tensor, labels: tf.Tensor, ignoreIndex = -100): tf.Scalar {
  return tf.tidy(() => {
    const C = logits.shape[logits.rank - 1];
    const l2 = tf.reshape(logits, [-1, C]);
    const y = tf.reshape(tf.cast(labels, 'int32'), [-1]);
    const valid = tf.notEqual(y, tf.scalar(ignoreIndex, 'int32'));
    const safe = tf.where(valid, y, tf.zerosLike(y));
    const logp = tf.logSoftmax(l2);
    const picked = tf.sum(tf.mul(logp, tf.cast(tf.oneHot(safe, C), 'float32')), -1);
    const w = tf.cast(valid, 'float32');
    return tf.div(tf.neg(tf.sum(tf.mul(picked, w))), tf.sum(w)) as tf.Scalar;
  });
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
