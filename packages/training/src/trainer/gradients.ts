import * as tf from '@tensorflow/tfjs-core';
import { TrainingError } from '../errors.js';
import type { NamedVariables } from '../optim/optimizer.js';

/**
 * The value of `f` and its gradients with respect to named variables, keyed by those names
 * (`tf.variableGrads` keys by the engine's variable names). A variable `f` does not reach gets a
 * zero gradient. The caller owns (disposes) the returned tensors.
 */
export function computeGradients(
  params: NamedVariables,
  f: () => tf.Scalar,
): { value: tf.Scalar; grads: Map<string, tf.Tensor> } {
  const vars = params.map(([, v]) => v);
  const { value, grads } = tf.variableGrads(() => {
    const y = f();
    if (!(y instanceof tf.Tensor) || y.size !== 1) {
      throw new TrainingError('INVALID_INPUT', 'computeGradients: the function must return a scalar tensor');
    }
    return y.rank === 0 ? y : (tf.reshape(y, []) as tf.Scalar);
  }, vars);
  const out = new Map<string, tf.Tensor>();
  for (const [name, v] of params) {
    const g = grads[v.name];
    out.set(name, g ?? tf.zerosLike(v));
  }
  return { value, grads: out };
}
