#!/usr/bin/env node
// Each fused kernel against the plain ops it replaces, both on the native path, at ALBERT-base
// 8 × 128 shapes: forward, and forward + backward (value and gradients). "plain" unregisters
// just that fused kernel pair, so core falls back to its tfjs formulation, whose ops (add,
// moments, softmax, matMul, …) still run on this package's native kernels. Interleaved rounds,
// medians; ratio = plain / fused (> 1: the fused kernel is faster).
//   node bench/kernels.mjs [--rounds 7] [--threads 2] [--only <name substring>]
import { parseArgs } from 'node:util';
import { setupBackend } from '@albert-ts/core';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { getActivation } from '../../core/dist/activations.js';
import {
  adamwUpdate,
  attention,
  geluOp,
  layerNormOp,
  softmaxCrossEntropyOp,
} from '../../core/dist/kernels/index.js';
import { linearAct } from '../../core/dist/kernels/linear-gelu.js';
import * as native from '../dist/index.js';
import { machine, median, writeResult } from './common.mjs';

const { values: a } = parseArgs({
  options: {
    rounds: { type: 'string', default: '7' },
    threads: { type: 'string', default: '2' },
    only: { type: 'string', default: '' },
  },
});
const rounds = Number(a.rounds);
const threads = Number(a.threads);
const status = await setupBackend({ nativeModule: native });
if (!status.native) throw new Error(`native path unavailable: ${status.reason}`);
await native.registerNativeKernels({ threads });
const info = native.nativeInfo?.() ?? {};

const B = 8,
  S = 128,
  H = 768,
  I = 3072,
  NH = 12,
  V = 30000,
  MASKED = 160;
const rnd = (shape, scale = 1) => tf.mul(tf.randomUniform(shape, -1, 1, 'float32', 3), scale);

const x = rnd([B, S, H]);
const res = rnd([B, S, H]);
const gamma = tf.add(rnd([H], 0.1), 1);
const beta = rnd([H], 0.1);
const ffn = rnd([B, S, I], 2);
const q = rnd([B, S, H]);
const k = rnd([B, S, H]);
const v = rnd([B, S, H]);
const maskAdd = tf.concat([tf.zeros([B, S - 16]), tf.fill([B, 16], -10000)], 1);
const logits = rnd([MASKED, V], 4);
const labels = tf.tensor1d(
  Array.from({ length: MASKED }, (_, i) => (i * 7919) % V),
  'int32',
);
const w = rnd([H * I]);
const g = rnd([H * I], 0.01);
const m0 = rnd([H * I], 0.001);
const v0 = tf.abs(rnd([H * I], 0.0001));

const x2 = tf.reshape(x, [B * S, H]);
const wIn = rnd([H, I], 0.05);
const bIn = rnd([I], 0.1);
const ffnIn = {
  weight: { value: wIn },
  bias: { value: bIn },
  outFeatures: I,
  forward: (t) => tf.fused.matMul({ a: t, b: wIn, bias: bIn }),
};
const geluNew = getActivation('gelu_new');

