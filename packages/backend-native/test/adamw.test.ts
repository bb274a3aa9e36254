import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { NATIVE, nativeOn, runOn, spec } from './helpers.js';

// The one-pass AdamW kernel behind core's adamwUpdate: the same float32 operations as the
// plain-op path, so the results must be identical to it (cpu backend), bit for bit.

interface AdamWOps {
  adamwUpdate(
    w: tf.Tensor,
    g: tf.Tensor,
    m: tf.Tensor,
    v: tf.Tensor,
    o: {
      lr: number;
      beta1: number;
      beta2: number;
      epsilon: number;
      weightDecay: number;
      decay: boolean;
      step: number;
    },
  ): { w: tf.Tensor; m: tf.Tensor; v: tf.Tensor };
}
const opsPath = new URL('../../core/src/kernels/adamw.ts', import.meta.url).href;
let ops: AdamWOps;

describe('AlbertAdamW kernel', () => {
  beforeAll(async () => {
    await nativeOn();
    ops = (await import(/* @vite-ignore */ opsPath)) as AdamWOps;
    expect(tf.getKernel('AlbertAdamW', 'wasm') != null).toBe(NATIVE);
  });

  it('equals the plain-op update exactly (decay on/off, first and later steps, odd sizes)', async () => {
    for (const shape of [[7], [30000, 128], [33, 65]]) {
      for (const [decay, step] of [
        [true, 1],
        [false, 1],
        [true, 9],
      ] as const) {
        const n = shape.reduce((a, b) => a * b, 1);
        const v = spec(shape, 4);
        for (let i = 0; i < n; i++) v.data[i] = Math.abs(v.data[i]) * 1e-3; // second moments are >= 0
        const ins = [spec(shape, 1), spec(shape, 2, 0.1), spec(shape, 3, 0.01), v];
        const f = (w: tf.Tensor, g: tf.Tensor, m: tf.Tensor, vv: tf.Tensor) => {
          const r = ops.adamwUpdate(w, g, m, vv, {
            lr: 3e-4,
            beta1: 0.9,
            beta2: 0.999,
            epsilon: 1e-8,
            weightDecay: 0.01,
            decay,
            step,
          });
          return [r.w, r.m, r.v];
        };
        const want = await runOn('cpu', ins, f);
        const got = await runOn('wasm', ins, f);
        for (let k = 0; k < 3; k++) {
          let diff = 0;
          for (let i = 0; i < n; i++) diff = Math.max(diff, Math.abs(got[k].values[i] - want[k].values[i]));
          expect(diff, `[${shape}] decay=${decay} step=${step} output ${k}`).toBe(0);
        }
      }
    }
  });

  it('rejects mismatched shapes and dtypes', () => {
    if (!NATIVE) return expect(tf.getKernel('AlbertAdamW', 'wasm')).toBeUndefined();
    const a = tf.ones([3]);
    const attrs = { c1: 1, beta1: 0.9, beta2: 0.999, sqrtBc2: 1, epsilon: 1e-8, stepScale: 1 };
    expect(() => tf.engine().runKernel('AlbertAdamW', { w: a, g: tf.ones([4]), m: a, v: a }, attrs)).toThrow(
      /must match/,
    );
    expect(() =>
      tf.engine().runKernel('AlbertAdamW', { w: a, g: a, m: a, v: tf.ones([3], 'int32') }, attrs),
    ).toThrow(/float32/);
    tf.dispose(a);
  });
});
