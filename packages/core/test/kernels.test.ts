import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import {
  adamwUpdate,
  attention,
  geluOp,
  layerNormOp,
  registerFallbackKernels,
} from '../src/kernels/index.js';
import { segmentSum } from '../src/kernels/unsorted-segment-sum.js';
import '../src/index.js'; // tfjs-core gradients

// Fallback kernels (UnsortedSegmentSum for wasm and cpu) and the plain-op path of the fused ops,
// checked against direct loops written here.

function naiveSegmentSum(x: number[], ids: number[], n: number, inner: number): number[] {
  const out = new Array<number>(n * inner).fill(0);
  ids.forEach((s, i) => {
    if (s < 0 || s >= n) return;
    for (let j = 0; j < inner; j++) out[s * inner + j] += x[i * inner + j];
  });
  return out;
}

async function on<T>(backend: string, f: () => Promise<T>): Promise<T> {
  await tf.setBackend(backend);
  registerFallbackKernels(backend);
  return f();
}

describe('UnsortedSegmentSum fallback', () => {
  for (const backend of ['wasm', 'cpu']) {
    it(`${backend}: sums rows into segments in one pass, dropping out-of-range ids`, async () => {
      await on(backend, async () => {
        const ids = [3, 0, 3, 7, -1, 9, 2, 0];
        const inner = 5;
        const x = Array.from({ length: ids.length * inner }, (_, i) => Math.sin(i) * 3);
        const before = tf.memory().numTensors;
        const out = tf.unsortedSegmentSum(tf.tensor2d(x, [ids.length, inner]), tf.tensor1d(ids, 'int32'), 8);
        expect(out.shape).toEqual([8, inner]);
        const want = naiveSegmentSum(x, ids, 8, inner);
        const got = await out.data();
        want.forEach((w, i) => {
          expect(Math.abs(got[i] - w)).toBeLessThan(1e-5);
        });
        tf.dispose(out);
        expect(tf.memory().numTensors).toBe(before + 2); // the two inputs above
        tf.disposeVariables();
      });
    });

    it(`${backend}: int32 data, rank-2 ids, zero segments`, async () => {
      await on(backend, async () => {
        const out = tf.unsortedSegmentSum(
          tf.tensor3d([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2], 'int32'),
          tf.tensor2d([1, 0, 1, 1], [2, 2], 'int32') as unknown as tf.Tensor1D, // the kernel takes any rank
          2,
        );
        expect(out.dtype).toBe('int32');
        expect(Array.from(await out.data())).toEqual([3, 4, 1 + 5 + 7, 2 + 6 + 8]);
        const empty = tf.unsortedSegmentSum(tf.ones([3, 2]), tf.tensor1d([0, 1, 2], 'int32'), 0);
        expect(empty.shape).toEqual([0, 2]);
      });
    });

    it(`${backend}: the gradient of an embedding lookup (gather) works and matches a direct sum`, async () => {
      await on(backend, async () => {
        const vocab = 30000;
        const table = tf.variable(tf.zeros([vocab, 4]));
        const ids = tf.tensor2d(
          [
            [5, 29999, 5],
            [0, 7, 5],
          ],
          [2, 3],
          'int32',
        );
        const w = tf.tensor3d(
          Array.from({ length: 24 }, (_, i) => i),
          [2, 3, 4],
        );
        const { grads } = tf.variableGrads(() => tf.sum(tf.mul(tf.gather(table, ids), w)), [table]);
        const g = await grads[table.name].data();
        const want = naiveSegmentSum(Array.from(await w.data()), [5, 29999, 5, 0, 7, 5], vocab, 4);
        let maxd = 0;
        for (let i = 0; i < want.length; i++) maxd = Math.max(maxd, Math.abs(g[i] - want[i]));
        expect(maxd).toBe(0);
        tf.dispose([table, ids, w, grads[table.name]]);
      });
    });
  }

  it('rejects ids that do not prefix the data shape and non-int32 ids', async () => {
    await on('wasm', async () => {
      expect(() => tf.unsortedSegmentSum(tf.ones([3, 2]), tf.tensor1d([0, 1], 'int32'), 2)).toThrow();
      const out = new Float32Array(2);
      segmentSum([1, 2], [1, 5], 2, 1, out);
      expect(Array.from(out)).toEqual([0, 1]);
    });
  });

  it('registering twice is harmless and unknown backends are left alone', () => {
    registerFallbackKernels('wasm');
    const k = tf.getKernel('UnsortedSegmentSum', 'wasm');
    registerFallbackKernels('wasm');
    expect(tf.getKernel('UnsortedSegmentSum', 'wasm')).toBe(k);
    expect(() => registerFallbackKernels('no-such-backend')).not.toThrow();
  });
});

