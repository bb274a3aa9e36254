import * as tf from '@tensorflow/tfjs-core';

/** `tf.tidy` for functions returning an interface of tensors (tfjs' typing wants an index signature). */
export function tidy<T>(fn: () => T): T {
  return tf.tidy(fn as unknown as () => tf.TensorContainer) as unknown as T;
}
