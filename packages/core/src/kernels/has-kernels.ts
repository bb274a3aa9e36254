import * as tf from '@tensorflow/tfjs-core';

/** Whether the active backend has every named kernel (the fused ops' native path; else plain ops). */
export function hasKernels(...names: string[]): boolean {
  const backend = tf.getBackend();
  return names.every((n) => tf.getKernel(n, backend) != null);
}
