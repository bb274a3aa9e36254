import * as tf from '@tensorflow/tfjs-core';

/**
 * Seconds one training step takes on this machine now: the gradient of `loss` timed twice after a
 * warm-up call (kernels compile and caches fill on the first), plus a margin for the optimizer
 * update. Used to fit a step count into a time budget BEFORE the learning-rate schedule is built,
 * so a time-limited run still warms up and decays properly.
 */
export async function secondsPerStep(
  loss: () => tf.Scalar,
  vars: tf.Variable[],
  trials = 2,
): Promise<number> {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i <= trials; i++) {
    const t0 = performance.now();
    const { value, grads } = tf.variableGrads(loss, vars);
    await value.data();
    tf.dispose([value, ...Object.values(grads)]);
    const s = (performance.now() - t0) / 1000;
    if (i > 0) best = Math.min(best, s);
  }
  return best * 1.15;
}

/** Steps that fit in `seconds` (after reserving `reserve` seconds), within [min, max]. */
export function fitSteps(seconds: number, perStep: number, min: number, max: number, reserve = 0): number {
  const n = Math.floor(Math.max(0, seconds - reserve) / Math.max(1e-6, perStep));
  return Math.max(min, Math.min(max, n));
}
