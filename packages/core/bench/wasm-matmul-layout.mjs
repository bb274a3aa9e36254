// Stock tfjs-wasm (no native kernels): each matMul layout ALBERT's forward and backward run,
// timed as tfjs's own transposed call against materialising the transpose first and running
// the untransposed product. Decides packages/core/src/kernels/mat-mul-layout.ts.
//   node packages/core/bench/wasm-matmul-layout.mjs [--iters N] [--big]
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';

const { values: a } = parseArgs({
  options: { iters: { type: 'string', default: '5' }, big: { type: 'boolean', default: false } },
});
const iters = Number(a.iters);
await tf.setBackend('wasm');
await tf.ready();

function median(xs) {
  const s = [...xs].sort((x, y) => x - y);
  return s[s.length >> 1];
}
function time(fn) {
  const ts = [];
  for (let i = 0; i < iters + 1; i++) {
    const t0 = performance.now();
    const r = fn();
    r.dataSync();
    ts.push(performance.now() - t0);
    r.dispose();
  }
  return median(ts.slice(1));
}
const T = (x, perm) => {
  const r = x.rank;
  const p = perm ?? [...Array(r - 2).keys(), r - 1, r - 2];
  return tf.transpose(x, p);
};

// [name, aShape (as stored), bShape (as stored), transposeA, transposeB]
const M = 1024;
const cases = [];
const dense = (K, N) => {
  cases.push([`fwd x·W   [${M},${K}]x[${K},${N}]`, [M, K], [K, N], false, false]);
  cases.push([`dX dy·Wᵀ  [${M},${N}]x[${K},${N}]ᵀ`, [M, N], [K, N], false, true]);
  cases.push([`dW xᵀ·dy  [${M},${K}]ᵀx[${M},${N}]`, [M, K], [M, N], true, false]);
};
dense(256, 256);
dense(256, 1024);
dense(1024, 256);
dense(128, 256);
if (a.big) {
  dense(768, 768);
  dense(768, 3072);
}
// MLM decoder on 160 gathered rows, vocab 30000, E 128 (the tied embedding is [V, E])
cases.push(['dec x·Eᵀ [160,128]x[30000,128]ᵀ', [160, 128], [30000, 128], false, true]);
cases.push(['dec dX dy·E [160,30000]x[30000,128]', [160, 30000], [30000, 128], false, false]);
cases.push(['dec dE dyᵀ·x [160,30000]ᵀx[160,128]', [160, 30000], [160, 128], true, false]);
// attention, B=8 × 4 heads, S=128, d=64
const batched = (BH, S, d) => {
  cases.push([`att q·kᵀ [${BH},${S},${d}]x[${BH},${d},${S}]`, [BH, S, d], [BH, d, S], false, false]);
  cases.push([`att q·kᵀ [${BH},${S},${d}]x[${BH},${S},${d}]ᵀ`, [BH, S, d], [BH, S, d], false, true]);
  cases.push([`att p·v  [${BH},${S},${S}]x[${BH},${S},${d}]`, [BH, S, S], [BH, S, d], false, false]);
  cases.push([`att dP dy·vᵀ [${BH},${S},${d}]x[${BH},${S},${d}]ᵀ`, [BH, S, d], [BH, S, d], false, true]);
  cases.push([`att dV pᵀ·dy [${BH},${S},${S}]ᵀx[${BH},${S},${d}]`, [BH, S, S], [BH, S, d], true, false]);
  cases.push([`att dQ ds·k [${BH},${S},${S}]x[${BH},${d},${S}]ᵀ`, [BH, S, S], [BH, d, S], false, true]);
  cases.push([`att dK qᵀ·ds [${BH},${S},${d}]ᵀx[${BH},${S},${S}]`, [BH, S, d], [BH, S, S], true, false]);
};
batched(32, 128, 64);
if (a.big) batched(96, 128, 64);

