// One training-speed measurement in its own process (so peak RSS is this configuration's):
//   node bench/speed-one.mjs --config <config.json> --backend wasm|wasm-plain|cpu --path call|gathered
//        [--batch 8] [--seq 128] [--warmup 1] [--iters 5]
// A step = forward + backward + AdamW update (with global-norm clipping), as the Trainer does it.
// `call` computes MLM logits at every position (HF AlbertForPreTraining); `gathered` only at the
// 20 masked positions per sequence (Google's ALBERT; `pretrainingLoss`). Prints one JSON line.
import '@tensorflow/tfjs-core';
import { readFileSync } from 'node:fs';
import { AlbertForPreTraining } from '@albert-ts/heads';
import * as tf from '@tensorflow/tfjs-core';
import { AdamW, computeGradients, pretrainingLoss } from '../dist/index.js';
import { backend, median, peakRssMb } from './common.mjs';

const opt = (name, d) => {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? d : process.argv[i + 1];
};
const configPath = opt('config');
const which = opt('backend', 'wasm');
const path = opt('path', 'gathered');
const B = Number(opt('batch', 8));
const S = Number(opt('seq', 128));
const warmup = Number(opt('warmup', 1));
const iters = Number(opt('iters', 5));
const P = 20;

const info = await backend(which === 'wasm-plain' ? 'wasm' : which, { native: which === 'wasm' });
const config = JSON.parse(readFileSync(configPath, 'utf8'));
const model = AlbertForPreTraining.fromConfig(config, { seed: 0 });
const V = config.vocab_size;
// Deterministic synthetic batch: ids in [5, V), 20 masked positions per row (never position 0).
let s = 12345;
const rnd = (n) => {
  s = (Math.imul(s, 1103515245) + 12345) >>> 0;
  return (s >>> 8) % n;
};
const inputIds = [];
const labels = [];
for (let b = 0; b < B; b++) {
  const row = Array.from({ length: S }, () => 5 + rnd(V - 5));
  const lab = new Array(S).fill(-100);
  let k = 0;
  while (k < Math.min(P, S - 1)) {
    const p = 1 + rnd(S - 1);
    if (lab[p] === -100) {
      lab[p] = row[p];
      k++;
    }
  }
  inputIds.push(row);
  labels.push(lab);
}
const batch = {
  inputIds,
  attentionMask: inputIds.map((r) => r.map(() => 1)),
  tokenTypeIds: inputIds.map((r) => r.map((_, i) => (i < S / 2 ? 0 : 1))),
  labels,
  sentenceOrderLabel: inputIds.map((_, i) => i % 2),
};
const params = model.namedParameters();
const optimizer = new AdamW(params, { lr: 1e-4, weightDecay: 0.01, maxGradNorm: 1 });
async function step() {
  const t = performance.now();
  const { value, grads } = computeGradients(params, () =>
    path === 'call' ? model.call(batch, { training: true }).loss : pretrainingLoss(model, batch).loss,
  );
  const { gradNorm } = optimizer.applyGradients(grads);
  const loss = (await value.data())[0];
  await gradNorm.data();
  await params[0][1].data();
  value.dispose();
  gradNorm.dispose();
  for (const g of grads.values()) g.dispose();
  return { ms: performance.now() - t, loss };
}
const times = [];
let loss = Number.NaN;
for (let i = 0; i < warmup + iters; i++) {
  const r = await step();
  loss = r.loss;
  if (i >= warmup) times.push(r.ms);
  process.stderr.write(`step ${i}: ${r.ms.toFixed(0)} ms\n`);
}
const med = median(times);
console.log(
  JSON.stringify({
    engine: 'albert-ts',
    backend: which,
    native: info.native,
    path,
    batch: B,
    seq: S,
    warmup,
    iters,
    median_ms: +med.toFixed(1),
    times_ms: times.map((t) => +t.toFixed(1)),
    steps_per_s: +(1000 / med).toFixed(4),
    tokens_per_s: +((B * S * 1000) / med).toFixed(1),
    params: model.numParameters(),
    loss_last: loss,
    peak_rss_mb: peakRssMb(),
    tf_memory_mb: +(tf.memory().numBytes / 2 ** 20).toFixed(1),
  }),
);