const cases = [
  {
    // Both sides with the weight pre-packed: this is the GELU moved into the tile store alone.
    name: 'dense + GELU (FFN-in) [1024,768]·[768,3072]',
    kernels: ['AlbertLinearGelu'],
    fwd: () => linearAct(ffnIn, x2, geluNew),
  },
  {
    // The same product with B packed by the call (plain) or taken from the cache (fused).
    name: 'FFN-in product, weight pre-packed [1024,768]·[768,3072]',
    kernels: [],
    packCache: true,
    fwd: () => tf.fused.matMul({ a: x2, b: wIn, bias: bIn }),
  },
  {
    name: 'LayerNorm + residual [8,128,768]',
    kernels: ['AlbertLayerNorm', 'AlbertLayerNormGrad'],
    fwd: () => layerNormOp(x, gamma, beta, 1e-12, res),
    grad: () => tf.grads((xi, ri) => tf.sum(layerNormOp(xi, gamma, beta, 1e-12, ri)))([x, res]),
  },
  {
    name: 'GELU (gelu_new) [8,128,3072]',
    kernels: ['AlbertGelu', 'AlbertGeluGrad'],
    fwd: () => geluOp(ffn, true),
    grad: () => tf.grad((xi) => tf.sum(geluOp(xi, true)))(ffn),
  },
  {
    name: 'attention 12 heads [8,128,768], padding mask',
    kernels: ['AlbertAttention', 'AlbertAttentionGrad'],
    fwd: () => attention(q, k, v, maskAdd, { numHeads: NH }).context,
    grad: () =>
      tf.grads((qi, ki, vi) => tf.sum(attention(qi, ki, vi, maskAdd, { numHeads: NH }).context))([q, k, v]),
  },
  {
    name: 'softmax cross-entropy [160, 30000]',
    kernels: ['AlbertSoftmaxCrossEntropy', 'AlbertSoftmaxCrossEntropyGrad'],
    fwd: () => softmaxCrossEntropyOp(logits, labels),
    grad: () => tf.grad((l) => softmaxCrossEntropyOp(l, labels))(logits),
  },
  {
    name: 'AdamW update, 2.4M parameters',
    kernels: ['AlbertAdamW'],
    fwd: () => {
      const r = adamwUpdate(w, g, m0, v0, {
        lr: 1e-4,
        beta1: 0.9,
        beta2: 0.999,
        epsilon: 1e-6,
        weightDecay: 0.01,
        decay: true,
        step: 3,
      });
      return [r.w, r.m, r.v];
    },
  },
];

async function timeOnce(fn) {
  const t0 = performance.now();
  const out = fn();
  const ts = Array.isArray(out) ? out : [out];
  await Promise.all(ts.map((t) => t.data()));
  const ms = performance.now() - t0;
  tf.dispose(ts);
  return ms;
}

async function setFused(kernels, on, packCache) {
  if (packCache) native.setPackCacheLimit(on ? 256 * 2 ** 20 : 0);
  native.unregisterNativeKernels();
  const all = await native.registerNativeKernels({ threads });
  if (on) return all;
  const keep = native.registeredNativeKernels().filter((n) => !kernels.includes(n));
  native.unregisterNativeKernels();
  return native.registerNativeKernels({ threads, kernels: keep });
}

const rows = [];
for (const c of cases.filter((k) => k.name.includes(a.only))) {
  const row = { name: c.name };
  for (const phase of c.grad ? ['fwd', 'grad'] : ['fwd']) {
    const ms = { fused: [], plain: [] };
    for (let r = 0; r < rounds; r++) {
      for (const mode of r % 2 ? ['plain', 'fused'] : ['fused', 'plain']) {
        await setFused(c.kernels, mode === 'fused', c.packCache);
        await timeOnce(c[phase]); // warm-up after switching kernels
        if (c.packCache) await timeOnce(c[phase]); // a B is packed on its second sighting
        ms[mode].push(await timeOnce(c[phase]));
      }
    }
    row[phase] = {
      fusedMs: median(ms.fused),
      plainMs: median(ms.plain),
      ratio: median(ms.plain) / median(ms.fused),
    };
  }
  rows.push(row);
  const cell = (p) =>
    p ? `${p.fusedMs.toFixed(2)} vs ${p.plainMs.toFixed(2)} ms (×${p.ratio.toFixed(2)})` : '—';
  console.log(`${c.name.padEnd(46)} fwd ${cell(row.fwd)}  fwd+bwd ${cell(row.grad)}`);
}
await setFused([], true);
// A subset (--only) gets its own file: the full table's file stays whole.
const out = writeResult(`kernels-albert-base-8x128${a.only ? '-subset' : ''}`, {
  machine: machine(),
  native: info,
  threads,
  rounds,
  rows,
});
console.log(`wrote ${out}`);
