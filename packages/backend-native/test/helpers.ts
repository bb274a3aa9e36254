import { setupBackend } from '@albert-ts/core';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { expect } from 'vitest';
import { registerNativeKernels } from '../src/index.js';

/**
 * Whether this run tests the native kernels (default) or the fallback: with ALBERT_NATIVE=0 the
 * same suite runs on plain wasm, as every user without the addon does.
 */
export const NATIVE = process.env.ALBERT_NATIVE !== '0';

/**
 * Sets up wasm as applications do, with core's setupBackend (ALBERT's fallback kernels, then this
 * package's native kernels; the addon must be built: `pnpm --filter @albert-ts/backend-native
 * build`). Under ALBERT_NATIVE=0 checks that the native kernels stay off.
 */
export async function nativeOn(): Promise<void> {
  const info = await setupBackend({
    backend: 'wasm',
    nativeModule: { registerNativeKernels: () => registerNativeKernels() },
  });
  if (NATIVE) {
    expect(info, `native kernels unavailable: ${info.reason}`).toMatchObject({
      backend: 'wasm',
      native: true,
    });
  } else {
    expect(info).toMatchObject({ backend: 'wasm', native: false });
    expect(tf.getKernel('AlbertLayerNorm', 'wasm')).toBeUndefined();
  }
}

/** Deterministic pseudo-random floats in [-1, 1) (xorshift). */
export function randoms(n: number, seed: number): Float32Array {
  let s = seed >>> 0 || 1;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    out[i] = (s >>> 0) / 2147483648 - 1;
  }
  return out;
}

export interface Spec {
  shape: number[];
  data: Float32Array | Int32Array;
  dtype?: 'float32' | 'int32';
}

export function spec(shape: number[], seed: number, scale = 1): Spec {
  const n = shape.reduce((a, b) => a * b, 1);
  const data = randoms(n, seed);
  if (scale !== 1) for (let i = 0; i < n; i++) data[i] *= scale;
  return { shape, data };
}

/** Runs `f` on `backend` with fresh tensors from `inputs`; returns each output's shape and values. */
export async function runOn(
  backend: string,
  inputs: Spec[],
  f: (...xs: tf.Tensor[]) => tf.Tensor | tf.Tensor[],
): Promise<{ shape: number[]; values: Float32Array }[]> {
  const prev = tf.getBackend();
  await tf.setBackend(backend);
  try {
    const ts = inputs.map((s) => tf.tensor(s.data, s.shape, s.dtype ?? 'float32'));
    const outs = tf.tidy(() => {
      const r = f(...ts);
      return Array.isArray(r) ? r : [r];
    });
    const res = [];
    for (const o of outs) res.push({ shape: o.shape, values: Float32Array.from(await o.data()) });
    tf.dispose([...ts, ...outs]);
    return res;
  } finally {
    await tf.setBackend(prev);
  }
}

export function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) if (Number.isFinite(a[i])) m = Math.max(m, Math.abs(a[i]));
  return m;
}

/** Asserts equal shapes and max |a - b| <= atol + rtol·max|b| (NaN never passes). */
export function expectClose(
  name: string,
  got: { shape: number[]; values: Float32Array },
  want: { shape: number[]; values: Float32Array },
  atol: number,
  rtol = 0,
): void {
  expect(got.shape, `${name}: shape`).toEqual(want.shape);
  let m = 0;
  for (let i = 0; i < want.values.length; i++) {
    const g = got.values[i];
    const w = want.values[i];
    if (g === w || (Number.isNaN(g) && Number.isNaN(w))) continue;
    const d = Math.abs(g - w);
    m = Number.isNaN(d) ? Number.POSITIVE_INFINITY : Math.max(m, d);
  }
  const bound = atol + rtol * maxAbs(want.values);
  expect(m, `${name}: max |diff| ${m} > ${bound}`).toBeLessThanOrEqual(bound);
}
