import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadAddon } from '../src/addon.js';
import { expectClose, NATIVE, nativeOn, runOn, spec } from './helpers.js';

// Every transpose combination and batch layout of BatchMatMul / _FusedMatMul on the native
// path, against tfjs's cpu backend (float64-free reference: same float32 math, other order).

const TOL = 2e-5;

function shapesFor(
  M: number,
  K: number,
  N: number,
  tA: boolean,
  tB: boolean,
  aBatch: number[],
  bBatch: number[],
) {
  return { a: [...aBatch, ...(tA ? [K, M] : [M, K])], b: [...bBatch, ...(tB ? [N, K] : [K, N])] };
}

const SIZES: [number, number, number][] = [
  [1, 1, 1],
  [7, 13, 5],
  [1, 17, 9],
  [33, 1, 3],
  [65, 130, 33], // large enough to be split over threads
];
const BATCHES: [number[], number[]][] = [
  [[], []],
  [[3], [3]],
  [[3], []],
  [[], [2]],
  [[1], [1]],
  [
    [2, 3],
    [2, 3],
  ],
  [[4], [1]],
  [[5], [5]], // odd batch count: each product is cut along its longer side
];

describe('native BatchMatMul / _FusedMatMul', () => {
  beforeAll(nativeOn);

  for (const [M, K, N] of SIZES) {
    for (const [aB, bB] of BATCHES) {
      it(`matMul M${M} K${K} N${N} batches [${aB}]x[${bB}], all transposes`, async () => {
        for (const tA of [false, true]) {
          for (const tB of [false, true]) {
            const s = shapesFor(M, K, N, tA, tB, aB, bB);
            const ins = [spec(s.a, 11 + M), spec(s.b, 23 + N)];
            const f = (a: tf.Tensor, b: tf.Tensor) => tf.matMul(a, b, tA, tB);
            const [want] = await runOn('cpu', ins, f);
            const [got] = await runOn('wasm', ins, f);
            expectClose(`tA=${tA} tB=${tB}`, got, want, TOL, TOL);
          }
        }
      });
    }
  }

  it('broadcasts uneven batch shapes like numpy ([2,1] x [1,3] -> [2,3])', async () => {
    const ins = [spec([2, 1, 4, 5], 3), spec([1, 3, 5, 6], 4)];
    const [got] = await runOn('wasm', ins, (a, b) => tf.matMul(a, b));
    // Reference: tile both operands to the full batch first. tfjs's own cpu and wasm kernels
    // wrap batch indices instead (and fill only max(2,3) of the 6 products): the fallback
    // agrees with cpu, the native kernel with numpy.
    const [want] = NATIVE
      ? await runOn('cpu', ins, (a, b) => tf.matMul(tf.tile(a, [1, 3, 1, 1]), tf.tile(b, [2, 1, 1, 1])))
      : await runOn('cpu', ins, (a, b) => tf.matMul(a, b));
    expectClose('uneven broadcast', got, want, TOL, TOL);
  });

  it('handles empty products (M, N or K = 0)', async () => {
    const shapes = [
      [
        [0, 3],
        [3, 4],
      ],
      [
        [2, 3],
        [3, 0],
      ],
    ];
    // K = 0 must give zeros; tfjs-wasm's own kernel leaves the output uninitialised.
    if (NATIVE)
      shapes.push([
        [2, 0],
        [0, 4],
      ]);
    for (const [a, b] of shapes) {
      const ins = [spec(a, 1), spec(b, 2)];
      const [want] = await runOn('cpu', ins, (x, y) => tf.matMul(x, y));
      const [got] = await runOn('wasm', ins, (x, y) => tf.matMul(x, y));
      expectClose(`[${a}]x[${b}]`, got, want, 0);
    }
  });

  const ACTS = ['linear', 'relu', 'relu6', 'leakyrelu', 'sigmoid', 'elu', 'prelu'] as const;
  // tfjs-wasm 4.22's own _FusedMatMul adds the bias wrongly whenever the product is batched or
  // transposed, or the bias has one element (it indexes bias[j]); the native kernel is right in
  // all of those, and the fallback run (ALBERT_NATIVE=0) checks only what the wasm kernel gets
  // right: unbatched, untransposed, rank-1 bias.
  const TRANSPOSES = NATIVE
    ? [
        [false, false],
        [false, true],
        [true, false],
        [true, true],
      ]
    : [[false, false]];
  for (const activation of ACTS) {
    it(`fused matMul with bias and ${activation}, all transposes and bias shapes`, async () => {
      for (const [M, K, N] of [
        [9, 6, 11],
        [70, 40, 50],
      ] as const) {
        for (const [tA, tB] of TRANSPOSES) {
          const aBatch = NATIVE ? [2] : [];
          const biasShapes = NATIVE ? [[N], [1], [M, N], [1, N], [2, M, N]] : [[N]];
          for (const biasShape of biasShapes) {
            const s = shapesFor(M, K, N, tA, tB, aBatch, []);
            const ins = [spec(s.a, 5), spec(s.b, 6, 2), spec(biasShape, 7), spec([N], 8)];
            const f = (a: tf.Tensor, b: tf.Tensor, bias: tf.Tensor, w: tf.Tensor) =>
              tf.fused.matMul({
                a: a as tf.Tensor3D,
                b: b as tf.Tensor3D,
                transposeA: tA,
                transposeB: tB,
                bias,
                activation,
                preluActivationWeights: activation === 'prelu' ? w : undefined,
                leakyreluAlpha: 0.3,
              });
            const [want] = await runOn('cpu', ins, f);
            const [got] = await runOn('wasm', ins, f);
            expectClose(`${activation} tA=${tA} tB=${tB} bias [${biasShape}]`, got, want, TOL, TOL);
          }
        }
      }
    });
  }

  it('fused matMul without bias', async () => {
    const ins = [spec([3, 8, 5], 1), spec([3, 5, 7], 2)];
    const f = (a: tf.Tensor, b: tf.Tensor) =>
      tf.fused.matMul({ a: a as tf.Tensor3D, b: b as tf.Tensor3D, activation: 'relu' });
    expectClose('no bias', (await runOn('wasm', ins, f))[0], (await runOn('cpu', ins, f))[0], TOL, TOL);
  });

  it('wrong shapes give the errors tfjs gives, not a crash', async () => {
    const cases: [number[], number[]][] = [
      [
        [2, 3],
        [4, 5],
      ],
      [
        [2, 4, 3],
        [3, 3, 5],
      ],
    ];
    for (const [a, b] of cases) {
      const message = async (backend: string) => {
        try {
          await runOn(backend, [spec(a, 1), spec(b, 2)], (x, y) => tf.matMul(x, y));
          return 'no error';
        } catch (e) {
          return (e as Error).message;
        }
      };
      const want = await message('cpu');
      expect(want).not.toBe('no error');
      expect(await message('wasm')).toBe(want);
    }
    await expect(
      runOn('wasm', [spec([2, 3], 1), spec([3, 4], 2), spec([5], 3)], (x, y, bias) =>
        tf.fused.matMul({ a: x as tf.Tensor2D, b: y as tf.Tensor2D, bias }),
      ),
    ).rejects.toThrow(/broadcast/);
  });

  it('the addon rejects offsets outside the wasm heap instead of touching them', () => {
    const { addon } = loadAddon();
    const heap = new Uint8Array(1024);
    const p = new Float64Array(19);
    p.set([0, 0, 4096, 1, 4, 4, 4, 0, 0, 0, 0, 1, 1]);
    expect(() => addon!.gemm(heap, p)).toThrow(RangeError);
    p.set([0, 0, 0, 1, 64, 64, 64]);
    expect(() => addon!.gemm(heap, p)).toThrow(/past the wasm heap/);
    expect(() => addon!.gemm(heap, new Float64Array(3))).toThrow(/too few params/);
    expect(() => addon!.unary(heap, Float64Array.from([0, 0, 0, 1e6, 0]))).toThrow(RangeError);
  });
});
