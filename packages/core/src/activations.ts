import * as tf from '@tensorflow/tfjs-core';
import { geluOp } from './kernels/fused-ops.js';

/** An elementwise activation function (`hidden_act`), tensor in, tensor of the same shape out. */
export type Activation = (x: tf.Tensor) => tf.Tensor;

/**
 * GELU forms through core's fused op: one native kernel (and one for its gradient) where
 * `@albert-ts/backend-native` registered them, otherwise the same formulas on plain tfjs ops
 * (tanh form as x·sigmoid(2z), exact form with erf), so cpu, wasm and webgl keep their numerics.
 */
const geluTanh =
  (c?: number): Activation =>
  (x) =>
    geluOp(x, true, c);

/** Exact GELU, `0.5x(1 + erf(x/√2))` (torch `nn.GELU()`, HF "gelu"). */
const geluErf: Activation = (x) => geluOp(x, false);

const silu: Activation = (x) => tf.tidy(() => tf.mul(x, tf.sigmoid(x)));

/** HF `ACT2FN` names this implementation supports. */
const ACTIVATIONS: Record<string, Activation> = {
  gelu_new: geluTanh(),
  gelu_pytorch_tanh: geluTanh(),
  gelu_accurate: geluTanh(),
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

/** The `hidden_act` names `getActivation` knows (HF's `ACT2FN` names ALBERT configs use). */
export const activationNames: readonly string[] = Object.keys(ACTIVATIONS);
