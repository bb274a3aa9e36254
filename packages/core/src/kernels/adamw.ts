import * as tf from '@tensorflow/tfjs-core';
import { hasKernels } from './has-kernels.js';
import { AlbertAdamW } from './kernel-names.js';
import { runFused } from './run-fused.js';

/**
 * One AdamW update's hyper-parameters (`torch.optim.AdamW`'s), for parameter `decay` or not, at
 * 1-based step `step`.
 */
export interface AdamWUpdate {
  lr: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  weightDecay: number;
  /** Apply the decoupled weight decay to this parameter. */
  decay: boolean;
  /** 1-based step number t (bias corrections 1 − βᵗ). */
  step: number;
}

/**
 * One AdamW update (torch.optim.AdamW, decoupled decay, bias correction), returning the new
 * weight and moments as new tensors (the caller assigns them):
 *
 *     w ← w·(1 − lr·wd);  m ← β1·m + (1−β1)·g;  v ← β2·v + (1−β2)·g²
 *     w ← w − (m / (√v / √(1−β2ᵗ) + ε)) · lr / (1−β1ᵗ)
 *
 * One kernel pass where the backend has `AlbertAdamW` (@albert-ts/backend-native on wasm),
 * otherwise the same float32 operations as separate tfjs ops (identical results).
 */
export function adamwUpdate(
  w: tf.Tensor,
  g: tf.Tensor,
  m: tf.Tensor,
  v: tf.Tensor,
  o: AdamWUpdate,
): { w: tf.Tensor; m: tf.Tensor; v: tf.Tensor } {
  const c1 = o.decay ? 1 - o.lr * o.weightDecay : 1;
  const bc1 = 1 - o.beta1 ** o.step;
  const bc2 = 1 - o.beta2 ** o.step;
  if (hasKernels(AlbertAdamW)) {
    const attrs = {
      c1,
      beta1: o.beta1,
      beta2: o.beta2,
      sqrtBc2: Math.sqrt(bc2),
      epsilon: o.epsilon,
      stepScale: o.lr / bc1,
    };
    const [nw, nm, nv] = runFused(AlbertAdamW, { w, g, m, v }, attrs);
    return { w: nw, m: nm, v: nv };
  }
  return tf.tidy(() => {
    const w1 = o.decay ? tf.mul(w, c1) : w;
    const nm = tf.add(tf.mul(m, o.beta1), tf.mul(g, 1 - o.beta1));
    const nv = tf.add(tf.mul(v, o.beta2), tf.mul(tf.square(g), 1 - o.beta2));
    const denom = tf.add(tf.div(tf.sqrt(nv), Math.sqrt(bc2)), o.epsilon);
    return { w: tf.sub(w1, tf.mul(tf.div(nm, denom), o.lr / bc1)), m: nm, v: nv };
  });
}
