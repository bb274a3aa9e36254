// ALBERT pretraining step (issue 6, acceptance 2): hidden 256, 4 layers in one shared group,
// 4 heads, FFN 1024, E 128, vocab 30000, batch 8 × 128, MLM on 20 positions per sequence + SOP,
// AdamW. albert-ts native (as core is, and with core's fused ops), plain wasm, PyTorch CPU: medians
// of ≥ 5 steps in one run.
//   flock /tmp/albert-bench.lock pnpm --filter @albert-ts/backend-native bench:train
// Options: --iters N (7), --warmup N (2), --mlm-full (HF style: MLM logits at all positions),
//          --skip-wasm, --skip-peers, --threads N (2).
import { parseArgs } from 'node:util';
import { setupBackend } from '@albert-ts/core';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import * as native from '../dist/index.js';
import {
  machine,
  median,
  patchFusedOps,
  peakRssMb,
  peersDir,
  peerTorch,
  readConfig,
  timeIt,
  writeResult,
} from './common.mjs';
import { makeTrainStep } from './train-step.mjs';

const { values: a } = parseArgs({
  options: {
    iters: { type: 'string', default: '7' },
    warmup: { type: 'string', default: '2' },
    threads: { type: 'string', default: '2' },
    'mlm-full': { type: 'boolean', default: false },
    'skip-wasm': { type: 'boolean', default: false },
    'skip-peers': { type: 'boolean', default: false },
    config: { type: 'string', default: 'albert-train-bench.json' },
  },
});
const iters = Number(a.iters);
const warmup = Number(a.warmup);
const threads = Number(a.threads);
const mlmFull = a['mlm-full'];
const B = 8;
const S = 128;
const P = 20;
const config = readConfig(a.config);

const status = await setupBackend({ nativeModule: native });
if (!status.native) throw new Error(`native path unavailable: ${status.reason}`);
await native.registerNativeKernels({ threads });

async function measure(engine, n) {
  const t = makeTrainStep(config, { batch: B, seq: S, positions: P, mlmFull });
  const losses = [];
  const before = tf.memory().numTensors;
  const times = await timeIt(async () => losses.push(await t.step()), { warmup, iters: n });
  const leaked = tf.memory().numTensors - before;
  t.dispose();
  const med = median(times);
  const r = {
    engine,
    median_ms: med,
    times_ms: times,
    steps_per_s: 1000 / med,
    params: t.nParams,
    first_loss: losses[0],
    last_loss: losses.at(-1),
    leaked_tensors: leaked,
  };
  console.log(
    engine,
    med.toFixed(0),
    'ms/step',
    'loss',
    losses[0].toFixed(3),
    '->',
    losses.at(-1).toFixed(3),
  );
  return r;
}

const rows = [];
rows.push(await measure('albert-ts native (as core is)', iters));
const undo = await patchFusedOps();
rows.push(await measure('albert-ts native + fused ops', iters));
undo();
if (!a['skip-wasm']) {
  native.unregisterNativeKernels();
  rows.push(
    await measure('tfjs wasm (SIMD, stock kernels + ALBERT fallbacks)', Math.max(5, Math.min(iters, 5))),
  );
  await native.registerNativeKernels({ threads });
}
const oursRss = peakRssMb();
if (!a['skip-peers']) {
  const args = ['train', '--config', `${peersDir}/configs/${a.config}`, '--batch', `${B}`, '--seq', `${S}`];
  args.push(
    '--mlm-positions',
    `${P}`,
    '--iters',
    `${iters}`,
    '--warmup',
    `${warmup}`,
    '--threads',
    `${threads}`,
  );
  if (mlmFull) args.push('--mlm-full');
  const torch = peerTorch(args);
  rows.push({
    engine: `PyTorch ${torch.torch} CPU`,
    median_ms: torch.median_ms,
    times_ms: torch.times_ms,
    steps_per_s: torch.steps_per_s,
    params: torch.params,
    last_loss: torch.loss_last,
    peak_rss_mb: torch.peak_rss_mb,
  });
  console.log(rows.at(-1).engine, torch.median_ms.toFixed(0), 'ms/step');
}
const result = {
  benchmark: `ALBERT pretraining step ${a.config}, batch ${B} x ${S}, MLM ${mlmFull ? 'logits at all positions, 20 labelled' : `on ${P} gathered positions`} per sequence + SOP, AdamW(lr 1e-4, wd 0.01)`,
  threads,
  native: native.nativeInfo(),
  albert_ts_peak_rss_mb: oursRss,
  machine: machine(),
  rows,
};
const path = writeResult(`train-${a.config.replace('.json', '')}${mlmFull ? '-mlm-full' : ''}`, result);
const torchRow = rows.find((r) => r.engine.startsWith('PyTorch'));
console.log(`\n| engine | median ms/step | steps/s | vs PyTorch |\n|---|---|---|---|`);
for (const r of rows) {
  const vs = torchRow ? `${(torchRow.median_ms / r.median_ms).toFixed(2)}×` : '';
  console.log(`| ${r.engine} | ${r.median_ms.toFixed(0)} | ${r.steps_per_s.toFixed(2)} | ${vs} |`);
}
console.log(`written ${path}`);
