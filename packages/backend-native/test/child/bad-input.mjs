// Wrong-shaped and out-of-range inputs straight into the native kernels (engine.runKernel, past the
// op-level checks of tf.matMul & co.), run by bad-input.test.ts in a child process so that a
// crash fails that test instead of killing vitest. Prints one JSON line per case as it starts and
// as it ends, so the parent can name the case that crashed.
import { crossEntropy, setupBackend } from '@albert-ts/core';
import * as tf from '@tensorflow/tfjs-core';
import * as native from '../../dist/index.js';

const info = await setupBackend({ backend: 'wasm', nativeModule: native });
console.log(JSON.stringify({ setup: info }));
if (!info.native) process.exit(3);

const t = (shape, dtype = 'float32') => {
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(
    Array.from({ length: n }, (_, i) => (dtype === 'int32' ? i % 3 : Math.sin(i))),
    shape,
    dtype,
  );
};
const run = (name, inputs, attrs = {}) => tf.engine().runKernel(name, inputs, attrs);
const mm = { transposeA: false, transposeB: false };
const ln = (x, gamma, beta, residual) =>
  run('AlbertLayerNorm', residual ? { x, gamma, beta, residual } : { x, gamma, beta }, { epsilon: 1e-12 });
const attn = (q, k, v, mask, numHeads = 2) =>
  run('AlbertAttention', mask ? { q, k, v, mask } : { q, k, v }, { numHeads, scale: 0.5, saveProbs: true });

const cases = {
  'BatchMatMul inner-dim mismatch': () => run('BatchMatMul', { a: t([2, 3, 4]), b: t([2, 5, 6]) }, mm),
  'BatchMatMul transposed inner-dim mismatch': () =>
    run('BatchMatMul', { a: t([3, 4]), b: t([5, 4]) }, { transposeA: true, transposeB: true }),
  'BatchMatMul batch shapes that do not broadcast': () =>
    run('BatchMatMul', { a: t([2, 3, 4]), b: t([3, 4, 5]) }, mm),
  '_FusedMatMul bias of the wrong length': () =>
    run('_FusedMatMul', { a: t([3, 4]), b: t([4, 5]), bias: t([7]) }, { ...mm, activation: 'linear' }),
  'Add shapes that do not broadcast': () => run('Add', { a: t([2, 3]), b: t([4]) }),
  'Multiply shapes that do not broadcast': () => run('Multiply', { a: t([2, 3, 4]), b: t([3, 3, 1]) }),
  'AlbertLayerNorm gamma of the wrong length': () => ln(t([2, 8]), t([7]), t([8])),
  'AlbertLayerNorm residual of the wrong shape': () => ln(t([2, 8]), t([8]), t([8]), t([2, 7])),
  'AlbertLayerNormGrad mean of the wrong length': () =>
    run('AlbertLayerNormGrad', { dy: t([2, 8]), x: t([2, 8]), gamma: t([8]), mean: t([3]), rstd: t([2]) }),
  'AlbertAttention q and k of different hidden sizes': () => attn(t([2, 4, 8]), t([2, 5, 6]), t([2, 5, 8])),
  'AlbertAttention mask of the wrong shape': () => attn(t([2, 4, 8]), t([2, 5, 8]), t([2, 5, 8]), t([2, 3])),
  'AlbertAttention heads that do not divide the hidden size': () =>
    attn(t([2, 4, 8]), t([2, 4, 8]), t([2, 4, 8]), null, 3),
  'AlbertAttentionGrad probs of the wrong shape': () =>
    run(
      'AlbertAttentionGrad',
      { dy: t([2, 4, 8]), q: t([2, 4, 8]), k: t([2, 4, 8]), v: t([2, 4, 8]), probs: t([2, 2, 4, 3]) },
      { numHeads: 2, scale: 0.5 },
    ),
  'GatherV2 index past the end': () => tf.gather(t([3, 4]), tf.tensor1d([0, 3], 'int32')),
  'GatherV2 negative index': () => tf.gather(t([3, 4]), tf.tensor1d([-1], 'int32'), 0),
  'GatherV2 huge index': () => tf.gather(t([3, 4]), tf.tensor1d([2 ** 31 - 1], 'int32'), 1),
  'AlbertSoftmaxCrossEntropy label past the classes': () =>
    run(
      'AlbertSoftmaxCrossEntropy',
      { logits: t([2, 5]), labels: tf.tensor1d([1, 5], 'int32') },
      { ignoreIndex: -100 },
    ),
  'AlbertSoftmaxCrossEntropy labels of the wrong count': () =>
    run(
      'AlbertSoftmaxCrossEntropy',
      { logits: t([2, 5]), labels: tf.tensor1d([1, 2, 3], 'int32') },
      { ignoreIndex: -100 },
    ),
  'crossEntropy (core) with a negative label': () =>
    crossEntropy(t([3, 4]), tf.tensor1d([0, -2, 1], 'int32')),
  'AlbertAdamW m of the wrong shape': () =>
    run(
      'AlbertAdamW',
      { w: t([4, 3]), g: t([4, 3]), m: t([3, 4, 1]), v: t([4, 3]) },
      { lr: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0.01, step: 1 },
    ),
  'Transpose perm of the wrong rank': () => run('Transpose', { x: t([3, 4]) }, { perm: [1, 0, 2] }),
  'Sum over an axis the tensor lacks': () => run('Sum', { x: t([3, 4]) }, { axis: [4], keepDims: false }),
};

const backend = tf.backend();
const okBefore = tf.tidy(() => Array.from(tf.matMul(tf.ones([2, 3]), tf.ones([3, 2])).dataSync()));
for (const [name, fn] of Object.entries(cases)) {
  console.log(JSON.stringify({ start: name }));
  const before = tf.memory().numTensors;
  const dataBefore = backend.numDataIds();
  let result;
  try {
    tf.tidy(() => {
      const out = fn();
      // Values of an op that wrongly succeeded: read them so a lazy failure shows here.
      for (const o of Array.isArray(out) ? out : [out]) o.dataSync();
    });
    result = { name, threw: false };
  } catch (e) {
    result = { name, threw: true, isError: e instanceof Error, message: String(e?.message ?? e) };
  }
  // The backend still computes correctly after the failed call, and nothing was left behind.
  const check = tf.tidy(() => tf.matMul(tf.ones([2, 3]), tf.ones([3, 2])));
  result.stillWorks = JSON.stringify(Array.from(check.dataSync())) === JSON.stringify(okBefore);
  check.dispose();
  result.leakedTensors = tf.memory().numTensors - before;
  // Buffers on the wasm heap (outputs allocated before the error must be freed too).
  result.leakedData = backend.numDataIds() - dataBefore;
  console.log(JSON.stringify(result));
}
console.log(JSON.stringify({ done: Object.keys(cases).length }));
