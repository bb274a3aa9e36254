import * as tf from '@tensorflow/tfjs-core';
import { hasKernels } from './has-kernels.js';
import { AlbertSoftmaxCrossEntropy, AlbertSoftmaxCrossEntropyGrad } from './kernel-names.js';
import { runFused } from './run-fused.js';

/**
 * Mean softmax cross-entropy of `logits [..., C]` against integer `labels` (one per row),
 * leaving out rows labelled `ignoreIndex` (torch `F.cross_entropy`, HF's -100): NaN when every
 * row is ignored, as torch. With `AlbertSoftmaxCrossEntropy` registered (backend-native on wasm)
 * it is one pass forward and one backward, with no one-hot `[rows, C]` tensor; otherwise plain
 * tfjs ops (logSoftmax, one-hot). Labels outside `[0, C)` are rejected by the kernel (its one
 * check of them, which guards its memory too); the plain ops do not read the labels.
 */
export function softmaxCrossEntropyOp(logits: tf.Tensor, labels: tf.Tensor, ignoreIndex = -100): tf.Scalar {
  const C = logits.shape[logits.rank - 1];
  if (!hasKernels(AlbertSoftmaxCrossEntropy, AlbertSoftmaxCrossEntropyGrad)) {
    return tf.tidy(() => {
      const l2 = tf.reshape(logits, [-1, C]);
      const y = tf.reshape(tf.cast(labels, 'int32'), [-1]);
      const valid = tf.notEqual(y, tf.scalar(ignoreIndex, 'int32'));
      const safe = tf.where(valid, y, tf.zerosLike(y));
      const picked = tf.sum(tf.mul(tf.logSoftmax(l2), tf.cast(tf.oneHot(safe, C), 'float32')), -1);
      const w = tf.cast(valid, 'float32');
      return tf.div(tf.neg(tf.sum(tf.mul(picked, w))), tf.sum(w)) as tf.Scalar;
    });
  }
  const attrs = { ignoreIndex };
  return tf.tidy(() => {
    const y = tf.reshape(tf.cast(labels, 'int32'), [-1]);
    const f = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
      const [x, save] = args as [tf.Tensor, tf.GradSaveFunc];
      const [loss, lse] = runFused(AlbertSoftmaxCrossEntropy, { logits: x, labels: y }, attrs);
      save([x, lse, y]); // y too: the gradient runs after this tidy has ended
      return {
        value: loss,
        gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) =>
          runFused(
            AlbertSoftmaxCrossEntropyGrad,
            { dy, logits: saved[0], labels: saved[2], lse: saved[1] },
            attrs,
          )[0],
      };
    });
    return f(logits) as tf.Scalar;
  });
}