console.log(`| product | tfjs flags ms | GFLOP/s | transpose+plain ms | GFLOP/s | per-batch 2-D ms | best |`);
console.log('|---|---|---|---|---|---|---|');
for (const [name, as, bs, ta, tb] of cases) {
  const A = tf.randomNormal(as);
  const Bm = tf.randomNormal(bs);
  const m = ta ? as.at(-1) : as.at(-2);
  const k = ta ? as.at(-2) : as.at(-1);
  const n = tb ? bs.at(-2) : bs.at(-1);
  const batch = as.length === 3 ? as[0] : 1;
  const flops = 2 * batch * m * n * k;
  const t1 = time(() => tf.matMul(A, Bm, ta, tb));
  const t2 = ta || tb ? time(() => tf.tidy(() => tf.matMul(ta ? T(A) : A, tb ? T(Bm) : Bm))) : Number.NaN;
  // rank-3: one untransposed 2-D product per batch (XNNPACK handles only batch 1)
  const t3 =
    batch > 1
      ? time(() =>
          tf.tidy(() => {
            const a2 = tf.unstack(ta ? T(A) : A);
            const b2 = tf.unstack(tb ? T(Bm) : Bm);
            return tf.stack(a2.map((x, i) => tf.matMul(x, b2[i])));
          }),
        )
      : Number.NaN;
  const g = (t) => (Number.isNaN(t) ? '' : (flops / t / 1e6).toFixed(1));
  const f = (t) => (Number.isNaN(t) ? '' : t.toFixed(2));
  const best = [
    ['tfjs', t1],
    ['transpose', t2],
    ['per-batch', t3],
  ]
    .filter(([, t]) => !Number.isNaN(t))
    .sort((x, y) => x[1] - y[1])[0][0];
  console.log(`| ${name} | ${f(t1)} | ${g(t1)} | ${f(t2)} | ${g(t2)} | ${f(t3)} | ${best} |`);
  tf.dispose([A, Bm]);
}

// tf.fused.matMul (bias, activation) with a transposed weight, and the bias gradient: the
// reduction over the leading axis against the product 1ᵀ·dy core uses.
console.log('\n| fused / reduction | tfjs ms | alternative | ms | best |\n|---|---|---|---|---|');
for (const [K, N] of [
  [256, 256],
  [256, 1024],
  [1024, 256],
]) {
  const x = tf.randomNormal([M, K]);
  const wT = tf.randomNormal([N, K]);
  const bias = tf.randomNormal([N]);
  const dy = tf.randomNormal([M, N]);
  const t1 = time(() => tf.fused.matMul({ a: x, b: wT, transposeB: true, bias, activation: 'relu' }));
  const t2 = time(() =>
    tf.tidy(() => tf.fused.matMul({ a: x, b: tf.transpose(wT), bias, activation: 'relu' })),
  );
  console.log(
    `| fused x·Wᵀ+b, relu [${M},${K}]x[${N},${K}]ᵀ | ${t1.toFixed(2)} | transpose W + fused | ${t2.toFixed(2)} | ${t1 < t2 ? 'tfjs' : 'transpose'} |`,
  );
  const t3 = time(() => tf.sum(dy, 0));
  const t4 = time(() => tf.tidy(() => tf.matMul(tf.ones([1, M]), dy)));
  console.log(
    `| bias grad sum(dy, 0) [${M},${N}] | ${t3.toFixed(2)} | 1ᵀ·dy | ${t4.toFixed(2)} | ${t3 < t4 ? 'tfjs' : '1ᵀ·dy'} |`,
  );
  tf.dispose([x, wT, bias, dy]);
}

// A dense layer's whole gradient (dX, dW, dbias): tfjs's fused.matMul gradient against
// core's linearOp (needs core built: dist/).
const { linearOp, setupBackend } = await import('../dist/index.js');
await setupBackend({ native: false });
console.log(
  '\n| dense layer backward | tfjs fused.matMul grad ms | core linearOp grad ms | ratio |\n|---|---|---|---|',
);
for (const [K, N] of [
  [256, 256],
  [256, 1024],
  [1024, 256],
]) {
  const x = tf.randomNormal([M, K]);
  const w = tf.randomNormal([K, N]);
  const bias = tf.randomNormal([N]);
  const r = tf.randomNormal([M, N]);
  const g = (f) => () => {
    const gs = tf.grads((xi, wi, bi) => tf.sum(tf.mul(f(xi, wi, bi), r)))([x, w, bias]);
    const out = tf.addN(gs.map((t) => tf.sum(t)));
    tf.dispose(gs);
    return out;
  };
  const t1 = time(g((xi, wi, bi) => tf.fused.matMul({ a: xi, b: wi, bias: bi })));
  const t2 = time(g((xi, wi, bi) => linearOp(xi, wi, bi)));
  console.log(
    `| [${M},${K}]x[${K},${N}]+b | ${t1.toFixed(1)} | ${t2.toFixed(1)} | ${(t1 / t2).toFixed(1)}× |`,
  );
  tf.dispose([x, w, bias, r]);
}
