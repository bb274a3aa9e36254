import * as tf from '@tensorflow/tfjs-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  AlbertError,
  Linear,
  linearOp,
  materialisesTransposes,
  matMulOp,
  setupBackend,
  setWasmMatMulMode,
  wasmMatMulMode,
} from '../src/index.js';

// On stock wasm, core's products run untransposed on materialised transposes (forward and
// gradients); these must agree with tfjs's own products and gradients within float32 rounding,
// free every temporary, and never reach tfjs-wasm's slow transposed kernel.

let seed = 7;
const rand = (n: number) => {
  seed = (seed * 1103515245 + 12345) >>> 0;
  return 1 + (seed % n);
};

/** Max |a - b| relative to max |b| (products of K terms round at ~K·eps of their magnitude). */
function relDiff(a: tf.Tensor, b: tf.Tensor): number {
  expect(a.shape).toEqual(b.shape);
  const x = a.dataSync();
  const y = b.dataSync();
  let d = 0;
  let m = 1e-30;
  for (let i = 0; i < y.length; i++) {
    d = Math.max(d, Math.abs(x[i] - y[i]));
    m = Math.max(m, Math.abs(y[i]));
  }
  return d / m;
}

/** Value and gradients of `sum(f(...xs) · r)` (a random cotangent, so every output matters). */
function valueAndGrads(f: (...xs: tf.Tensor[]) => tf.Tensor, xs: tf.Tensor[], r: tf.Tensor): tf.Tensor[] {
  const value = tf.tidy(() => f(...xs));
  const grads = tf.grads((...ys: tf.Tensor[]) => tf.sum(tf.mul(f(...ys), r)))(xs);
  return [value, ...grads];
}

/** Records the transpose flags of every BatchMatMul that reaches the wasm kernel. */
const calls: Array<[boolean, boolean]> = [];
let stock: tf.KernelConfig | undefined;

