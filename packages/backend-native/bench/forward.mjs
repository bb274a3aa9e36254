// ALBERT-base forward, batch 8 × 128, random weights: the native path as core runs it (fused
// LayerNorm/GELU/attention kernels) and with those kernels off (the plain-op model core ran
// before), vs plain wasm, PyTorch CPU and onnxruntime-node, each a median of ≥ 5 runs in one run,
// plus this machine's sgemm rate.
//   flock /tmp/albert-bench.lock pnpm --filter @albert-ts/backend-native bench:forward
// Options: --rounds R (2) × --iters N (4) runs per engine, interleaved; --warmup N (2),
// --skip-wasm, --skip-peers, --threads N (2), --tag T (result file suffix); --ab adds the fused
// model without the pre-packed weight cache and AlbertLinearGelu (as before them); --skip-torch,
// --skip-unfused, --skip-nospin leave out those rows.
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
  peakRssMb,
  peerOrt,
  peersDir,
  peerTorch,
  readConfig,
  timeIt,
  writeResult,
} from './common.mjs';
import { beforePrepack, unfusedModel } from './unfused.mjs';

const { values: a } = parseArgs({
  options: {
    iters: { type: 'string', default: '4' },
    warmup: { type: 'string', default: '2' },
    threads: { type: 'string', default: '2' },
    'skip-wasm': { type: 'boolean', default: false },
    'skip-peers': { type: 'boolean', default: false },
    'skip-torch': { type: 'boolean', default: false },
    'skip-unfused': { type: 'boolean', default: false },
    'skip-nospin': { type: 'boolean', default: false },
    ab: { type: 'boolean', default: false },
    rounds: { type: 'string', default: '2' },
    config: { type: 'string', default: 'albert-base-v2.json' },
    batch: { type: 'string', default: '8' },
    seq: { type: 'string', default: '128' },
    tag: { type: 'string', default: '' },
  },
});
const iters = Number(a.iters);
const rounds = Number(a.rounds);
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

// Engines are measured in interleaved rounds so that load from other processes (this machine is
// shared) drifts over all of them alike; each engine's figure is the median of all its runs.
const samples = new Map();
const extras = new Map();
const record = (name, times, extra) => {
  samples.set(name, [...(samples.get(name) ?? []), ...times]);
  if (extra) extras.set(name, { ...extras.get(name), ...extra });
  console.log(`${name}: ${times.map((t) => t.toFixed(0)).join(' ')} ms`);
};
const t0 = tf.memory().numTensors;
const call = () => model.call({ inputIds: ids, tokenTypeIds: types, attentionMask: mask });
let restore = await unfusedModel(native, threads);
const ref = call();
await restore();
const fusedOut = call();
const agree = tf.tidy(
  () => tf.max(tf.abs(tf.sub(ref.lastHiddenState, fusedOut.lastHiddenState))).dataSync()[0],
);
tf.dispose([ref, fusedOut]);
const cfgPath = `${peersDir}/configs/${a.config}`;
const peerArgs = [
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
const versions = {};
for (let round = 0; round < rounds; round++) {
  if (!a['skip-unfused']) {
    restore = await unfusedModel(native, threads);
    record(
      'albert-ts native, fused model kernels off (core before)',
      await timeIt(forward, { warmup, iters }),
    );
    await restore();
  }
  if (a.ab) {
    restore = await beforePrepack(native, threads);
    record(
      'albert-ts native, fused ops, no weight pre-packing, GELU separate (before)',
      await timeIt(forward, { warmup, iters }),
    );
    await restore();
  }
  record('albert-ts native (AlbertModel as core is: fused ops)', await timeIt(forward, { warmup, iters }), {
    maxAbsDiffVsUnfused: agree,
  });
  if (a['skip-peers']) continue;
  // Each peer with its default threading and with its threads sleeping instead of spinning
  // (which matters when other processes load the machine). A missing peer (no python3-torch,
  // no network for onnxruntime-node) is reported, not fatal.
  for (const passive of a['skip-nospin'] ? [false] : [false, true]) {
    if (!a['skip-torch'])
      try {
        const torch = peerTorch(['forward', '--config', cfgPath, ...peerArgs], { passive });
        versions.torch = torch.torch;
        record(`PyTorch CPU${passive ? ', OMP_WAIT_POLICY=PASSIVE' : ''}`, torch.times_ms, {
          peak_rss_mb: torch.peak_rss_mb,
        });
      } catch (e) {
        console.warn(`PyTorch peer failed: ${e.message.split('\n')[0]}`);
      }
    try {
      const ort = peerOrt(['--config', cfgPath, ...peerArgs, ...(passive ? ['--no-spin'] : [])]);
      versions.ort = ort.ort;
      record(`onnxruntime-node${passive ? ', no spinning' : ''}`, ort.times_ms, {
        peak_rss_mb: ort.peak_rss_mb,
      });
    } catch (e) {
      console.warn(`onnxruntime-node peer failed: ${e.message.split('\n')[0]}`);
    }
  }
}
if (!a['skip-wasm']) {
  native.unregisterNativeKernels();
  record('tfjs wasm (SIMD, stock kernels)', await timeIt(forward, { warmup: 1, iters: 5 }));
  await registerNativeKernels({ threads });
}
if (tf.memory().numTensors !== t0) throw new Error(`leak: ${tf.memory().numTensors - t0} tensors`);
const oursRss = peakRssMb();
const rows = [...samples].map(([name, times]) => row(name, times, extras.get(name)));

const result = {
  benchmark: `ALBERT forward ${a.config}, batch ${B} x ${S}, random weights`,
  gflop: flops / 1e9,
  threads,
  sgemm_gflops: floor,
  floor_gflops: floorGflops,
  native: nativeInfo(),
  peers: versions,
  rounds,
  iters_per_round: iters,
  albert_ts_peak_rss_mb: oursRss,
  machine: machine(),
  rows,
};
const path = writeResult(
  `forward-${a.config.replace('.json', '')}-${B}x${S}${a.tag ? `-${a.tag}` : ''}`,
  result,
);
console.log(`\n| engine | median ms | seq/s | GFLOP/s eff. | of floor |\n|---|---|---|---|---|`);
for (const r of rows) {
  console.log(
    `| ${r.engine} | ${r.median_ms.toFixed(0)} | ${r.seq_per_s.toFixed(2)} | ${r.gflops_effective.toFixed(1)} | ${(100 * r.fraction_of_floor).toFixed(0)}% |`,
  );
}
console.log(`\nsgemm floor ${floorGflops.toFixed(0)} GFLOP/s (${threads} threads); written ${path}`);
model.dispose();
tf.dispose([ids, types, mask]);
