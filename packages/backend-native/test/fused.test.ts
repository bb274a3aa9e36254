import '@albert-ts/core'; // registers tfjs-core's gradients (absent from its Node entry)
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectClose, NATIVE, nativeOn, runOn, spec } from './helpers.js';

// The fused LayerNorm / GELU / attention kernels, through @albert-ts/core's ops (which pick the
// fused kernels on wasm+native and plain tfjs ops elsewhere): values and gradients on the native
// path against the plain-op path on the cpu backend.

interface FusedOps {
  layerNormOp(x: tf.Tensor, g: tf.Tensor, b: tf.Tensor, eps: number, residual?: tf.Tensor): tf.Tensor;
  geluOp(x: tf.Tensor, approximate: boolean, c?: number): tf.Tensor;
  attention(
    q: tf.Tensor3D,
    k: tf.Tensor3D,
    v: tf.Tensor3D,
    mask: tf.Tensor | null,
    o: { numHeads: number; returnProbs?: boolean },
  ): { context: tf.Tensor3D; probs?: tf.Tensor4D };
}

// The ops live in core's src/kernels (owned with this package); loaded by path so that this
// test does not depend on core exporting them.
const opsPath = new URL('../../core/src/kernels/fused-ops.ts', import.meta.url).href;
let ops: FusedOps;

/** Output and gradients of sum(f(...) * weights) w.r.t. every input. */
function withGrads(f: (...x: tf.Tensor[]) => tf.Tensor, nIn: number) {
  return (...xs: tf.Tensor[]) => {
    const ins = xs.slice(0, nIn);
    const w = xs[nIn];
    const g = tf.grads((...a: tf.Tensor[]) => tf.sum(tf.mul(f(...a), w)));
    return [f(...ins), ...g(ins)];
  };
}

async function compare(
  name: string,
  ins: ReturnType<typeof spec>[],
  f: (...x: tf.Tensor[]) => tf.Tensor[],
  tol: number,
) {
  const want = await runOn('cpu', ins, f);
  const got = await runOn('wasm', ins, f);
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) expectClose(`${name} output ${i}`, got[i], want[i], tol, tol);
}