describe('mat-mul-layout on stock wasm', () => {
  beforeAll(async () => {
    await setupBackend({ backend: 'wasm', native: false });
    stock = tf.getKernel('BatchMatMul', 'wasm');
    const f = stock!.kernelFunc;
    tf.unregisterKernel('BatchMatMul', 'wasm');
    tf.registerKernel({
      ...stock!,
      kernelFunc: (args) => {
        const { transposeA, transposeB } = args.attrs as { transposeA: boolean; transposeB: boolean };
        calls.push([transposeA, transposeB]);
        return f(args);
      },
    });
  });
  afterEach(() => {
    setWasmMatMulMode('auto');
    calls.length = 0;
  });
  afterAll(() => {
    tf.unregisterKernel('BatchMatMul', 'wasm');
    tf.registerKernel(stock!);
  });

  it('is active on wasm without native kernels', () => {
    expect(wasmMatMulMode()).toBe('auto');
    expect(materialisesTransposes()).toBe(true);
  });

  for (const [ta, tb] of [
    [false, false],
    [true, false],
    [false, true],
    [true, true],
  ] as const) {
    it(`matMulOp(transposeA=${ta}, transposeB=${tb}): values and gradients of tf.matMul, no leaks`, () => {
      for (let trial = 0; trial < 4; trial++) {
        const [m, k, n] = [rand(70), rand(90), rand(60)];
        const a = tf.randomNormal(ta ? [k, m] : [m, k], 0, 1, 'float32', seed);
        const b = tf.randomNormal(tb ? [n, k] : [k, n], 0, 1, 'float32', seed + 1);
        const r = tf.randomNormal([m, n], 0, 1, 'float32', seed + 2);
        const before = tf.memory().numTensors;
        calls.length = 0;
        const fast = valueAndGrads((x, y) => matMulOp(x, y, ta, tb), [a, b], r);
        expect(
          calls.every(([x, y]) => !x && !y),
          `transposed product reached tfjs: ${calls}`,
        ).toBe(true);
        const ref = valueAndGrads((x, y) => tf.matMul(x, y, ta, tb), [a, b], r);
        for (let i = 0; i < 3; i++) expect(relDiff(fast[i], ref[i]), `output ${i}`).toBeLessThan(1e-5);
        tf.dispose([...fast, ...ref]);
        expect(tf.memory().numTensors).toBe(before);
        tf.dispose([a, b, r]);
      }
    });
  }

  it('batched (rank-3) products keep tfjs: same values and gradients for every flag', () => {
    for (const [ta, tb] of [
      [false, false],
      [true, false],
      [false, true],
      [true, true],
    ] as const) {
      const [bt, m, k, n] = [rand(5), rand(20), rand(30), rand(25)];
      const a = tf.randomNormal(ta ? [bt, k, m] : [bt, m, k], 0, 1, 'float32', seed);
      const b = tf.randomNormal(tb ? [bt, n, k] : [bt, k, n], 0, 1, 'float32', seed + 1);
      const r = tf.randomNormal([bt, m, n], 0, 1, 'float32', seed + 2);
      const before = tf.memory().numTensors;
      const fast = valueAndGrads((x, y) => matMulOp(x, y, ta, tb), [a, b], r);
      const ref = valueAndGrads((x, y) => tf.matMul(x, y, ta, tb), [a, b], r);
      for (let i = 0; i < 3; i++) expect(relDiff(fast[i], ref[i]), `flags ${ta},${tb} output ${i}`).toBe(0);
      tf.dispose([...fast, ...ref]);
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([a, b, r]);
    }
  });

  for (const withBias of [true, false]) {
    it(`linearOp ${withBias ? 'with' : 'without'} bias: values and gradients of tf.fused.matMul`, () => {
      for (let trial = 0; trial < 3; trial++) {
        const [m, k, n] = [rand(130), rand(80), rand(70)];
        const x = tf.randomNormal([m, k], 0, 1, 'float32', seed);
        const w = tf.randomNormal([k, n], 0, 1, 'float32', seed + 1);
        const bias = tf.randomNormal([n], 0, 1, 'float32', seed + 2);
        const r = tf.randomNormal([m, n], 0, 1, 'float32', seed + 3);
        const xs = withBias ? [x, w, bias] : [x, w];
        const before = tf.memory().numTensors;
        calls.length = 0;
        const fast = valueAndGrads((xi, wi, bi) => linearOp(xi as tf.Tensor2D, wi as tf.Tensor2D, bi), xs, r);
        expect(calls.every(([p, q]) => !p && !q)).toBe(true);
        const ref = valueAndGrads(
          (xi, wi, bi) => tf.fused.matMul({ a: xi as tf.Tensor2D, b: wi as tf.Tensor2D, bias: bi }),
          xs,
          r,
        );
        expect(fast.length).toBe(xs.length + 1);
        for (let i = 0; i < fast.length; i++)
          expect(relDiff(fast[i], ref[i]), `output ${i}`).toBeLessThan(1e-5);
        tf.dispose([...fast, ...ref]);
        expect(tf.memory().numTensors).toBe(before);
        tf.dispose([x, w, bias, r]);
      }
    });
  }

  it('Linear trains through linearOp: variable gradients match the tfjs formulation', () => {
    const layer = new Linear(48, 40);
    layer.weight.variable = tf.variable(tf.randomNormal(layer.weight.shape, 0, 0.1, 'float32', 3));
    layer.bias!.variable = tf.variable(tf.randomNormal([40], 0, 0.1, 'float32', 4));
    const x = tf.randomNormal([3, 20, 48], 0, 1, 'float32', 5);
    const loss = () => tf.sum(tf.square(layer.forward(x))) as tf.Scalar;
    const before = tf.memory().numTensors;
    const fast = tf.variableGrads(loss);
    setWasmMatMulMode('tfjs');
    expect(materialisesTransposes()).toBe(false);
    calls.length = 0;
    const ref = tf.variableGrads(loss);
    expect(
      calls.some(([p, q]) => p || q),
      'tfjs mode runs tfjs transposed products',
    ).toBe(true);
    expect(relDiff(fast.value, ref.value)).toBeLessThan(1e-5);
    expect(Object.keys(fast.grads).sort()).toEqual(Object.keys(ref.grads).sort());
    for (const name of Object.keys(ref.grads)) {
      expect(relDiff(fast.grads[name], ref.grads[name]), name).toBeLessThan(1e-5);
    }
    tf.dispose([fast.value, ref.value, ...Object.values(fast.grads), ...Object.values(ref.grads)]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, layer.weight.value, layer.bias!.value]);
  });

  it('rejects an unknown mode with an AlbertError', () => {
    expect(() => setWasmMatMulMode('fast' as 'auto')).toThrow(AlbertError);
    expect(wasmMatMulMode()).toBe('auto');
  });

  it('is off with the native kernels and on other backends', async () => {
    await setupBackend({
      backend: 'wasm',
      nativeModule: { registerNativeKernels: async () => ({ native: true }) },
    });
    expect(materialisesTransposes()).toBe(false);
    await setupBackend({ backend: 'cpu' });
    expect(materialisesTransposes()).toBe(false);
    await setupBackend({ backend: 'wasm', native: false });
    expect(materialisesTransposes()).toBe(true);
  });
});
