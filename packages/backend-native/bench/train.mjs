// ALBERT pretraining step (issue 6, acceptance 2): hidden 256, 4 layers in one shared group,
// 4 heads, FFN 1024, E 128, vocab 30000, batch 8 × 128, MLM on 20 positions per sequence + SOP,
// AdamW. albert-ts native as core is (fused LayerNorm/GELU/attention), with those kernels off (the
// plain-op model core ran before; training's AdamW runs core's fused adamwUpdate in both); plain
// wasm, PyTorch CPU: medians of ≥ 5 steps in one run.
//   flock /tmp/albert-bench.lock pnpm --filter @albert-ts/backend-native bench:train
// Options: --rounds R (2) × --iters N (4) steps per engine, interleaved; --warmup N (2),
//          --mlm-full (HF style: MLM logits at all positions),
//          --skip-wasm, --skip-peers, --threads N (2),
//          --wasm-only (stock tfjs-wasm alone, no addon needed: core's op choice against the old one),
//          --wasm-rounds R (2) × --wasm-iters N (2) steps per stock-wasm row,
//          --xent-before (adds a row: core's crossEntropy without the fused native kernel, i.e. on
//          logSoftmax + one-hot as before it was wired in), --tag T (result file suffix).
// Stock wasm (issue 11, acceptance 5): rows with core's op choice (materialised transposes, see
// core's mat-mul-layout.ts) and with the old one (setWasmMatMulMode('tfjs'), what
// ALBERT_WASM_MATMUL=tfjs selects), interleaved per round in the same process.
//   node bench/train.mjs --wasm-only [--wasm-rounds 3]
import { parseArgs } from 'node:util';
import { setupBackend, setWasmMatMulMode } from '@albert-ts/core';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import {
  machine,
  median,
  peakRssMb,
  peersDir,
  peerTorch,
  readConfig,
  timeIt,
  writeResult,
} from './common.mjs';
import { makeTrainStep } from './train-step.mjs';
import { unfusedModel } from './unfused.mjs';

const { values: a } = parseArgs({
  options: {
    iters: { type: 'string', default: '4' },
    rounds: { type: 'string', default: '2' },
    warmup: { type: 'string', default: '2' },
    threads: { type: 'string', default: '2' },
    'mlm-full': { type: 'boolean', default: false },
    'skip-wasm': { type: 'boolean', default: false },
    'skip-peers': { type: 'boolean', default: false },
    'wasm-only': { type: 'boolean', default: false },
    'wasm-rounds': { type: 'string', default: '2' },
    'wasm-iters': { type: 'string', default: '2' },
    'xent-before': { type: 'boolean', default: false },
    tag: { type: 'string', default: '' },
    config: { type: 'string', default: 'albert-train-bench.json' },
  },
});
const iters = Number(a.iters);
const rounds = Number(a.rounds);
const warmup = Number(a.warmup);
const threads = Number(a.threads);
const mlmFull = a['mlm-full'];
const B = 8;
const S = 128;
const P = 20;
const config = readConfig(a.config);

const wasmOnly = a['wasm-only'];
// The addon is only loaded when its rows run: --wasm-only must work without a native build.
const native = wasmOnly ? null : await import('../dist/index.js');
if (native) {
  const status = await setupBackend({ nativeModule: native });
  if (!status.native) throw new Error(`native path unavailable: ${status.reason}`);
  await native.registerNativeKernels({ threads });
}

// Engines are measured in interleaved rounds so that load from other processes (this machine is
// shared) drifts over all of them alike; each engine's figure is the median of all its steps.
const samples = new Map();
const extras = new Map();
function record(name, times, extra) {
  samples.set(name, [...(samples.get(name) ?? []), ...times]);
  extras.set(name, { ...extras.get(name), ...extra });
  console.log(`${name}: ${times.map((t) => t.toFixed(0)).join(' ')} ms/step`);
}

async function measure(name, n, warm, fusedLoss = false) {
  const t = await makeTrainStep(config, { batch: B, seq: S, positions: P, mlmFull, fusedLoss });
  const losses = [await t.step()]; // first step: also creates the optimizer's slot variables
  const before = tf.memory().numTensors;
  const times = await timeIt(async () => losses.push(await t.step()), {
    warmup: Math.max(0, warm - 1),
    iters: n,
  });
  const leaked = tf.memory().numTensors - before;
  t.dispose();
  record(name, times, {
    params: t.nParams,
    first_loss: losses[0],
    last_loss: losses.at(-1),
    leaked_tensors: leaked,
  });
}