describe('fused kernels through core ops', () => {
  beforeAll(async () => {
    await nativeOn();
    ops = (await import(/* @vite-ignore */ opsPath)) as FusedOps;
    // Native: the fused kernels; fallback (ALBERT_NATIVE=0): the plain-op path on wasm.
    expect(tf.getKernel('AlbertLayerNorm', 'wasm') != null).toBe(NATIVE);
  });

  it('layerNorm: values and gradients (x, gamma, beta)', async () => {
    for (const [rows, cols] of [
      [3, 5],
      [1024, 768],
      [7, 2],
    ]) {
      const ins = [spec([rows, cols], 1, 3), spec([cols], 2), spec([cols], 3), spec([rows, cols], 4)];
      await compare(
        `[${rows},${cols}]`,
        ins,
        withGrads((x, g, b) => ops.layerNormOp(x, g, b, 1e-12), 3),
        2e-5,
      );
    }
    // With the residual fused in: LN(x + r), gradients w.r.t. x, gamma, beta and r.
    for (const [rows, cols] of [
      [5, 9],
      [1024, 768],
    ]) {
      const ins = [
        spec([rows, cols], 11, 2),
        spec([cols], 12),
        spec([cols], 13),
        spec([rows, cols], 14),
        spec([rows, cols], 15),
      ];
      const f = (x: tf.Tensor, g: tf.Tensor, b: tf.Tensor, r: tf.Tensor) =>
        ops.layerNormOp(x, g, b, 1e-12, r);
      await compare(`residual [${rows},${cols}]`, ins, withGrads(f, 4), 2e-5);
    }
    // One column: x - mean is 0, so y is beta exactly (and the gradient w.r.t. x is 0).
    const one = [spec([7, 1], 1), spec([1], 2), spec([1], 3), spec([7, 1], 4)];
    const [y, dx] = await runOn(
      'wasm',
      one,
      withGrads((x, g, b) => ops.layerNormOp(x, g, b, 1e-12), 3),
    );
    expect(Array.from(y.values)).toEqual(new Array(7).fill(one[2].data[0]));
    expect(Array.from(dx.values)).toEqual(new Array(7).fill(0));
    // rank 3, eps that matters
    const ins = [spec([2, 3, 16], 5, 0.01), spec([16], 6), spec([16], 7), spec([2, 3, 16], 8)];
    await compare(
      'rank 3',
      ins,
      withGrads((x, g, b) => ops.layerNormOp(x, g, b, 1e-3), 3),
      2e-5,
    );
  });

  it('gelu (tanh and erf forms): values and gradients', async () => {
    for (const approximate of [true, false]) {
      for (const shape of [[7], [128, 3072]]) {
        const ins = [spec(shape, 9, 6), spec(shape, 10)];
        await compare(
          `approximate=${approximate} [${shape}]`,
          ins,
          withGrads((x) => ops.geluOp(x, approximate), 1),
          5e-6,
        );
      }
    }
    const ins = [spec([50], 11, 4), spec([50], 12)];
    await compare(
      'gelu_fast constant',
      ins,
      withGrads((x) => ops.geluOp(x, true, 0.7978845608), 1),
      5e-6,
    );
  });

  it('attention with and without a padding mask: context, probabilities, gradients', async () => {
    for (const [B, S, H, heads] of [
      [2, 5, 12, 3],
      [3, 33, 64, 4],
      [8, 128, 768, 12],
    ]) {
      const mask = new Float32Array(B * S);
      for (let b = 0; b < B; b++) for (let s = S - b; s < S; s++) mask[b * S + s] = -10000; // row b pads b keys
      const maskSpec = { shape: [B, S], data: mask };
      const qkv = [spec([B, S, H], 1), spec([B, S, H], 2), spec([B, S, H], 3)];
      const fwd = (q: tf.Tensor, k: tf.Tensor, v: tf.Tensor, m: tf.Tensor | null) => {
        const r = ops.attention(q as tf.Tensor3D, k as tf.Tensor3D, v as tf.Tensor3D, m, {
          numHeads: heads,
          returnProbs: true,
        });
        return [r.context, r.probs!];
      };
      await compare(
        `[${B},${S},${H}]/${heads} masked`,
        [...qkv, maskSpec],
        (q, k, v, m) => fwd(q, k, v, m),
        2e-6,
      );
      await compare(`[${B},${S},${H}]/${heads} unmasked`, qkv, (q, k, v) => fwd(q, k, v, null), 2e-6);
      if (B * S * H > 1e5) continue; // gradients on the cpu reference get slow
      const grads = (q: tf.Tensor, k: tf.Tensor, v: tf.Tensor, m: tf.Tensor, w: tf.Tensor) =>
        withGrads(
          (a, b, c) =>
            ops.attention(a as tf.Tensor3D, b as tf.Tensor3D, c as tf.Tensor3D, m, { numHeads: heads })
              .context,
          3,
        )(q, k, v, w);
      await compare(`[${B},${S},${H}] gradients`, [...qkv, maskSpec, spec([B, S, H], 4)], grads, 2e-5);
    }
  });

  it('masked keys get probability exactly 0', async () => {
    const mask = { shape: [1, 4], data: Float32Array.from([0, 0, -10000, 0]) };
    const [, probs] = await runOn(
      'wasm',
      [spec([1, 4, 8], 1), spec([1, 4, 8], 2), spec([1, 4, 8], 3), mask],
      (q, k, v, m) => {
        const r = ops.attention(q as tf.Tensor3D, k as tf.Tensor3D, v as tf.Tensor3D, m, {
          numHeads: 2,
          returnProbs: true,
        });
        return [r.context, r.probs!];
      },
    );
    for (let row = 0; row < 8; row++) expect(probs.values[row * 4 + 2]).toBe(0);
  });

  it('fused kernels reject inputs that do not fit, with a message', async () => {
    const run = (name: string, inputs: tf.NamedTensorMap, attrs: Record<string, unknown>) => () =>
      tf.tidy(() => tf.engine().runKernel(name, inputs, attrs as tf.NamedAttrMap));
    const x = tf.ones([2, 3, 8]);
    if (!NATIVE) {
      expect(run('AlbertLayerNorm', { x, gamma: x, beta: x }, {})).toThrow(
        /not (yet )?(registered|implemented)/,
      );
      tf.dispose(x);
      return;
    }
    expect(run('AlbertLayerNorm', { x, gamma: tf.ones([7]), beta: tf.ones([8]) }, { epsilon: 1e-5 })).toThrow(
      /gamma/,
    );
    expect(run('AlbertAttention', { q: x, k: x, v: tf.ones([2, 4, 8]) }, { numHeads: 2, scale: 1 })).toThrow(
      /do not fit/,
    );
    expect(run('AlbertAttention', { q: x, k: x, v: x }, { numHeads: 3, scale: 1 })).toThrow(
      /multiple of numHeads/,
    );
    expect(
      run('AlbertAttention', { q: x, k: x, v: x, mask: tf.ones([2, 2]) }, { numHeads: 2, scale: 1 }),
    ).toThrow(/mask/);
    expect(run('AlbertGeluGrad', { dy: tf.ones([3]), x: tf.ones([4]) }, { approximate: true })).toThrow(
      /must match/,
    );
    tf.dispose(x);
  });
});
