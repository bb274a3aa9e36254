import * as tf from '@tensorflow/tfjs-core';

/**
 * The global L2 norm over a set of gradients, sqrt(Σ‖g‖²), as a scalar tensor (the caller owns it).
 */
export function globalNorm(grads: readonly tf.Tensor[]): tf.Scalar {
  return tf.tidy(() => {
    if (grads.length === 0) return tf.scalar(0);
    const squares = grads.map((g) => tf.sum(tf.square(g)));
    return tf.sqrt(tf.addN(squares)) as tf.Scalar;
  });
}

/**
 * The factor that global-norm clipping multiplies every gradient by: `maxNorm / max(norm, maxNorm)`,
 * i.e. 1 while the norm is within bounds (TensorFlow's `clip_by_global_norm`, which ALBERT uses).
 * Returned as a scalar tensor so no data has to leave the backend mid-step.
 */
export function clipScale(norm: tf.Scalar, maxNorm: number): tf.Scalar {
  return tf.tidy(() => tf.div(tf.scalar(maxNorm), tf.maximum(norm, tf.scalar(maxNorm))) as tf.Scalar);
}

/** Clips a list of gradients by their global norm; returns the clipped copies and the norm before clipping. */
export function clipByGlobalNorm(
  grads: readonly tf.Tensor[],
  maxNorm: number,
): { grads: tf.Tensor[]; norm: tf.Scalar } {
  const norm = globalNorm(grads);
  const clipped = tf.tidy(() => {
    const s = clipScale(norm, maxNorm);
    return grads.map((g) => tf.mul(g, s));
  });
  return { grads: clipped, norm };
}