const torchArgs = [
  'train',
  '--config',
  `${peersDir}/configs/${a.config}`,
  '--batch',
  `${B}`,
  '--seq',
  `${S}`,
];
torchArgs.push(
  '--mlm-positions',
  `${P}`,
  '--iters',
  `${iters}`,
  '--warmup',
  `${warmup}`,
  '--threads',
  `${threads}`,
);
if (mlmFull) torchArgs.push('--mlm-full');
let torchVersion = null;
for (let round = 0; round < (wasmOnly ? 0 : rounds); round++) {
  const restore = await unfusedModel(native, threads);
  await measure('albert-ts native, fused model kernels off (core before)', iters, warmup);
  await restore();
  await measure('albert-ts native (as core is: fused ops)', iters, warmup);
  if (a['xent-before']) {
    const all = native.registeredNativeKernels();
    native.unregisterNativeKernels();
    await native.registerNativeKernels({
      threads,
      kernels: all.filter((k) => !k.startsWith('AlbertSoftmaxCrossEntropy')),
    });
    await measure('albert-ts native, crossEntropy on plain ops (before the fused kernel)', iters, warmup);
    native.unregisterNativeKernels();
    await native.registerNativeKernels({ threads });
  }
  if (a['skip-peers']) continue;
  for (const passive of [false, true]) {
    try {
      const torch = peerTorch(torchArgs, { passive });
      torchVersion = torch.torch;
      record(`PyTorch CPU${passive ? ', OMP_WAIT_POLICY=PASSIVE' : ''}`, torch.times_ms, {
        params: torch.params,
        last_loss: torch.loss_last,
        peak_rss_mb: torch.peak_rss_mb,
      });
    } catch (e) {
      console.warn(`PyTorch peer failed: ${e.message.split('\n')[0]}`);
    }
  }
}
const WASM_OLD =
  'tfjs wasm (SIMD, stock kernels + ALBERT fallbacks), old op choice (ALBERT_WASM_MATMUL=tfjs)';
const WASM_NEW = "tfjs wasm (SIMD, stock kernels + ALBERT fallbacks), core's op choice";
const wasmRoundRatios = [];
if (!a['skip-wasm'] || wasmOnly) {
  native?.unregisterNativeKernels();
  // setupBackend again so core knows the native products are gone (it keys its op choice on that).
  const info = await setupBackend({ native: false });
  if (info.backend !== 'wasm' || info.native)
    throw new Error(`stock wasm unavailable: ${JSON.stringify(info)}`);
  for (let round = 0; round < Number(a['wasm-rounds']); round++) {
    // Alternate which goes first so a drift in machine load does not favour one of them.
    const order = round % 2 ? ['auto', 'tfjs'] : ['tfjs', 'auto'];
    const roundMedian = {};
    for (const mode of order) {
      setWasmMatMulMode(mode);
      const name = mode === 'tfjs' ? WASM_OLD : WASM_NEW;
      const seen = samples.get(name)?.length ?? 0;
      await measure(name, Number(a['wasm-iters']), 1);
      roundMedian[mode] = median(samples.get(name).slice(seen));
    }
    wasmRoundRatios.push(roundMedian.tfjs / roundMedian.auto);
    console.log(`stock wasm round ${round + 1}: ${wasmRoundRatios.at(-1).toFixed(2)}× (old ÷ new median)`);
  }
  setWasmMatMulMode('auto');
  if (native) {
    await setupBackend({ nativeModule: native });
    await native.registerNativeKernels({ threads });
  }
}
const oursRss = peakRssMb();
const rows = [...samples].map(([engine, times]) => {
  const med = median(times);
  return { engine, median_ms: med, times_ms: times, steps_per_s: 1000 / med, ...extras.get(engine) };
});
const result = {
  benchmark: `ALBERT pretraining step ${a.config}, batch ${B} x ${S}, MLM ${mlmFull ? 'logits at all positions, 20 labelled' : `on ${P} gathered positions`} per sequence + SOP, AdamW(lr 1e-4, wd 0.01)`,
  threads,
  native: native ? native.nativeInfo() : null,
  pytorch: torchVersion,
  rounds,
  iters_per_round: iters,
  albert_ts_peak_rss_mb: oursRss,
  machine: machine(),
  rows,
};
const wasmOld = samples.get(WASM_OLD);
const wasmNew = samples.get(WASM_NEW);
if (wasmOld && wasmNew) {
  result.stock_wasm = {
    old_median_ms: median(wasmOld),
    new_median_ms: median(wasmNew),
    speedup: median(wasmOld) / median(wasmNew),
    round_speedups: wasmRoundRatios,
  };
}
const path = writeResult(
  `train-${a.config.replace('.json', '')}${mlmFull ? '-mlm-full' : ''}${wasmOnly ? '-wasm' : ''}${a.tag ? `-${a.tag}` : ''}`,
  result,
);
// Compare with PyTorch's better configuration in this run.
const torchRows = rows.filter((r) => r.engine.startsWith('PyTorch'));
const torchRow = torchRows.sort((x, y) => x.median_ms - y.median_ms)[0];
console.log(`\n| engine | median ms/step | steps/s | vs best PyTorch |\n|---|---|---|---|`);
for (const r of rows) {
  const vs = torchRow ? `${(torchRow.median_ms / r.median_ms).toFixed(2)}×` : '';
  console.log(`| ${r.engine} | ${r.median_ms.toFixed(0)} | ${r.steps_per_s.toFixed(2)} | ${vs} |`);
}
if (result.stock_wasm) {
  const w = result.stock_wasm;
  console.log(
    `\nstock wasm: old op choice ${w.old_median_ms.toFixed(0)} ms, core's ${w.new_median_ms.toFixed(0)} ms: ${w.speedup.toFixed(2)}× faster`,
  );
}
console.log(`written ${path}`);
