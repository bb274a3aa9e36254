import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { registeredNativeKernels } from '../src/index.js';
import { expectClose, NATIVE, nativeOn, runOn, spec } from './helpers.js';

// Element-wise, reduction, softmax and transpose kernels on the native path against tfjs's cpu
// backend, on odd sizes and on sizes large enough to be split over threads.

const SIZES = [[5], [3, 7], [2, 3, 129], [4, 50, 1000]];

async function same(
  name: string,
  ins: ReturnType<typeof spec>[],
  f: (...x: tf.Tensor[]) => tf.Tensor,
  tol = 1e-6,
) {
  const [want] = await runOn('cpu', ins, f);
  const [got] = await runOn('wasm', ins, f);
  expectClose(name, got, want, tol, tol);
}

describe('native gather', () => {
  beforeAll(nativeOn);

  it('gathers rows along any axis like tfjs (embedding lookups included)', async () => {
    const ids = (shape: number[], max: number, seed: number) => {
      const n = shape.reduce((a, b) => a * b, 1);
      const d = new Int32Array(n);
      for (let i = 0; i < n; i++) d[i] = (i * 7919 + seed * 104729) % max;
      return { shape, data: d, dtype: 'int32' as const };
    };
    await same('embedding', [spec([3000, 128], 1), ids([8, 128], 3000, 1)], (x, i) => tf.gather(x, i));
    await same('axis 1', [spec([4, 9, 5], 2), ids([6], 9, 2)], (x, i) => tf.gather(x, i, 1));
    await same('last axis', [spec([4, 9, 5], 3), ids([2, 3], 5, 3)], (x, i) => tf.gather(x, i, 2));
    await same('int32 data', [{ ...ids([10, 3], 50, 4) }, ids([4], 10, 5)], (x, i) =>
      tf.cast(tf.gather(x, i), 'float32'),
    );
  });

  it("out-of-range indices give tfjs's error", async () => {
    const bad = { shape: [2], data: Int32Array.from([1, 7]), dtype: 'int32' as const };
    await expect(runOn('wasm', [spec([5, 3], 1), bad], (x, i) => tf.gather(x, i))).rejects.toThrow(
      'GatherV2: the index value 7 is not in [0, 4]',
    );
  });
});

