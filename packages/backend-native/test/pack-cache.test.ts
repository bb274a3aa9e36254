import { adamwUpdate } from '@albert-ts/core';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadAddon } from '../src/addon.js';
import { clearPackCache, packCacheStats, setPackCacheLimit } from '../src/index.js';
import { GemmArg, PackBArg, params } from '../src/kernels/args.js';
import { NATIVE, nativeOn, randoms } from './helpers.js';

// The cache of pre-packed B operands (src/kernels/pack-cache.ts): a product with a cached pack
// must give exactly the floats of the same product packed on the fly, and a weight that changes
// (an optimizer step, a disposed tensor whose memory is reused, a write behind tfjs's back) must
// never be multiplied through its old pack.

const LIMIT = 256 * 2 ** 20;

function values(t: tf.Tensor): Float32Array {
  return t.dataSync() as Float32Array;
}

/** `f()`'s values with the cache off (B packed by every call, as before the cache). */
function uncached(f: () => tf.Tensor): Float32Array {
  setPackCacheLimit(0);
  try {
    return tf.tidy(() => values(f()));
  } finally {
    setPackCacheLimit(LIMIT);
  }
}

function expectSame(got: Float32Array, want: Float32Array, what: string): void {
  expect(got.length, what).toBe(want.length);
  let bad = -1;
  for (let i = 0; i < want.length && bad < 0; i++) if (!Object.is(got[i], want[i])) bad = i;
  expect(bad, `${what}: first differing element ${bad}: ${got[bad]} vs ${want[bad]}`).toBe(-1);
}

