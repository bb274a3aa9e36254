import type { TensorInfo } from '@tensorflow/tfjs-core';

// The contract of ALBERT's fused kernels, in one place (as tfjs-core's kernel_names.ts): each
// kernel's name and the inputs and attributes it takes. Core's ops (fused-ops.ts,
// cross-entropy.ts, adamw.ts) call them by these names with these types and fall back to plain
// tfjs ops where a backend lacks them; @albert-ts/backend-native implements them for wasm and
// imports these types (type-only) so a renamed kernel or a changed input is a compile error there.
//
// Validation: the kernel checks its inputs (shapes, dtypes and, where it reads them, values such
// as cross-entropy labels), so a direct `runKernel` call gets the same error as the op; the ops
// do not check again.

/** `{x, gamma, beta, residual?} {epsilon}` → `[y = LN(x + residual), mean, rstd]` (mean/rstd: x.shape[:-1]). */
export const AlbertLayerNorm = 'AlbertLayerNorm';
/**
 * Inputs of `AlbertLayerNorm`: x, the LayerNorm weight (gamma) and bias (beta) over the last axis,
 * and an optional residual.
 */
export interface AlbertLayerNormInputs {
  x: TensorInfo;
  gamma: TensorInfo;
  beta: TensorInfo;
  /** Added to x before normalising (the post-LN residual add); absent: none. */
  residual?: TensorInfo;
}
/** Attributes of `AlbertLayerNorm`: HF's `layer_norm_eps`. */
export interface AlbertLayerNormAttrs {
  epsilon: number;
}

/** `{dy, x, gamma, mean, rstd, residual?} {}` → `[dx, dgamma, dbeta]` (the residual's gradient is dx). */
export const AlbertLayerNormGrad = 'AlbertLayerNormGrad';
/**
 * Inputs of `AlbertLayerNormGrad`: the output gradient and what the forward saw and saved (mean,
 * rstd).
 */
export interface AlbertLayerNormGradInputs {
  dy: TensorInfo;
  x: TensorInfo;
  gamma: TensorInfo;
  mean: TensorInfo;
  rstd: TensorInfo;
  residual?: TensorInfo;
}
/** Attributes of `AlbertLayerNormGrad`: none. */
export type AlbertLayerNormGradAttrs = Record<string, never>;

/** `{x} {approximate, c}` → `y` (approximate: the tanh form with constant c; else erf). */
export const AlbertGelu = 'AlbertGelu';
/** Inputs of `AlbertGelu`. */
export interface AlbertGeluInputs {
  x: TensorInfo;
}
/**
 * Attributes of `AlbertGelu`: the tanh approximation (HF `gelu_new`) or the exact erf form
 * (`gelu`).
 */
export interface AlbertGeluAttrs {
  approximate: boolean;
  /** The tanh form's constant (√(2/π) unless given). */
  c?: number;
}

/** `{dy, x} {approximate, c}` → `dx`. */
export const AlbertGeluGrad = 'AlbertGeluGrad';
/** Inputs of `AlbertGeluGrad`: the output gradient and the forward's input. */
export interface AlbertGeluGradInputs {
  dy: TensorInfo;
  x: TensorInfo;
}
/** Attributes of `AlbertGeluGrad`: those of the forward. */
export type AlbertGeluGradAttrs = AlbertGeluAttrs;

/**
 * `{x [M,K], w [K,N], bias? [N]} {approximate, c}` → `y = gelu(x·w + bias) [M,N]`: a dense layer
 * and its GELU in one product (the activation applied as the GEMM stores each tile). Forward
 * only: under a gradient tape core runs the dense layer and `AlbertGelu` separately.
 */
export const AlbertLinearGelu = 'AlbertLinearGelu';
/** Inputs of `AlbertLinearGelu`: x `[M,K]`, the weight `[K,N]` and an optional bias `[N]`. */
export interface AlbertLinearGeluInputs {
  x: TensorInfo;
  w: TensorInfo;
  bias?: TensorInfo;
}
/** Attributes of `AlbertLinearGelu`: those of `AlbertGelu`. */
export type AlbertLinearGeluAttrs = AlbertGeluAttrs;

/**
 * `{q [B,Sq,H], k [B,Sk,H], v [B,Sk,H], mask? float32 additive [B,Sk]} {numHeads, scale, saveProbs}`
 * → `[context [B,Sq,H], probs [B,heads,Sq,Sk] (or [0] when not saved)]`.
 */
export const AlbertAttention = 'AlbertAttention';
/**
 * Inputs of `AlbertAttention`: projected queries, keys and values (heads concatenated) and an
 * optional additive mask.
 */
export interface AlbertAttentionInputs {
  q: TensorInfo;
  k: TensorInfo;
  v: TensorInfo;
  mask?: TensorInfo;
}
/**
 * Attributes of `AlbertAttention`: the number of heads, the score scale (1/√head_dim) and whether
 * to save the probabilities.
 */
export interface AlbertAttentionAttrs {
  numHeads: number;
  scale: number;
  saveProbs: boolean;
}

