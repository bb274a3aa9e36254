// Which kernels does one ALBERT training step (forward + backward + update) use, and which of them
// does tfjs-backend-wasm lack on its own (before @albert-ts/core's setupBackend adds fallbacks)?
// Prints one JSON line.
import '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { readFileSync } from 'node:fs';
import { AlbertForPreTraining } from '@albert-ts/heads';
import * as tf from '@tensorflow/tfjs-core';
import { AdamW, computeGradients, Lamb, pretrainingLoss } from '../dist/index.js';
import { backend } from './common.mjs';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
// Kernels the bare wasm backend registers, read before setupBackend adds anything.
const bareWasm = new Set(tf.getKernelsForBackend('wasm').map((k) => k.kernelName));
await backend('cpu');
const model = AlbertForPreTraining.fromConfig(config, { seed: 0 });
const ids = [[2, 10, 11, 12, 3, 13, 14, 3]];
const batch = {
  inputIds: ids,
  labels: [[-100, 10, -100, 12, -100, 13, -100, -100]],
  sentenceOrderLabel: [1],
};
const used = new Set();
const params = model.namedParameters();
const optimizers = [
  new AdamW(params, { lr: 1e-3, maxGradNorm: 1 }),
  new Lamb(params, { lr: 1e-3, maxGradNorm: 1 }),
];
for (const [path, opt] of [
  ['call', optimizers[0]],
  ['gathered', optimizers[1]],
]) {
  const prof = await tf.profile(() => {
    const { value, grads } = computeGradients(params, () =>
      path === 'call' ? model.call(batch, { training: true }).loss : pretrainingLoss(model, batch).loss,
    );
    opt.applyGradients(grads).gradNorm.dispose();
    value.dispose();
    for (const g of grads.values()) g.dispose();
  });
  for (const k of prof.kernels) used.add(k.name);
}
const kernels = [...used].filter((n) => tf.getKernel(n, 'cpu')).sort();
const info = await backend('wasm', { native: false });
const withFallbacks = new Set(tf.getKernelsForBackend('wasm').map((k) => k.kernelName));
const missing = kernels.filter((k) => !bareWasm.has(k));
console.log(
  JSON.stringify({
    kernels_used: kernels,
    wasm_lacks: missing,
    still_missing_after_setupBackend: missing.filter((k) => !withFallbacks.has(k)),
    backend: info,
  }),
);
