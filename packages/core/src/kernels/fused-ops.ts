import * as tf from '@tensorflow/tfjs-core';
import { hasKernels } from './has-kernels.js';
import {
  AlbertAttention,
  AlbertAttentionGrad,
  type AlbertAttentionInputs,
  AlbertGelu,
  AlbertGeluGrad,
  AlbertLayerNorm,
  AlbertLayerNormGrad,
  type AlbertLayerNormGradInputs,
  type AlbertLayerNormInputs,
} from './kernel-names.js';
import { runFused as run } from './run-fused.js';

// Fused LayerNorm, GELU and multi-head attention. When the active backend has the fused kernels
// (`@albert-ts/backend-native` registers them for wasm), each op is one kernel call forward and
// one backward; otherwise it is the same math written with ordinary tfjs ops, so results agree
// within float32 rounding on every backend. The kernels' names, inputs and attributes are in
// kernel-names.ts (implemented by backend-native/src/kernels/{fused,attention}.ts).

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

function recording(): boolean {
  return ((tf.engine() as unknown as { state: { gradientDepth: number } }).state.gradientDepth ?? 0) > 0;
}

type Fn = (
  inputs: tf.Tensor[],
  save: tf.GradSaveFunc,
) => {
  value: tf.Tensor;
  gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.Tensor | tf.Tensor[];
};

/** tf.customGrad over a list of tensor inputs. */
function custom(fn: Fn): (...xs: tf.Tensor[]) => tf.Tensor {
  const g = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const save = args[args.length - 1] as tf.GradSaveFunc;
    return fn(args.slice(0, -1) as tf.Tensor[], save);
  });
  return (...xs: tf.Tensor[]) => g(...xs);
}

/**
 * torch `LayerNorm` over the last axis: `(x - mean) / sqrt(var + eps) * gamma + beta`, of
 * `x + residual` when a residual is given (the post-LN residual add, fused).
 */
export function layerNormOp(
  x: tf.Tensor,
  gamma: tf.Tensor,
  beta: tf.Tensor,
  epsilon: number,
  residual?: tf.Tensor,
): tf.Tensor {
  if (!hasKernels(AlbertLayerNorm, AlbertLayerNormGrad)) {
    return tf.tidy(() => {
      const h = residual ? tf.add(x, residual) : x;
      const { mean, variance } = tf.moments(h, -1, true);
      return tf.add(tf.mul(tf.mul(tf.sub(h, mean), tf.rsqrt(tf.add(variance, epsilon))), gamma), beta);
    });
  }
  const f = custom(([xi, g, b, r], save) => {
    const inputs: AlbertLayerNormInputs = { x: xi, gamma: g, beta: b };
    if (r) inputs.residual = r;
    const [y, mean, rstd] = run(AlbertLayerNorm, inputs, { epsilon });
    save(r ? [xi, g, mean, rstd, r] : [xi, g, mean, rstd]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sx, sg, sm, sr, sres] = saved;
        const gi: AlbertLayerNormGradInputs = { dy, x: sx, gamma: sg, mean: sm, rstd: sr };
        if (sres) gi.residual = sres;
        const [dx, dg, db] = run(AlbertLayerNormGrad, gi, {});
        const grads = [dx, tf.reshape(dg, g.shape), tf.reshape(db, b.shape)];
        return sres ? [...grads, tf.clone(dx)] : grads;
      },
    };
  });
  return tf.tidy(() => (residual ? f(x, gamma, beta, residual) : f(x, gamma, beta)));
}

/**
 * GELU: `approximate` gives HF `gelu_new` (`0.5x(1 + tanh(c(x + 0.044715x³)))`, c = √(2/π)
 * unless given, e.g. 0.7978845608 for `gelu_fast`); otherwise the exact erf form.
 */
export function geluOp(x: tf.Tensor, approximate: boolean, c = SQRT_2_OVER_PI): tf.Tensor {
  if (!hasKernels(AlbertGelu, AlbertGeluGrad)) {
    return tf.tidy(() =>
      approximate
        ? // 0.5x(1 + tanh(z)) == x·sigmoid(2z); sigmoid is a fast kernel where tanh is not.
          tf.mul(x, tf.sigmoid(tf.mul(tf.add(x, tf.mul(tf.mul(tf.mul(x, x), x), 0.044715)), 2 * c)))
        : tf.mul(tf.mul(x, 0.5), tf.add(tf.erf(tf.mul(x, Math.SQRT1_2)), 1)),
    );
  }
  const attrs = { approximate, c };
  const f = custom(([xi], save) => {
    save([xi]);
    return {
      value: run(AlbertGelu, { x: xi }, attrs)[0],
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => run(AlbertGeluGrad, { dy, x: saved[0] }, attrs)[0],
    };
  });
  return tf.tidy(() => f(x));
}