describe('native element-wise kernels', () => {
  beforeAll(nativeOn);

  it('replaces the kernels it claims (none under ALBERT_NATIVE=0)', () => {
    for (const k of ['BatchMatMul', '_FusedMatMul', 'Add', 'Softmax', 'Transpose', 'Sum', 'Sigmoid']) {
      expect(registeredNativeKernels().includes(k)).toBe(NATIVE);
    }
  });

  const unary: [string, (x: tf.Tensor) => tf.Tensor, number][] = [
    ['sigmoid', tf.sigmoid, 1e-6],
    ['tanh', tf.tanh, 1e-6],
    ['exp', tf.exp, 1e-6],
    ['erf', tf.erf, 1e-6],
    ['rsqrt', (x) => tf.rsqrt(tf.add(tf.abs(x), 0.1)), 1e-6],
    ['sqrt', (x) => tf.sqrt(tf.abs(x)), 1e-6],
    ['square', tf.square, 1e-6],
    ['neg', tf.neg, 0],
    ['log', (x) => tf.log(tf.add(tf.abs(x), 0.01)), 1e-6],
    ['abs', tf.abs, 0],
    ['relu', tf.relu, 0],
    ['reciprocal', (x) => tf.reciprocal(tf.add(tf.abs(x), 0.5)), 1e-6],
  ];
  for (const [name, f, tol] of unary) {
    it(`${name} (scaled to ±8)`, async () => {
      for (const shape of SIZES) await same(`${name} [${shape}]`, [spec(shape, 3, 8)], f, tol);
    });
  }

  it('unary ops keep NaN and handle ±Inf and large inputs', async () => {
    const data = Float32Array.from([
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      100,
      -100,
      0,
      -0,
    ]);
    const ins = [{ shape: [7], data }];
    for (const f of [tf.sigmoid, tf.tanh, tf.exp, tf.erf]) await same('special values', ins, f, 1e-6);
  });

  const binary: [string, (a: tf.Tensor, b: tf.Tensor) => tf.Tensor][] = [
    ['add', tf.add],
    ['sub', tf.sub],
    ['mul', tf.mul],
    ['div', (a, b) => tf.div(a, tf.add(tf.abs(b), 0.5))],
    ['squaredDifference', tf.squaredDifference],
    ['maximum', tf.maximum],
    ['minimum', tf.minimum],
  ];
  const PAIRS: [number[], number[]][] = [
    [
      [4, 50, 1000],
      [4, 50, 1000],
    ],
    [[4, 50, 1000], [1000]],
    [
      [4, 50, 1000],
      [4, 50, 1],
    ],
    [
      [4, 3, 5, 7],
      [4, 1, 1, 7],
    ],
    [
      [8, 12, 33, 33],
      [8, 1, 1, 33],
    ], // attention mask
    [[1], [3, 5]],
    [
      [5, 1, 3],
      [1, 4, 1],
    ],
    [[], [6]],
    // 7 dims after collapsing: tfjs-wasm's own kernels get this wrong; the native ones do not.
    ...(NATIVE
      ? ([
          [
            [2, 1, 3, 1, 5, 1, 7],
            [1, 2, 1, 4, 1, 6, 1],
          ],
        ] as [number[], number[]][])
      : []),
  ];
  for (const [name, f] of binary) {
    it(`${name} with broadcasting`, async () => {
      for (const [sa, sb] of PAIRS)
        await same(`${name} [${sa}] [${sb}]`, [spec(sa, 1, 3), spec(sb, 2, 3)], f);
      for (const [sa, sb] of PAIRS.slice(1, 4))
        await same(`${name} [${sb}] [${sa}]`, [spec(sb, 1, 3), spec(sa, 2, 3)], f);
    });
  }

  it('int32 inputs still go to the wasm kernels', async () => {
    const a = { shape: [3], data: Int32Array.from([1, 2, 3]), dtype: 'int32' as const };
    const b = { shape: [3], data: Int32Array.from([4, 5, 6]), dtype: 'int32' as const };
    const [got] = await runOn('wasm', [a, b], (x, y) => tf.add(x, y));
    expect(Array.from(got.values)).toEqual([5, 7, 9]);
  });

  const reductions: [string, (x: tf.Tensor, axis: number | number[], keep: boolean) => tf.Tensor][] = [
    ['sum', tf.sum],
    ['mean', tf.mean],
    ['max', tf.max],
    ['min', tf.min],
  ];
  for (const [name, f] of reductions) {
    it(`${name} over trailing, leading and middle axes`, async () => {
      const shape = [6, 7, 130];
      for (const axis of [-1, 2, [1, 2], 0, [0, 1], 1, [0, 2]]) {
        for (const keep of [false, true]) {
          await same(`${name} axis ${axis} keep ${keep}`, [spec(shape, 9, 2)], (x) => f(x, axis, keep), 2e-6);
        }
      }
    });
  }

  it('softmax over the last axis (and others via wasm)', async () => {
    for (const shape of [[3], [5, 17], [8, 12, 128, 128]]) {
      await same(`softmax [${shape}]`, [spec(shape, 4, 10)], (x) => tf.softmax(x), 1e-6);
    }
    // masked keys get exactly 0
    const [got] = await runOn('wasm', [{ shape: [1, 3], data: Float32Array.from([1, -10000, 2]) }], (x) =>
      tf.softmax(x),
    );
    expect(got.values[1]).toBe(0);
  });

  it('transpose for every permutation of a 4-d tensor and 2-d/1-d cases', async () => {
    const perms: number[][] = [];
    const permute = (rest: number[], acc: number[]) => {
      if (rest.length === 0) perms.push(acc);
      for (const r of rest)
        permute(
          rest.filter((x) => x !== r),
          [...acc, r],
        );
    };
    permute([0, 1, 2, 3], []);
    for (const perm of perms)
      await same(`perm ${perm}`, [spec([3, 1, 5, 7], 2)], (x) => tf.transpose(x, perm), 0);
    await same('attention heads', [spec([8, 128, 12, 64], 2)], (x) => tf.transpose(x, [0, 2, 1, 3]), 0);
    await same('2-d', [spec([33, 65], 2)], (x) => tf.transpose(x), 0);
    await same('2-d, tiles', [spec([3000, 128], 2)], (x) => tf.transpose(x), 0);
    await same('batched 2-d', [spec([3, 70, 45], 2)], (x) => tf.transpose(x, [0, 2, 1]), 0);
    await same(
      'int32',
      [{ shape: [5, 7], data: Int32Array.from({ length: 35 }, (_, i) => i - 9), dtype: 'int32' }],
      (x) => tf.cast(tf.transpose(x), 'float32'),
      0,
    );
    await same('1-d', [spec([9], 2)], (x) => tf.transpose(x), 0);
  });
});
