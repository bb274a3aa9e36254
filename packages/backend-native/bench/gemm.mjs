#!/usr/bin/env node
// GEMM: the addon's builtin packed GEMM against the same addon built with OpenBLAS, on the
// products of an ALBERT-base training step (8 × 128 tokens): forward, and the transposed
// products of the backward pass. Both run through the addon's `gemm` entry (the one the
// BatchMatMul/_FusedMatMul kernels call), so both split the work over the same 2-thread pool;
// they are interleaved shape by shape and round by round, and medians are compared.
//
//   node bench/gemm.mjs [--openblas path/to/albert_native.node] [--rounds 9] [--threads 2]
// The OpenBLAS build: ALBERT_BLAS=openblas in a copy of the package (see BENCHMARKS.md).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GemmArg } from '../dist/kernels/args.js';
import { machine, median, writeResult } from './common.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const rounds = Number(opt('--rounds', '9'));
const threads = Number(opt('--threads', '2'));
const builtinPath = join(here, '..', 'build', 'Release', 'albert_native.node');
const openblasPath = opt('--openblas', process.env.ALBERT_OPENBLAS_ADDON ?? '');

// [name, batch, M, N, K, tA, tB]: T = 1024 tokens, H = 768, I = 3072, E = 128, 12 heads of 64.
const T = 1024,
  H = 768,
  I = 3072,
  E = 128,
  S = 128,
  BH = 8 * 12,
  D = 64;
const shapes = [
  ['embedding projection', 1, T, H, E, 0, 0],
  ['QKV fused (T×H · H×3H)', 1, T, 3 * H, H, 0, 0],
  ['Q/K/V/out dense (T×H · H×H)', 1, T, H, H, 0, 0],
  ['FFN in (T×H · H×I)', 1, T, I, H, 0, 0],
  ['FFN out (T×I · I×H)', 1, T, H, I, 0, 0],
  ['attention scores (QKᵀ, batched)', BH, S, S, D, 0, 1],
  ['attention context (PV, batched)', BH, S, D, S, 0, 0],
  ['MLM transform (T×H · H×E)', 1, T, E, H, 0, 0],
  ['bwd dense dX (dY·Wᵀ)', 1, T, H, H, 0, 1],
  ['bwd dense dW (Xᵀ·dY)', 1, H, H, T, 1, 0],
  ['bwd FFN-in dX (dY·Wᵀ)', 1, T, H, I, 0, 1],
  ['bwd FFN-in dW (Xᵀ·dY)', 1, H, I, T, 1, 0],
  ['bwd FFN-out dX (dY·Wᵀ)', 1, T, I, H, 0, 1],
  ['bwd FFN-out dW (Xᵀ·dY)', 1, I, H, T, 1, 0],
  ['bwd attention dP (dC·Vᵀ, batched)', BH, S, S, D, 0, 1],
  ['bwd attention dV (Pᵀ·dC, batched)', BH, S, D, S, 1, 0],
  ['bwd attention dQ (dS·K, batched)', BH, S, D, S, 0, 0],
  ['bwd attention dK (dSᵀ·Q, batched)', BH, S, D, S, 1, 0],
];

function engine(path, label) {
  const addon = require(path);
  const info = addon.info();
  return { label, addon, info };
}

const engines = [engine(builtinPath, 'builtin')];
if (openblasPath && existsSync(openblasPath)) engines.push(engine(openblasPath, 'openblas'));
else console.warn('bench/gemm: no OpenBLAS build given (--openblas); measuring the builtin GEMM only');
for (const e of engines) e.addon.setThreads(threads);

const maxFloats = Math.max(...shapes.map(([, b, M, N, K]) => b * (M * K + K * N + M * N)));
const heap = new Uint8Array(maxFloats * 4 + 64);
const f = new Float32Array(heap.buffer);
for (let i = 0; i < f.length; i++) f[i] = ((i * 7919) % 1000) / 1000 - 0.5;

function runner(e, [, batch, M, N, K, tA, tB]) {
  const p = new Float64Array(GemmArg.count);
  p[GemmArg.a] = 0;
  p[GemmArg.b] = batch * M * K * 4;
  p[GemmArg.c] = p[GemmArg.b] + batch * K * N * 4;
  p[GemmArg.batch] = batch;
  p[GemmArg.m] = M;
  p[GemmArg.n] = N;
  p[GemmArg.k] = K;
  p[GemmArg.transA] = tA;
  p[GemmArg.transB] = tB;
  p[GemmArg.aStride] = M * K;
  p[GemmArg.bStride] = K * N;
  p[GemmArg.aCount] = batch;
  p[GemmArg.bCount] = batch;
  // biasMode 0 (none) and act 0 (linear): the plain product
  return () => e.addon.gemm(heap, p);
}

// Warm every engine on every shape first (thread start-up, page faults of pack buffers and
// outputs, clock ramp), so that the first shape measured is not the one that pays for it.
for (const shape of shapes) for (const e of engines) runner(e, shape)();

const rows = [];
for (const shape of shapes) {
  const [name, batch, M, N, K] = shape;
  const flops = 2 * batch * M * N * K;
  const runs = engines.map((e) => ({ e, run: runner(e, shape), ms: [] }));
  for (const r of runs) for (let w = 0; w < 2; w++) r.run();
  for (let i = 0; i < rounds; i++) {
    for (const r of i % 2 ? [...runs].reverse() : runs) {
      const t0 = performance.now();
      r.run();
      r.ms.push(performance.now() - t0);
    }
  }
  const row = { name, batch, M, N, K, tA: shape[5], tB: shape[6], flops };
  for (const r of runs) {
    const ms = median(r.ms);
    row[r.e.label] = { ms, gflops: flops / ms / 1e6 };
  }
  if (row.openblas) row.ratio = row.openblas.ms / row.builtin.ms;
  rows.push(row);
  const cells = engines.map((e) => `${e.label} ${row[e.label].gflops.toFixed(1)} GF/s`).join('  ');
  console.log(`${name.padEnd(38)} ${cells}${row.ratio ? `  ×${row.ratio.toFixed(2)}` : ''}`);
}

let model;
if (engines.length > 1) {
  // Over the model: each shape weighted by how often a training step runs it (12 layers;
  // forward once, the two backward products once each).
  const count = (name) =>
    name.includes('embedding') || name.includes('MLM') ? 1 : name.includes('QKV') ? 0 : 12;
  const total = (label) =>
    rows.reduce((s, r) => s + count(r.name) * r[label].ms * (r.name.includes('Q/K/V/out') ? 4 : 1), 0);
  model = { builtinMs: total('builtin'), openblasMs: total('openblas') };
  model.ratio = model.openblasMs / model.builtinMs;
  console.log(
    `over a training step's products: builtin ${model.builtinMs.toFixed(1)} ms, openblas ${model.openblasMs.toFixed(1)} ms, ×${model.ratio.toFixed(2)}`,
  );
}
const out = writeResult(`gemm-albert-base-8x128-${process.env.ALBERT_CPU ?? 'auto'}-t${threads}`, {
  machine: machine(),
  engines: engines.map((e) => ({ label: e.label, ...e.info })),
  rounds,
  threads,
  rows,
  model,
});
console.log(`wrote ${out}`);
