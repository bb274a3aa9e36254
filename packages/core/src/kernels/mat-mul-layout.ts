import * as tf from '@tensorflow/tfjs-core';
import { AlbertError } from '../errors.js';

// Stock tfjs-wasm hands a 2-D product to XNNPACK only when neither operand is transposed; with a
// transpose flag it runs a naive loop ≈ 10-40× slower (packages/core/bench/wasm-matmul-layout.mjs:
// 2-3 GFLOP/s against 25-40, the transpose itself included). Every backward product of a dense
// layer is such a call (dX = dY·Wᵀ, dW = Xᵀ·dY), so on stock wasm core materialises the transpose
// and runs the untransposed product. Batched (rank > 2) products stay as they are: tfjs-wasm runs
// every batched layout on the same naive loop, and splitting into 2-D products gained at most 2×
// on a quiet machine and nothing under load (slicing and stacking cost as much as they save).
// The native kernels and other backends keep tfjs's own op choice: their transposed products are
// fast, and the extra copy would only cost.

/**
 * `'auto'`: on the wasm backend without `@albert-ts/backend-native`'s products, materialise
 * transposes before 2-D products (forward and gradients); `'tfjs'`: tfjs's own op choice
 * everywhere (the behaviour before; env `ALBERT_WASM_MATMUL=tfjs`).
 */
export type WasmMatMulMode = 'auto' | 'tfjs';

let mode: WasmMatMulMode | undefined;
let nativeProducts = false;

function parseMode(value: string, from: string): WasmMatMulMode {
  if (value === 'auto' || value === 'tfjs') return value;
  throw new AlbertError('BACKEND', `${from}: expected 'auto' or 'tfjs', got '${value}'`);
}

/** Chooses how core forms matrix products on stock tfjs-wasm (see {@link WasmMatMulMode}). */
export function setWasmMatMulMode(m: WasmMatMulMode): void {
  mode = parseMode(m, 'setWasmMatMulMode');
}

/** The current {@link WasmMatMulMode}: the last one set, else env `ALBERT_WASM_MATMUL`, else `'auto'`. */
export function wasmMatMulMode(): WasmMatMulMode {
  if (mode === undefined) {
    const p = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process;
    const env = p?.env?.ALBERT_WASM_MATMUL;
    mode = env ? parseMode(env, 'ALBERT_WASM_MATMUL') : 'auto';
  }
  return mode;
}

/**
 * Called by `setupBackend()`: whether the native kernels (which include fast transposed
 * products) are registered. A flag rather than a registry look-up because the native wrappers
 * replace the stock kernels under the same names. Kernels registered without `setupBackend()`
 * leave it unset: the results stay right, the transposes are then merely copied needlessly.
 */
export function setNativeProducts(on: boolean): void {
  nativeProducts = on;
}

/** Whether products are formed with materialised transposes right now (stock wasm, mode auto). */
export function materialisesTransposes(): boolean {
  return !nativeProducts && tf.getBackend() === 'wasm' && wasmMatMulMode() === 'auto';
}

/** `op(a)·op(b)` of 2-D tensors as one untransposed product (the fast XNNPACK call on wasm). */
function untransposed(a: tf.Tensor2D, b: tf.Tensor2D, transposeA: boolean, transposeB: boolean): tf.Tensor2D {
  return tf.tidy(() => {
    // Aᵀ·Bᵀ = (B·A)ᵀ: one transpose instead of two.
    if (transposeA && transposeB) return tf.transpose(tf.matMul(b, a));
    return tf.matMul(transposeA ? tf.transpose(a) : a, transposeB ? tf.transpose(b) : b);
  }) as tf.Tensor2D;
}

/**
 * `sum(dy, 0)` as the product `1ᵀ·dy`: stock wasm reduces over a leading axis by transposing
 * first (≈ 6.5 ms for [1024, 256]); the product is one XNNPACK call (≈ 0.3 ms).
 */
function columnSums(dy: tf.Tensor2D, shape: number[]): tf.Tensor {
  return tf.tidy(() => tf.reshape(tf.matMul(tf.ones([1, dy.shape[0]]), dy), shape));
}

/** The gradients of `op(a)·op(b)` for `dy`, each again one untransposed product. */
function productGrads(
  dy: tf.Tensor2D,
  a: tf.Tensor2D,
  b: tf.Tensor2D,
  transposeA: boolean,
  transposeB: boolean,
): [tf.Tensor2D, tf.Tensor2D] {
  if (!transposeA && !transposeB) return [untransposed(dy, b, false, true), untransposed(a, dy, true, false)];
  if (transposeA && !transposeB) return [untransposed(b, dy, false, true), untransposed(a, dy, false, false)];
  if (!transposeA) return [untransposed(dy, b, false, false), untransposed(dy, a, true, false)];
  return [untransposed(b, dy, true, true), untransposed(dy, a, true, true)];
}

/**
 * `tf.matMul(a, b, transposeA, transposeB)`; on stock wasm, 2-D products and their gradients
 * run untransposed on materialised transposes (equal within float32 rounding).
 */
export function matMulOp(a: tf.Tensor, b: tf.Tensor, transposeA = false, transposeB = false): tf.Tensor {
  if (a.rank !== 2 || b.rank !== 2 || !materialisesTransposes())
    return tf.matMul(a, b, transposeA, transposeB);
  const f = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [x, y, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.GradSaveFunc];
    save([x, y]);
    return {
      value: untransposed(x, y, transposeA, transposeB),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) =>
        productGrads(
          dy as tf.Tensor2D,
          saved[0] as tf.Tensor2D,
          saved[1] as tf.Tensor2D,
          transposeA,
          transposeB,
        ),
    };
  });
  return f(a, b);
}

/**
 * The dense layer `x·w + bias` (`x [M, K]`, `w [K, N]`, `bias [N]`) as one fused product
 * forward. On stock wasm its gradients are untransposed products on materialised transposes;
 * elsewhere it is exactly `tf.fused.matMul` with tfjs's gradient.
 */
export function linearOp(x: tf.Tensor2D, w: tf.Tensor2D, bias?: tf.Tensor): tf.Tensor2D {
  if (!materialisesTransposes()) return tf.fused.matMul({ a: x, b: w, bias }) as tf.Tensor2D;
  const grads = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor[] =>
    productGrads(dy as tf.Tensor2D, saved[0] as tf.Tensor2D, saved[1] as tf.Tensor2D, false, false);
  if (!bias) {
    const f = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
      const [xi, wi, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.GradSaveFunc];
      save([xi, wi]);
      return { value: tf.fused.matMul({ a: xi, b: wi }), gradFunc: grads };
    });
    return f(x, w) as tf.Tensor2D;
  }
  const f = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [xi, wi, bi, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.Tensor, tf.GradSaveFunc];
    save([xi, wi]);
    return {
      value: tf.fused.matMul({ a: xi, b: wi, bias: bi }),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => [
        ...grads(dy, saved),
        columnSums(dy as tf.Tensor2D, bi.shape),
      ],
    };
  });
  return f(x, w, bias) as tf.Tensor2D;
}
