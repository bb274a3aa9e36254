import '@albert-ts/core'; // registers tfjs-core's gradients (absent from its Node entry)
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectClose, NATIVE, nativeOn, runOn, spec } from './helpers.js';

// AlbertLinearGelu (gelu(x·w + b) with the GELU in the GEMM's tile store) through core's
// linearAct, against the same expression on plain ops on the cpu backend; and its gradient,
// which core takes on the unfused path.

type Act = (x: tf.Tensor) => tf.Tensor;
interface Dense {
  weight: { value: tf.Tensor };
  bias: { value: tf.Tensor } | null;
  outFeatures: number;
  forward(x: tf.Tensor): tf.Tensor;
}
let linearAct: (l: Dense, x: tf.Tensor, act: Act) => tf.Tensor;
let getActivation: (name: string) => Act;

// Loaded by path, one module graph, so the activation functions are the ones linearAct knows.
const core = (f: string) => new URL(`../../core/src/${f}`, import.meta.url).href;

function dense(w: tf.Tensor, b: tf.Tensor | null): Dense {
  return {
    weight: { value: w },
    bias: b ? { value: b } : null,
    outFeatures: w.shape[1]!,
    forward: (x) => (b ? tf.add(tf.matMul(x, w), b) : tf.matMul(x, w)),
  };
}

describe('AlbertLinearGelu through core linearAct', () => {
  beforeAll(async () => {
    await nativeOn();
    ({ linearAct } = await import(/* @vite-ignore */ core('kernels/linear-gelu.ts')));
    ({ getActivation } = await import(/* @vite-ignore */ core('activations.ts')));
    expect(tf.getKernel('AlbertLinearGelu', 'wasm') != null).toBe(NATIVE);
  });

  it('values for each GELU form, with and without bias, 2-D and 3-D x', async () => {
    const cases: [number[], number, string, boolean][] = [
      [[128, 768], 3072, 'gelu_new', true],
      [[37, 70], 515, 'gelu', true],
      [[2, 13, 64], 100, 'gelu_fast', false],
      [[5, 300], 33, 'gelu_pytorch_tanh', true],
    ];
    for (const [xShape, N, act, withBias] of cases) {
      const K = xShape[xShape.length - 1];
      const ins = [spec(xShape, 1), spec([K, N], 2, 0.1), spec([N], 3)];
      const f = (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor) =>
        linearAct(dense(w, withBias ? b : null), x, getActivation(act));
      const want = await runOn('cpu', ins, f);
      const before = tf.memory().numTensors;
      const got = await runOn('wasm', ins, f);
      expect(tf.memory().numTensors).toBe(before);
      // The cpu backend's tanh/erf differ from the addon's by a few float32 ulps of the result.
      expectClose(`${act} [${xShape}]x${N}`, got[0], want[0], 2e-5, 2e-6);
    }
  });

  it('equals the unfused native path exactly (bias and GELU in the tile store)', async () => {
    const ins = [spec([200, 96], 4), spec([96, 400], 5, 0.2), spec([400], 6)];
    const fused = await runOn('wasm', ins, (x, w, b) => linearAct(dense(w, b), x, getActivation('gelu_new')));
    const plain = await runOn('wasm', ins, (x, w, b) =>
      getActivation('gelu_new')(tf.fused.matMul({ a: x as tf.Tensor2D, b: w as tf.Tensor2D, bias: b })),
    );
    expectClose('fused vs unfused', fused[0], plain[0], 0);
  });

  it('gradients under a tape (core runs the unfused pair there)', async () => {
    const ins = [spec([48, 64], 7), spec([64, 80], 8, 0.2), spec([80], 9), spec([48, 80], 10)];
    const f = (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor, dy: tf.Tensor) => {
      const g = tf.grads((a: tf.Tensor, c: tf.Tensor, d: tf.Tensor) =>
        tf.sum(tf.mul(linearAct(dense(c, d), a, getActivation('gelu_new')), dy)),
      );
      return g([x, w, b]);
    };
    const want = await runOn('cpu', ins, f);
    const got = await runOn('wasm', ins, f);
    for (let i = 0; i < 3; i++) expectClose(`grad ${i}`, got[i], want[i], 1e-4, 1e-5);
  });

  it.skipIf(!NATIVE)('a direct call checks its inputs', () => {
    const x = tf.zeros([4, 8]);
    const w = tf.zeros([6, 5]);
    const b = tf.zeros([7]);
    const run = (inputs: Record<string, tf.Tensor>) =>
      tf.engine().runKernel('AlbertLinearGelu', inputs, { approximate: true });
    expect(() => run({ x, w })).toThrow(/different inner sizes/);
    expect(() => run({ x, w: tf.zeros([8, 5]), bias: b })).toThrow(/bias must be float32 \[5\]/);
    expect(() => run({ x: tf.zeros([2, 4, 8]), w: tf.zeros([8, 5]) })).toThrow(/must be 2-D/);
    tf.dispose([x, w, b]);
  });
});