describe('fused ops, plain-tfjs path (no fused kernels registered)', () => {
  it('layerNorm matches a direct per-row computation, and its gradient matches finite differences', async () => {
    await tf.setBackend('cpu');
    const rows = 3;
    const cols = 6;
    const x = Array.from({ length: rows * cols }, (_, i) => Math.sin(i * 1.3) * 2);
    const g = Array.from({ length: cols }, (_, i) => 0.5 + i / 10);
    const b = Array.from({ length: cols }, (_, i) => i / 7 - 0.2);
    const y = await layerNormOp(tf.tensor2d(x, [rows, cols]), tf.tensor1d(g), tf.tensor1d(b), 1e-5).data();
    for (let r = 0; r < rows; r++) {
      const row = x.slice(r * cols, (r + 1) * cols);
      const mean = row.reduce((s, v) => s + v, 0) / cols;
      const v = row.reduce((s, u) => s + (u - mean) ** 2, 0) / cols;
      row.forEach((u, j) => {
        expect(Math.abs(y[r * cols + j] - ((u - mean) / Math.sqrt(v + 1e-5)) * g[j] - b[j])).toBeLessThan(
          1e-5,
        );
      });
    }
    // d/dx0 of sum(y * w) by central differences in float64 of the same formula
    const w = Array.from({ length: rows * cols }, (_, i) => Math.cos(i));
    const dx = await tf
      .grad((t: tf.Tensor) =>
        tf.sum(tf.mul(layerNormOp(t, tf.tensor1d(g), tf.tensor1d(b), 1e-5), tf.tensor2d(w, [rows, cols]))),
      )(tf.tensor2d(x, [rows, cols]))
      .data();
    const f = (xs: number[]) => {
      let s = 0;
      for (let r = 0; r < rows; r++) {
        const row = xs.slice(r * cols, (r + 1) * cols);
        const mean = row.reduce((a, c) => a + c, 0) / cols;
        const v = row.reduce((a, c) => a + (c - mean) ** 2, 0) / cols;
        row.forEach((u, j) => {
          s += (((u - mean) / Math.sqrt(v + 1e-5)) * g[j] + b[j]) * w[r * cols + j];
        });
      }
      return s;
    };
    for (const i of [0, 7, 17]) {
      const h = 1e-4;
      const xp = [...x];
      const xm = [...x];
      xp[i] += h;
      xm[i] -= h;
      expect(Math.abs(dx[i] - (f(xp) - f(xm)) / (2 * h))).toBeLessThan(2e-3);
    }
  });

  it('layerNorm with a residual normalises x + residual', async () => {
    await tf.setBackend('cpu');
    const x = tf.tensor2d([1, 2, 3, 4, -1, 0.5], [2, 3]);
    const r = tf.tensor2d([0.5, -2, 1, 0, 3, 3], [2, 3]);
    const g = tf.tensor1d([1, 2, 0.5]);
    const b = tf.tensor1d([0, 1, -1]);
    const fused = await layerNormOp(x, g, b, 1e-5, r).data();
    const sum = [1.5, 0, 4, 4, 2, 3.5];
    for (let row = 0; row < 2; row++) {
      const v = sum.slice(row * 3, row * 3 + 3);
      const mean = (v[0] + v[1] + v[2]) / 3;
      const variance = v.reduce((a, c) => a + (c - mean) ** 2, 0) / 3;
      v.forEach((c, j) => {
        const want = ((c - mean) / Math.sqrt(variance + 1e-5)) * [1, 2, 0.5][j] + [0, 1, -1][j];
        expect(Math.abs(fused[row * 3 + j] - want)).toBeLessThan(1e-5);
      });
    }
  });

  it('gelu (tanh and erf forms) matches the formulas', async () => {
    await tf.setBackend('cpu');
    const xs = [-6, -2.5, -1, -0.1, 0, 0.3, 1, 2, 5];
    const tanhForm = await geluOp(tf.tensor1d(xs), true).data();
    const erfForm = await geluOp(tf.tensor1d(xs), false).data();
    const c = Math.sqrt(2 / Math.PI);
    // erf via its series (enough terms for |x| <= 6/√2)
    const erf = (z: number) => {
      let sum = 0;
      let term = z;
      for (let n = 0; n < 200; n++) {
        sum += term / (2 * n + 1);
        term *= (-z * z) / (n + 1);
      }
      return (2 / Math.sqrt(Math.PI)) * sum;
    };
    xs.forEach((x, i) => {
      expect(Math.abs(tanhForm[i] - 0.5 * x * (1 + Math.tanh(c * (x + 0.044715 * x ** 3))))).toBeLessThan(
        2e-6,
      );
      expect(Math.abs(erfForm[i] - 0.5 * x * (1 + erf(x / Math.SQRT2)))).toBeLessThan(2e-6);
    });
  });

  it('attention matches a direct per-head loop, masked keys get 0', async () => {
    await tf.setBackend('cpu');
    const [B, S, H, heads] = [2, 3, 4, 2];
    const d = H / heads;
    const q = Array.from({ length: B * S * H }, (_, i) => Math.sin(i));
    const k = Array.from({ length: B * S * H }, (_, i) => Math.cos(i * 0.7));
    const v = Array.from({ length: B * S * H }, (_, i) => (i % 5) - 2);
    const mask = [0, 0, 0, 0, -10000, 0];
    const r = attention(
      tf.tensor3d(q, [B, S, H]),
      tf.tensor3d(k, [B, S, H]),
      tf.tensor3d(v, [B, S, H]),
      tf.tensor2d(mask, [B, S]),
      {
        numHeads: heads,
        returnProbs: true,
      },
    );
    const ctx = await r.context.data();
    const probs = await r.probs!.data();
    const at = (a: number[], b: number, s: number, h: number, j: number) => a[(b * S + s) * H + h * d + j];
    for (let b = 0; b < B; b++) {
      for (let h = 0; h < heads; h++) {
        for (let s = 0; s < S; s++) {
          const sc = Array.from({ length: S }, (_, t) => {
            let dot = 0;
            for (let j = 0; j < d; j++) dot += at(q, b, s, h, j) * at(k, b, t, h, j);
            return dot / Math.sqrt(d) + mask[b * S + t];
          });
          const m = Math.max(...sc);
          const e = sc.map((u) => Math.exp(u - m));
          const z = e.reduce((a, c) => a + c, 0);
          const p = e.map((u) => u / z);
          p.forEach((pv, t) => {
            expect(Math.abs(probs[((b * heads + h) * S + s) * S + t] - pv)).toBeLessThan(1e-6);
          });
          for (let j = 0; j < d; j++) {
            const want = p.reduce((a, pv, t) => a + pv * at(v, b, t, h, j), 0);
            expect(Math.abs(ctx[(b * S + s) * H + h * d + j] - want)).toBeLessThan(1e-5);
          }
        }
      }
    }
    expect(probs[((1 * heads + 0) * S + 0) * S + 1]).toBe(0);
  });
});

