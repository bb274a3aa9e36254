import { writeFileSync } from 'node:fs';
import { crossEntropy, setupBackend } from '@albert-ts/core';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as native from '../src/index.js';
import { NATIVE } from './helpers.js';
import {
  type AnyModel,
  casesOf,
  checkCase,
  checkGradients,
  GRAD_CASES,
  HEAD_DIRS,
  loadHead,
  loadModel,
  MODEL_DIRS,
} from './parity/fixture-parity.js';

// Issue 6, acceptance 3: one matrix of every HF fixture parity case — the bare encoder (core),
// every task head and AlbertForPreTraining (heads), pretraining loss and gradients (training) —
// on the cpu backend, plain wasm, and wasm with the native kernels, with those suites' tolerances.
//
// Environment (used by fallback.test.ts, which reruns this file in child processes):
//   ALBERT_MATRIX=cpu,wasm,wasm+native   columns to run (default all three)
//   ALBERT_NATIVE=0                      the wasm+native column must come up WITHOUT native kernels
//   ALBERT_MATRIX_NATIVE_MODULE=<file>   the backend-native build to hand setupBackend()
//   ALBERT_MATRIX_EXPECT_REASON=<regex>  the column must report native: false with this reason
//   ALBERT_MATRIX_INFO_FILE=<file>       where to write what setupBackend() returned for wasm+native

type Column = 'cpu' | 'wasm' | 'wasm+native';
const COLUMNS = (process.env.ALBERT_MATRIX ?? 'cpu,wasm,wasm+native').split(',') as Column[];
const expectReason = process.env.ALBERT_MATRIX_EXPECT_REASON;
const EXPECT_NATIVE = NATIVE && !expectReason;

async function useColumn(column: Column): Promise<void> {
  if (column !== 'wasm+native') {
    native.unregisterNativeKernels();
    const info = await setupBackend({ backend: column, native: false });
    expect(info).toMatchObject({ backend: column, native: false });
    expect(tf.getKernel('AlbertLayerNorm', 'wasm')).toBeUndefined();
    return;
  }
  const override = process.env.ALBERT_MATRIX_NATIVE_MODULE;
  const mod = override ? await import(/* @vite-ignore */ override) : native;
  // setupBackend as applications call it; only the module is handed over (one copy of it).
  const info = await setupBackend({ backend: 'wasm', nativeModule: mod });
  if (EXPECT_NATIVE) {
    expect(info, `native kernels unavailable: ${info.reason}`).toMatchObject({
      backend: 'wasm',
      native: true,
    });
    expect(tf.getKernel('AlbertLayerNorm', 'wasm')).toBeDefined();
  } else {
    expect(info).toMatchObject({ backend: 'wasm', native: false });
    expect(info.reason).toMatch(expectReason ? new RegExp(expectReason) : /disabled/);
    expect(tf.getKernel('AlbertLayerNorm', 'wasm')).toBeUndefined();
    expect(tf.getKernel('BatchMatMul', 'wasm')).toBeDefined();
  }
  if (process.env.ALBERT_MATRIX_INFO_FILE)
    writeFileSync(process.env.ALBERT_MATRIX_INFO_FILE, JSON.stringify(info));
}

describe.each(COLUMNS)('fixture parity on %s', (column) => {
  beforeAll(() => useColumn(column));

  for (const dir of MODEL_DIRS) {
    describe(`AlbertModel ${dir}`, () => {
      let model: AnyModel;
      beforeAll(async () => {
        model = await loadModel(dir);
      });
      afterAll(() => model?.dispose());
      for (const c of casesOf(dir).cases) it(c.name, () => checkCase(dir, model, c, true));
    });
  }

  for (const dir of HEAD_DIRS) {
    const { model_class, cases } = casesOf(dir);
    describe(`${model_class} ${dir}`, () => {
      let model: AnyModel;
      beforeAll(async () => {
        model = await loadHead(dir);
      });
      afterAll(() => model?.dispose());
      for (const c of cases) it(c.name, () => checkCase(dir, model, c));
    });
  }

  for (const [dir, path] of GRAD_CASES) {
    it(`pretraining gradients ${dir} via ${path}: losses and every listed gradient`, async () => {
      const rel = await checkGradients(dir, path);
      console.log(`${column} ${dir} ${path}: worst |diff|/max|g| = ${rel.toExponential(2)}`);
    });
  }

  it('crossEntropy runs the fused native kernel exactly when the native kernels are on', async () => {
    const x = tf.tensor2d([
      [1, 2, 3],
      [0, 5, -1],
    ]);
    const y = tf.tensor1d([2, -100], 'int32');
    const { kernelNames } = await tf.profile(() => tf.grad((z: tf.Tensor) => crossEntropy(z, y))(x));
    const fused = column === 'wasm+native' && EXPECT_NATIVE;
    expect(kernelNames.includes('AlbertSoftmaxCrossEntropy')).toBe(fused);
    expect(kernelNames.includes('AlbertSoftmaxCrossEntropyGrad')).toBe(fused);
    expect(kernelNames.includes('OneHot')).toBe(!fused);
    tf.dispose([x, y]);
  });
});