describe.skipIf(!NATIVE)('pre-packed weight cache', () => {
  beforeAll(async () => {
    await nativeOn();
  });
  afterEach(() => {
    setPackCacheLimit(LIMIT);
    clearPackCache();
  });

  it('products through a cached pack equal products packed on the fly, bit for bit', () => {
    const before = tf.memory().numTensors;
    // Shapes around the tile and block edges of every path, transposed and not, with and without
    // a bias, a broadcast B over a batch, and ALBERT-base's FFN-in.
    const cases: [number, number, number, boolean, number][] = [
      [256, 768, 3072, false, 1],
      [1000, 770, 3001, false, 1],
      [37, 200, 515, true, 1],
      [130, 3072, 768, true, 1],
      [5, 300, 200, false, 1],
      [64, 129, 257, false, 3],
    ];
    for (const [M, K, N, tB, batch] of cases) {
      const x = tf.tensor(randoms(batch * M * K, 1), batch > 1 ? [batch, M, K] : [M, K]);
      const w = tf.tensor(randoms(K * N, 2), tB ? [N, K] : [K, N]);
      const bias = tf.tensor(randoms(N, 3), [N]);
      const fused = () => tf.fused.matMul({ a: x, b: w, bias, transposeB: tB, activation: 'relu' });
      const plain = () => tf.matMul(x, w, false, tB);
      const wantF = uncached(fused);
      const wantP = uncached(plain);
      const hits = packCacheStats().hits;
      for (let i = 0; i < 4; i++) {
        tf.tidy(() => expectSame(values(fused()), wantF, `fused ${M}x${K}x${N} tB=${tB} #${i}`));
        tf.tidy(() => expectSame(values(plain()), wantP, `matMul ${M}x${K}x${N} tB=${tB} #${i}`));
      }
      // The first sighting only notes B, the second packs it; the rest use the pack.
      expect(packCacheStats().hits - hits).toBeGreaterThanOrEqual(6);
      tf.dispose([x, w, bias]);
    }
    // Disposing a weight drops its pack at once.
    expect(packCacheStats()).toMatchObject({ entries: 0, bytes: 0 });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('AdamW steps on a weight, then a forward: equal to the uncached forward', () => {
    const before = tf.memory().numTensors;
    const [M, K, N] = [96, 256, 384];
    const x = tf.tensor(randoms(M * K, 4), [M, K]);
    const target = tf.tensor(randoms(M * N, 5), [M, N]);
    const w0 = tf.tensor(
      randoms(K * N, 6).map((r) => r * 0.05),
      [K, N],
    );
    const w = tf.variable(w0);
    let m: tf.Tensor = tf.zerosLike(w);
    let v: tf.Tensor = tf.zerosLike(w);
    // The weight is used twice per step (as ALBERT's shared layers use theirs), so it is packed
    // in the first step and its pack is used from then on, were it not invalidated.
    const loss = (): tf.Scalar =>
      tf.tidy(() => {
        const h = tf.relu(tf.matMul(x, w));
        const y = tf.matMul(tf.sub(h, tf.mean(h)), w, false, true);
        return tf.mean(tf.square(tf.sub(tf.matMul(y, w), target))) as tf.Scalar;
      });
    for (let step = 1; step <= 4; step++) {
      const { grads, value } = tf.variableGrads(loss, [w]);
      const upd = adamwUpdate(w, grads[w.name], m, v, {
        lr: 1e-2,
        beta1: 0.9,
        beta2: 0.999,
        epsilon: 1e-8,
        weightDecay: 0.01,
        decay: true,
        step,
      });
      w.assign(upd.w);
      tf.dispose([m, v, upd.w, value, grads[w.name]]);
      m = upd.m;
      v = upd.v;
      const forward = () => tf.matMul(tf.relu(tf.matMul(x, w)), w, false, true);
      const got = tf.tidy(() => values(forward()));
      expectSame(got, uncached(forward), `forward after step ${step}`);
    }
    expect(packCacheStats().hits).toBeGreaterThan(0);
    expect(packCacheStats().stale).toBe(0);
    tf.dispose([x, target, w0, w, m, v]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a weight written behind tfjs (same allocation) is re-packed, not reused', () => {
    const [M, K, N] = [64, 256, 256];
    const x = tf.tensor(randoms(M * K, 7), [M, K]);
    const w = tf.tensor(randoms(K * N, 8), [K, N]);
    for (let i = 0; i < 3; i++) tf.tidy(() => values(tf.matMul(x, w)));
    const backend = tf.backend() as unknown as {
      typedArrayFromHeap(t: tf.Tensor): Float32Array;
    };
    const heap = backend.typedArrayFromHeap(w);
    for (let i = 0; i < heap.length; i += 3) heap[i] = -heap[i];
    const stale = packCacheStats().stale;
    const got = tf.tidy(() => values(tf.matMul(x, w)));
    expectSame(
      got,
      uncached(() => tf.matMul(x, w)),
      'after the write',
    );
    expect(packCacheStats().stale).toBe(stale + 1);
    tf.dispose([x, w]);
  });

  it('stays within its limit and evicts the least recently used', () => {
    const [K, N] = [256, 512];
    const ws = [0, 1, 2, 3].map((i) => tf.tensor(randoms(K * N, 10 + i), [K, N]));
    const x = tf.tensor(randoms(32 * K, 9), [32, K]);
    setPackCacheLimit(2.5 * K * N * 4 * 2); // room for two packs of this size (half-limit rule)
    for (let round = 0; round < 3; round++) {
      for (const w of ws) tf.tidy(() => values(tf.matMul(x, w)));
      expect(packCacheStats().bytes).toBeLessThanOrEqual(packCacheStats().limitBytes);
    }
    expect(packCacheStats().evictions).toBeGreaterThan(0);
    const want = uncached(() => tf.matMul(x, ws[0]));
    tf.tidy(() => expectSame(values(tf.matMul(x, ws[0])), want, 'after evictions'));
    tf.dispose([x, ...ws]);
  });

  it('gemm refuses a pack made for other sizes or another transpose', () => {
    const addon = loadAddon().addon!;
    const [K, N] = [128, 160];
    const b = tf.tensor(randoms(K * N, 11), [K, N]);
    const a = tf.tensor(randoms(8 * K, 12), [8, K]);
    const out = tf.zeros([8, N]);
    const be = tf.backend() as unknown as {
      wasm: { HEAPU8: Uint8Array };
      getMemoryOffset(id: object): number;
    };
    const buf = new Float32Array(addon.packedBLength!(K, N));
    const pp = params(PackBArg);
    pp[PackBArg.b] = be.getMemoryOffset(b.dataId);
    pp[PackBArg.k] = K;
    pp[PackBArg.n] = N;
    pp[PackBArg.transB] = 0;
    addon.packB!(be.wasm.HEAPU8, pp, buf);
    const p = params(GemmArg);
    const fill = (k: number, n: number, tB: number) => {
      p.fill(0);
      p[GemmArg.a] = be.getMemoryOffset(a.dataId);
      p[GemmArg.b] = be.getMemoryOffset(b.dataId);
      p[GemmArg.c] = be.getMemoryOffset(out.dataId);
      p[GemmArg.batch] = 1;
      p[GemmArg.m] = 8;
      p[GemmArg.k] = k;
      p[GemmArg.n] = n;
      p[GemmArg.transB] = tB;
      p[GemmArg.aCount] = 1;
      p[GemmArg.bCount] = 1;
    };
    fill(K, N, 0);
    expect(() => addon.gemm(be.wasm.HEAPU8, p, undefined, undefined, buf)).not.toThrow();
    fill(K, N - 32, 0);
    expect(() => addon.gemm(be.wasm.HEAPU8, p, undefined, undefined, buf)).toThrow(/other sizes/);
    fill(K, N, 1);
    expect(() => addon.gemm(be.wasm.HEAPU8, p, undefined, undefined, buf)).toThrow(/transpose/);
    fill(K, N, 0);
    expect(() => addon.gemm(be.wasm.HEAPU8, p, undefined, undefined, buf.subarray(0, 100))).toThrow(
      /too small/,
    );
    tf.dispose([a, b, out]);
  });
});