/** `{dy, q, k, v, probs} {numHeads, scale}` → `[dq, dk, dv]`. */
export const AlbertAttentionGrad = 'AlbertAttentionGrad';
/**
 * Inputs of `AlbertAttentionGrad`: the context gradient, the forward's q, k, v and its saved
 * probabilities.
 */
export interface AlbertAttentionGradInputs {
  dy: TensorInfo;
  q: TensorInfo;
  k: TensorInfo;
  v: TensorInfo;
  probs: TensorInfo;
}
/** Attributes of `AlbertAttentionGrad`: those of the forward but `saveProbs`. */
export type AlbertAttentionGradAttrs = Omit<AlbertAttentionAttrs, 'saveProbs'>;

/**
 * `{logits [..., C] float32, labels int32 (one per row)} {ignoreIndex}` → `[loss (mean over rows
 * whose label is not ignoreIndex; NaN when none), lse [rows]]`. Labels outside [0, C) that are
 * not ignoreIndex are an error.
 */
export const AlbertSoftmaxCrossEntropy = 'AlbertSoftmaxCrossEntropy';
/** Inputs of `AlbertSoftmaxCrossEntropy`: float32 logits `[..., C]` and one int32 label per row. */
export interface AlbertSoftmaxCrossEntropyInputs {
  logits: TensorInfo;
  labels: TensorInfo;
}
/** Attributes of `AlbertSoftmaxCrossEntropy`: the label that is not scored. */
export interface AlbertSoftmaxCrossEntropyAttrs {
  /** Default -100 (HF's). */
  ignoreIndex?: number;
}

/** `{dy (scalar), logits, labels, lse} {ignoreIndex}` → `dlogits`. */
export const AlbertSoftmaxCrossEntropyGrad = 'AlbertSoftmaxCrossEntropyGrad';
/**
 * Inputs of `AlbertSoftmaxCrossEntropyGrad`: the loss gradient, the forward's logits and labels,
 * and its saved log-sum-exp.
 */
export interface AlbertSoftmaxCrossEntropyGradInputs {
  dy: TensorInfo;
  logits: TensorInfo;
  labels: TensorInfo;
  lse: TensorInfo;
}
/** Attributes of `AlbertSoftmaxCrossEntropyGrad`: those of the forward. */
export type AlbertSoftmaxCrossEntropyGradAttrs = AlbertSoftmaxCrossEntropyAttrs;

/**
 * `{w, g, m, v} (float32, one shape) {c1, beta1, beta2, sqrtBc2, epsilon, stepScale}` → `[w', m', v']`:
 * `w1 = w·c1; m' = β1·m + (1−β1)·g; v' = β2·v + (1−β2)·g²; w' = w1 − m' / (√v' / sqrtBc2 + ε) · stepScale`.
 */
export const AlbertAdamW = 'AlbertAdamW';
/**
 * Inputs of `AlbertAdamW`: the weight, its gradient and the two moment slots, all float32 of one
 * shape.
 */
export interface AlbertAdamWInputs {
  w: TensorInfo;
  g: TensorInfo;
  m: TensorInfo;
  v: TensorInfo;
}
/**
 * Attributes of `AlbertAdamW`: the step's scalars, precomputed from the learning rate, weight
 * decay, betas and step.
 */
export interface AlbertAdamWAttrs {
  /** 1 − lr·weightDecay where the parameter decays, else 1. */
  c1: number;
  beta1: number;
  beta2: number;
  /** √(1 − β2ᵗ) */
  sqrtBc2: number;
  epsilon: number;
  /** lr / (1 − β1ᵗ) */
  stepScale: number;
}

/** Each fused kernel's inputs and attributes, by name. */
export interface FusedKernels {
  [AlbertLayerNorm]: { inputs: AlbertLayerNormInputs; attrs: AlbertLayerNormAttrs };
  [AlbertLayerNormGrad]: { inputs: AlbertLayerNormGradInputs; attrs: AlbertLayerNormGradAttrs };
  [AlbertGelu]: { inputs: AlbertGeluInputs; attrs: AlbertGeluAttrs };
  [AlbertGeluGrad]: { inputs: AlbertGeluGradInputs; attrs: AlbertGeluGradAttrs };
  [AlbertLinearGelu]: { inputs: AlbertLinearGeluInputs; attrs: AlbertLinearGeluAttrs };
  [AlbertAttention]: { inputs: AlbertAttentionInputs; attrs: AlbertAttentionAttrs };
  [AlbertAttentionGrad]: { inputs: AlbertAttentionGradInputs; attrs: AlbertAttentionGradAttrs };
  [AlbertSoftmaxCrossEntropy]: {
    inputs: AlbertSoftmaxCrossEntropyInputs;
    attrs: AlbertSoftmaxCrossEntropyAttrs;
  };
  [AlbertSoftmaxCrossEntropyGrad]: {
    inputs: AlbertSoftmaxCrossEntropyGradInputs;
    attrs: AlbertSoftmaxCrossEntropyGradAttrs;
  };
  [AlbertAdamW]: { inputs: AlbertAdamWInputs; attrs: AlbertAdamWAttrs };
}

/** A fused kernel's name. */
export type FusedKernelName = keyof FusedKernels;
