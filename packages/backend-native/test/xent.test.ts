import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectClose, NATIVE, nativeOn, runOn, spec } from './helpers.js';

// Fused softmax cross-entropy (core's softmaxCrossEntropyOp): loss and gradient on the native
// path against the plain-op path on cpu, with ignored (-100) rows and large class counts.

interface XentOps {
  softmaxCrossEntropyOp(logits: tf.Tensor, labels: tf.Tensor, ignoreIndex?: number): tf.Scalar;
}
const opsPath = new URL('../../core/src/kernels/cross-entropy.ts', import.meta.url).href;
let ops: XentOps;

function labelsSpec(rows: number, classes: number, ignoreEvery: number) {
  const data = new Int32Array(rows);
  for (let i = 0; i < rows; i++) data[i] = ignoreEvery && i % ignoreEvery === 0 ? -100 : (i * 7919) % classes;
  return { shape: [rows], data, dtype: 'int32' as const };
}

describe('softmax cross-entropy', () => {
  beforeAll(async () => {
    await nativeOn();
    ops = (await import(/* @vite-ignore */ opsPath)) as XentOps;
    expect(tf.getKernel('AlbertSoftmaxCrossEntropy', 'wasm') != null).toBe(NATIVE);
  });

  it('loss and gradient match the plain ops (ignored rows, 2..30000 classes)', async () => {
    for (const [rows, classes, ignoreEvery] of [
      [7, 2, 3],
      [40, 30000, 0],
      [64, 513, 4],
    ]) {
      const ins = [spec([rows, classes], 1, 8), labelsSpec(rows, classes, ignoreEvery)];
      const f = (x: tf.Tensor, y: tf.Tensor) => {
        const g = tf.grad((z: tf.Tensor) => ops.softmaxCrossEntropyOp(z, y))(x);
        return [ops.softmaxCrossEntropyOp(x, y), g];
      };
      const [wl, wg] = await runOn('cpu', ins, f);
      const [gl, gg] = await runOn('wasm', ins, f);
      expectClose(`loss [${rows},${classes}]`, gl, wl, 1e-5, 1e-6);
      expectClose(`dlogits [${rows},${classes}]`, gg, wg, 1e-7, 1e-5);
    }
  });

  it('rank-3 logits with [B, S] labels, and NaN when every row is ignored (as torch)', async () => {
    const ins = [
      spec([2, 3, 5], 2),
      { shape: [2, 3], data: Int32Array.from([0, 4, -100, 2, 2, 1]), dtype: 'int32' as const },
    ];
    const f = (x: tf.Tensor, y: tf.Tensor) => ops.softmaxCrossEntropyOp(x, y);
    expectClose('rank 3', (await runOn('wasm', ins, f))[0], (await runOn('cpu', ins, f))[0], 1e-6);
    const none = [
      spec([2, 5], 3),
      { shape: [2], data: Int32Array.from([-100, -100]), dtype: 'int32' as const },
    ];
    expect(Number.isNaN((await runOn('wasm', none, f))[0].values[0])).toBe(true);
  });

  it('labels outside [0, C) are an error, not garbage', async () => {
    if (!NATIVE) {
      expect(tf.getKernel('AlbertSoftmaxCrossEntropy', 'wasm')).toBeUndefined();
      return;
    }
    const ins = [spec([2, 5], 3), { shape: [2], data: Int32Array.from([1, 5]), dtype: 'int32' as const }];
    await expect(runOn('wasm', ins, (x, y) => ops.softmaxCrossEntropyOp(x, y))).rejects.toThrow(
      /label 5 outside \[0, 5\)/,
    );
  });
});
