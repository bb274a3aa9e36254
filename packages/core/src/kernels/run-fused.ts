import * as tf from '@tensorflow/tfjs-core';
import type { FusedKernelName, FusedKernels } from './kernel-names.js';

/** Runs fused kernel `name` with its typed inputs and attributes (kernel-names.ts), outputs as a list. */
export function runFused<K extends FusedKernelName>(
  name: K,
  inputs: FusedKernels[K]['inputs'],
  attrs: FusedKernels[K]['attrs'],
): tf.Tensor[] {
  const out = tf
    .engine()
    .runKernel(name, inputs as unknown as tf.NamedTensorMap, attrs as unknown as tf.NamedAttrMap);
  return Array.isArray(out) ? (out as tf.Tensor[]) : [out as tf.Tensor];
}