describe('adamwUpdate, plain-tfjs path', () => {
  it("matches torch.optim.AdamW's formula (decay on and off, steps 1 and 7)", async () => {
    await tf.setBackend('cpu');
    const n = 5;
    const w = Array.from({ length: n }, (_, i) => Math.sin(i + 1));
    const g = Array.from({ length: n }, (_, i) => Math.cos(i * 2) * 0.1);
    const m = Array.from({ length: n }, (_, i) => i * 0.01);
    const v = Array.from({ length: n }, (_, i) => i * 0.001);
    for (const [decay, step] of [
      [true, 1],
      [false, 7],
    ] as const) {
      const o = { lr: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0.1, decay, step };
      const r = adamwUpdate(tf.tensor1d(w), tf.tensor1d(g), tf.tensor1d(m), tf.tensor1d(v), o);
      const [nw, nm, nv] = await Promise.all([r.w.data(), r.m.data(), r.v.data()]);
      for (let i = 0; i < n; i++) {
        const em = 0.9 * m[i] + 0.1 * g[i];
        const ev = 0.999 * v[i] + 0.001 * g[i] ** 2;
        const w1 = decay ? w[i] * (1 - 0.01 * 0.1) : w[i];
        const ew =
          w1 - ((0.01 / (1 - 0.9 ** step)) * em) / (Math.sqrt(ev) / Math.sqrt(1 - 0.999 ** step) + 1e-8);
        expect(Math.abs(nm[i] - em)).toBeLessThan(1e-7);
        expect(Math.abs(nv[i] - ev)).toBeLessThan(1e-8);
        expect(Math.abs(nw[i] - ew)).toBeLessThan(2e-6);
      }
    }
  });
});
