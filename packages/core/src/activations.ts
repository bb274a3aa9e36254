import * as tf from '@tensorflow/tfjs-core';

export type Activation = (x: tf.Tensor) => tf.Tensor;

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

/**
 * tanh-approximated GELU. `0.5x(1 + tanh(z)) == x·sigmoid(2z)` exactly, and sigmoid is a fast
 * kernel on tfjs-wasm while tanh and pow are not, so the cubic is written as products too.
 */
function geluTanh(c: number): Activation {
  return (x) =>
    tf.tidy(() => {
      const x3 = tf.mul(tf.mul(x, x), x);
      const z = tf.mul(tf.add(x, tf.mul(x3, 0.044715)), 2 * c);
      return tf.mul(x, tf.sigmoid(z));
    });
}

/** Exact GELU, `0.5x(1 + erf(x/√2))` (torch `nn.GELU()`, HF "gelu"). */
const geluErf: Activation = (x) =>
  tf.tidy(() => tf.mul(tf.mul(x, 0.5), tf.add(tf.erf(tf.mul(x, Math.SQRT1_2)), 1)));

const silu: Activation = (x) => tf.tidy(() => tf.mul(x, tf.sigmoid(x)));

/** HF `ACT2FN` names this implementation supports. */
const ACTIVATIONS: Record<string, Activation> = {
  gelu_new: geluTanh(SQRT_2_OVER_PI),
  gelu_pytorch_tanh: geluTanh(SQRT_2_OVER_PI),
  gelu_accurate: geluTanh(SQRT_2_OVER_PI),
  // HF FastGELUActivation uses the rounded constant 0.7978845608.
  gelu_fast: geluTanh(0.7978845608),
  gelu: geluErf,
  gelu_python: geluErf,
  quick_gelu: (x) => tf.tidy(() => tf.mul(x, tf.sigmoid(tf.mul(x, 1.702)))),
  relu: (x) => tf.relu(x),
  relu6: (x) => tf.relu6(x),
  silu,
  swish: silu,
  sigmoid: (x) => tf.sigmoid(x),
  tanh: (x) => tf.tanh(x),
  linear: (x) => tf.clone(x),
};

export function isActivation(name: string): boolean {
  return Object.hasOwn(ACTIVATIONS, name);
}

/** The activation function HF calls `name` (e.g. "gelu_new"); throws on an unknown name. */
export function getActivation(name: string): Activation {
  const f = ACTIVATIONS[name];
  if (!f || !Object.hasOwn(ACTIVATIONS, name)) throw new Error(`unknown activation ${JSON.stringify(name)}`);
  return f;
}

export const activationNames: readonly string[] = Object.keys(ACTIVATIONS);
