// Per-kernel time of one forward (or training step) on the native path: where the time goes.
//   node bench/profile.mjs [--unfused] [--config albert-base-v2.json] [--batch 8] [--seq 128]
import { parseArgs } from 'node:util';
import { AlbertModel, setupBackend } from '@albert-ts/core';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import * as native from '../dist/index.js';
import { readConfig } from './common.mjs';
import { makeTrainStep } from './train-step.mjs';
import { unfusedModel } from './unfused.mjs';

const { values: a } = parseArgs({
  options: {
    unfused: { type: 'boolean', default: false },
    plain: { type: 'boolean', default: false },
    config: { type: 'string', default: 'albert-base-v2.json' },
    batch: { type: 'string', default: '8' },
    seq: { type: 'string', default: '128' },
    iters: { type: 'string', default: '2' },
    train: { type: 'boolean', default: false },
    'mlm-full': { type: 'boolean', default: false },
  },
});
// As applications do: core's setupBackend (wasm + fallback kernels + this package's kernels).
const info = await setupBackend({ native: !a.plain, nativeModule: native });
console.log(JSON.stringify(info));
if (a.unfused) await unfusedModel(native);
const config = readConfig(a.config);
const [B, S] = [Number(a.batch), Number(a.seq)];
const model = AlbertModel.fromConfig(config, { seed: 1 });
const ids = tf.randomUniform([B, S], 5, config.vocab_size, 'int32');
const stats = new Map();
for (const k of tf.getKernelsForBackend('wasm')) {
  const f = k.kernelFunc;
  tf.unregisterKernel(k.kernelName, 'wasm');
  tf.registerKernel({
    ...k,
    kernelFunc: (args) => {
      const t0 = performance.now();
      const r = f(args);
      const s = stats.get(k.kernelName) ?? { n: 0, ms: 0 };
      s.n++;
      s.ms += performance.now() - t0;
      stats.set(k.kernelName, s);
      return r;
    },
  });
}
const trainer = a.train ? await makeTrainStep(config, { batch: B, seq: S, mlmFull: a['mlm-full'] }) : null;
const run = async () => {
  if (trainer) return trainer.step();
  const o = model.call({ inputIds: ids });
  o.lastHiddenState.dataSync();
  tf.dispose(o);
};
await run();
stats.clear();
const n = Number(a.iters);
const t0 = performance.now();
for (let i = 0; i < n; i++) await run();
const total = (performance.now() - t0) / n;
let sum = 0;
for (const [, s] of stats) sum += s.ms;
console.log(
  `${a.train ? 'train step' : 'forward'} ${total.toFixed(0)} ms, in kernels ${(sum / n).toFixed(0)} ms`,
);
for (const [k, s] of [...stats].sort((x, y) => y[1].ms - x[1].ms).slice(0, 16)) {
  console.log(`${k.padEnd(22)} ${(s.ms / n).toFixed(1).padStart(8)} ms ${String(s.n / n).padStart(5)} calls`);
}
