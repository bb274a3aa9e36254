import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { crossEntropy, setupBackend } from '../src/index.js';
import { BACKENDS } from './helpers.js';

// crossEntropy against torch's CrossEntropyLoss(ignore_index) semantics, computed here in float64
// from the definition: mean over non-ignored rows of logsumexp(x_i) − x_i[y_i], NaN when every
// row is ignored; gradient (softmax(x_i) − onehot(y_i)) / count on counted rows, 0 elsewhere.
// (The native fused kernel is compared with this path in @albert-ts/backend-native.)

function rand(n: number, seed: number, scale: number): Float32Array {
  let s = seed;
  return Float32Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) >>> 0;
    return ((s / 4294967296) * 2 - 1) * scale;
  });
}

function reference(x: Float32Array, y: Int32Array, C: number, ignore: number) {
  const rows = y.length;
  const grad = new Float64Array(x.length);
  let total = 0;
  let count = 0;
  const lse: number[] = [];
  for (let i = 0; i < rows; i++) {
    let m = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < C; j++) m = Math.max(m, x[i * C + j]);
    let s = 0;
    for (let j = 0; j < C; j++) s += Math.exp(x[i * C + j] - m);
    lse.push(m + Math.log(s));
    if (y[i] === ignore) continue;
    total += lse[i] - x[i * C + y[i]];
    count++;
  }
  for (let i = 0; i < rows; i++) {
    if (y[i] === ignore) continue;
    for (let j = 0; j < C; j++) grad[i * C + j] = Math.exp(x[i * C + j] - lse[i]) / count;
    grad[i * C + y[i]] -= 1 / count;
  }
  return { loss: total / count, grad };
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < b.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    m = Number.isNaN(d) ? Number.POSITIVE_INFINITY : Math.max(m, d);
  }
  return m;
}

for (const backend of BACKENDS) {
  describe(`crossEntropy on ${backend}`, () => {
    beforeAll(async () => {
      expect((await setupBackend({ backend, native: false })).backend).toBe(backend);
    });

    it('loss and gradient equal the float64 definition (ignored rows, rank 2 and 3, any ignoreIndex)', async () => {
      const cases: [number[], number, number, number[]][] = [
        // [logits shape, classes, ignoreIndex, labels]
        [[6, 7], 7, -100, [0, 6, -100, 3, 3, -100]],
        [[2, 3, 5], 5, -100, [4, -100, 0, 1, 2, 2]],
        [[4, 9], 9, 9, [9, 1, 8, 9]], // QA style: positions clamped to S, ignore_index = S
        [[3, 2], 2, -100, [1, 0, 1]],
      ];
      for (const [shape, C, ignore, labels] of cases) {
        const x = rand(
          shape.reduce((a, b) => a * b, 1),
          shape.length * 31 + C,
          6,
        );
        const y = Int32Array.from(labels);
        const want = reference(x, y, C, ignore);
        const before = tf.memory().numTensors;
        const xs = tf.tensor(x, shape);
        const ys = tf.tensor(y, shape.slice(0, -1), 'int32');
        const loss = crossEntropy(xs, ys, ignore);
        const g = tf.grad((z: tf.Tensor) => crossEntropy(z, ys, ignore))(xs);
        expect(loss.shape).toEqual([]);
        expect(Math.abs((await loss.data())[0] - want.loss), `${shape} loss`).toBeLessThan(1e-5);
        expect(g.shape).toEqual(shape);
        expect(maxDiff(await g.data(), want.grad), `${shape} gradient`).toBeLessThan(1e-6);
        tf.dispose([xs, ys, loss, g]);
        expect(tf.memory().numTensors).toBe(before);
      }
    });

    it('is NaN when every row is ignored (torch)', async () => {
      const xs = tf.tensor2d([
        [1, 2, 3],
        [0, -1, 4],
      ]);
      const ys = tf.tensor1d([-100, -100], 'int32');
      const loss = crossEntropy(xs, ys);
      expect(Number.isNaN((await loss.data())[0])).toBe(true);
      tf.dispose([xs, ys, loss]);
    });

    it('float labels are read as integers', async () => {
      const xs = tf.tensor2d([
        [0.5, -1, 2],
        [3, 0, 0],
      ]);
      const [a, b] = tf.tidy(() => [
        crossEntropy(xs, tf.tensor1d([2, 0], 'int32')),
        crossEntropy(xs, tf.tensor1d([2, 0], 'float32')),
      ]);
      expect((await b.data())[0]).toBeCloseTo((await a.data())[0], 6);
      expect((await a.data())[0]).toBeGreaterThan(0);
      tf.dispose([xs, a, b]);
    });
  });
}