export interface AttentionOptions {
  numHeads: number;
  /** Also return the softmax probabilities `[B, heads, Sq, Sk]` (HF `output_attentions`). */
  returnProbs?: boolean;
}

/**
 * Multi-head scaled dot-product attention on projected `q [B,Sq,H]`, `k`, `v [B,Sk,H]`:
 * per head `softmax(q·kᵀ/√d + mask)·v`, merged back to `[B,Sq,H]`. `maskAdd` is additive,
 * `[B, Sk]` (or `[B, 1, 1, Sk]`; 0 for kept keys, -10000 for padding) or null. The returned
 * `probs` belong to the caller's scope like any op output. There is no dropout on the
 * probabilities: use it when attention-probs dropout is 0 or not training.
 */
export function attention(
  q: tf.Tensor3D,
  k: tf.Tensor3D,
  v: tf.Tensor3D,
  maskAdd: tf.Tensor | null,
  opts: AttentionOptions,
): { context: tf.Tensor3D; probs?: tf.Tensor4D } {
  const { numHeads, returnProbs = false } = opts;
  const [B, Sq, H] = q.shape;
  const Sk = k.shape[1];
  const d = H / numHeads;
  const scale = 1 / Math.sqrt(d);
  // The fused kernel's probabilities are a side output without a gradient, so a caller who wants
  // them while a gradient is being recorded (e.g. a loss on attention maps) gets the plain ops.
  if (!hasKernels(AlbertAttention, AlbertAttentionGrad) || (returnProbs && recording())) {
    return tf.tidy(() => {
      const heads = (x: tf.Tensor, S: number, perm: number[]) =>
        tf.transpose(tf.reshape(x, [B, S, numHeads, d]), perm);
      const scores = tf.div(tf.matMul(heads(q, Sq, [0, 2, 1, 3]), heads(k, Sk, [0, 2, 3, 1])), Math.sqrt(d));
      const masked = maskAdd ? tf.add(scores, tf.reshape(maskAdd, [B, 1, 1, Sk])) : scores;
      const probs = tf.softmax(masked) as tf.Tensor4D;
      const ctx = tf.matMul(probs, heads(v, Sk, [0, 2, 1, 3]));
      const context = tf.reshape(tf.transpose(ctx, [0, 2, 1, 3]), [B, Sq, H]) as tf.Tensor3D;
      return returnProbs ? { context, probs } : { context };
    });
  }
  const saveProbs = returnProbs || recording();
  let probsOut: tf.Tensor4D | undefined;
  const attrs = { numHeads, scale };
  const forward = (
    qi: tf.Tensor,
    ki: tf.Tensor,
    vi: tf.Tensor,
    mask: tf.Tensor | null,
    save: tf.GradSaveFunc,
  ) => {
    const inputs: AlbertAttentionInputs = { q: qi, k: ki, v: vi };
    if (mask) inputs.mask = mask;
    const [context, probs] = run(AlbertAttention, inputs, { ...attrs, saveProbs });
    save([qi, ki, vi, probs]);
    if (returnProbs) probsOut = tf.keep(probs as tf.Tensor4D);
    return {
      value: context,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sq, sk, sv, sp] = saved;
        const grads = run(AlbertAttentionGrad, { dy, q: sq, k: sk, v: sv, probs: sp }, attrs);
        return mask ? [...grads, tf.zerosLike(mask)] : grads;
      },
    };
  };
  const context = tf.tidy(() => {
    if (maskAdd) {
      const m = tf.reshape(maskAdd, [B, Sk]);
      return custom(([qi, ki, vi, mi], save) => forward(qi, ki, vi, mi, save))(q, k, v, m);
    }
    return custom(([qi, ki, vi], save) => forward(qi, ki, vi, null, save))(q, k, v);
  }) as tf.Tensor3D;
  if (!probsOut) return { context };
  // The kernel ran inside customGrad's own scope, so its probabilities had to be kept to escape
  // it; a clone (same data, no copy) hands them to the caller's scope so an enclosing tidy frees
  // them as it would any other output.
  const probs = tf.clone(probsOut);
  probsOut.dispose();
  return { context, probs };
}
