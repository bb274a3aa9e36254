// ALBERT-base forward, batch 8 × 128, random weights: the native path vs plain wasm, PyTorch
// CPU and onnxruntime-node, each a median of ≥ 5 in one run, plus this machine's sgemm rate.
//   flock /tmp/albert-bench.lock pnpm --filter @albert-ts/backend-native bench:forward
// Options: --iters N (default 7), --warmup N (2), --skip-wasm, --skip-peers, --threads N (2).
import { parseArgs } from 'node:util';
import { AlbertModel, setupBackend } from '@albert-ts/core';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import * as native from '../dist/index.js';
import { nativeInfo, registerNativeKernels, sgemmGflops, unregisterNativeKernels } from '../dist/index.js';
import {
  forwardFlops,
  machine,
  median,
  patchFusedOps,
  peakRssMb,
  peerOrt,
  peersDir,
  peerTorch,
  readConfig,
  timeIt,
  writeResult,
} from './common.mjs';

const { values: a } = parseArgs({
  options: {
    iters: { type: 'string', default: '7' },
    warmup: { type: 'string', default: '2' },
    threads: { type: 'string', default: '2' },
    'skip-wasm': { type: 'boolean', default: false },
    'skip-peers': { type: 'boolean', default: false },
    config: { type: 'string', default: 'albert-base-v2.json' },
    batch: { type: 'string', default: '8' },
    seq: { type: 'string', default: '128' },
  },
});
const iters = Number(a.iters);
const warmup = Number(a.warmup);
const threads = Number(a.threads);
const B = Number(a.batch);
const S = Number(a.seq);
const config = readConfig(a.config);
const flops = forwardFlops(config, B, S);

// As applications do: core's setupBackend (wasm + fallback kernels + this package's kernels).
const status = await setupBackend({ nativeModule: native });
if (!status.native) throw new Error(`native path unavailable: ${status.reason}`);
await native.registerNativeKernels({ threads });

const floor = {
  ffnShape: sgemmGflops(B * S, config.intermediate_size, config.hidden_size, 7, true),
  square2048: sgemmGflops(2048, 2048, 2048, 5, true),
  ffnShapeOurSplit: sgemmGflops(B * S, config.intermediate_size, config.hidden_size, 7, false),
};
const floorGflops = Math.max(floor.ffnShape, floor.square2048);
console.log(`sgemm ${threads} threads: ${JSON.stringify(floor)} GFLOP/s`);

const model = AlbertModel.fromConfig(config, { seed: 1 });
let seed = 7;
const rand = () => {
  seed = (seed * 1103515245 + 12345) >>> 0;
  return seed / 4294967296;
};
const ids = tf.tensor2d(
  Array.from({ length: B * S }, () => 5 + Math.floor(rand() * (config.vocab_size - 5))),
  [B, S],
  'int32',
);
const types = tf.tensor2d(
  Array.from({ length: B * S }, (_, i) => (i % S >= S / 2 ? 1 : 0)),
  [B, S],
  'int32',
);
const mask = tf.ones([B, S], 'int32');
const forward = async () => {
  const out = model.call({ inputIds: ids, tokenTypeIds: types, attentionMask: mask });
  await out.lastHiddenState.data();
  tf.dispose(out);
};

function row(engine, times, extra = {}) {
  const med = median(times);
  return {
    engine,
    median_ms: med,
    times_ms: times,
    seq_per_s: B / (med / 1000),
    gflops_effective: flops / 1e9 / (med / 1000),
    fraction_of_floor: flops / 1e9 / (med / 1000) / floorGflops,
    ...extra,
  };
}

const rows = [];
const t0 = tf.memory().numTensors;
rows.push(row('albert-ts native (AlbertModel as in core)', await timeIt(forward, { warmup, iters })));
console.log(rows.at(-1).engine, rows.at(-1).median_ms.toFixed(0), 'ms');

// The same model calling core's fused ops (layerNormOp, geluOp, attention); check it agrees.
const ref = model.call({ inputIds: ids, tokenTypeIds: types, attentionMask: mask });
const undo = await patchFusedOps();
const fused = model.call({ inputIds: ids, tokenTypeIds: types, attentionMask: mask });
const agree = tf.tidy(() => tf.max(tf.abs(tf.sub(ref.lastHiddenState, fused.lastHiddenState))).dataSync()[0]);
tf.dispose([ref, fused]);
rows.push(
  row('albert-ts native + fused ops', await timeIt(forward, { warmup, iters }), {
    maxAbsDiffVsUnfused: agree,
  }),
);
console.log(rows.at(-1).engine, rows.at(-1).median_ms.toFixed(0), 'ms', 'max |diff| vs unfused', agree);
undo();

if (!a['skip-wasm']) {
  unregisterNativeKernels();
  const n = Math.max(5, Math.min(iters, 5));
  rows.push(row('tfjs wasm (SIMD, stock kernels)', await timeIt(forward, { warmup: 1, iters: n })));
  console.log(rows.at(-1).engine, rows.at(-1).median_ms.toFixed(0), 'ms');
  await registerNativeKernels({ threads });
}
if (tf.memory().numTensors !== t0) throw new Error(`leak: ${tf.memory().numTensors - t0} tensors`);
const oursRss = peakRssMb();

const peers = [];
if (!a['skip-peers']) {
  const common = [
    '--batch',
    `${B}`,
    '--seq',
    `${S}`,
    '--iters',
    `${iters}`,
    '--warmup',
    `${warmup}`,
    '--threads',
    `${threads}`,
  ];
  const cfgPath = `${peersDir}/configs/${a.config}`;
  const torch = peerTorch(['forward', '--config', cfgPath, ...common]);
  rows.push(row(`PyTorch ${torch.torch} CPU`, torch.times_ms, { peak_rss_mb: torch.peak_rss_mb }));
  console.log(rows.at(-1).engine, rows.at(-1).median_ms.toFixed(0), 'ms');
  const ort = peerOrt(['--config', cfgPath, ...common]);
  rows.push(row(`onnxruntime-node ${ort.ort}`, ort.times_ms, { peak_rss_mb: ort.peak_rss_mb }));
  console.log(rows.at(-1).engine, rows.at(-1).median_ms.toFixed(0), 'ms');
  peers.push(torch, ort);
}

const result = {
  benchmark: `ALBERT forward ${a.config}, batch ${B} x ${S}, random weights`,
  gflop: flops / 1e9,
  threads,
  sgemm_gflops: floor,
  floor_gflops: floorGflops,
  native: nativeInfo(),
  albert_ts_peak_rss_mb: oursRss,
  machine: machine(),
  rows,
};
const path = writeResult(`forward-${a.config.replace('.json', '')}-${B}x${S}`, result);
console.log(`\n| engine | median ms | seq/s | GFLOP/s eff. | of floor |\n|---|---|---|---|---|`);
for (const r of rows) {
  console.log(
    `| ${r.engine} | ${r.median_ms.toFixed(0)} | ${r.seq_per_s.toFixed(2)} | ${r.gflops_effective.toFixed(1)} | ${(100 * r.fraction_of_floor).toFixed(0)}% |`,
  );
}
console.log(`\nsgemm floor ${floorGflops.toFixed(0)} GFLOP/s (${threads} threads); written ${path}`);
model.dispose();
tf.dispose([ids, types, mask]);
