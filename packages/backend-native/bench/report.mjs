// Prints the markdown tables of BENCHMARKS.md's native section from bench/results/*.json.
//   node bench/report.mjs
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resultsDir } from './common.mjs';

const read = (name) => JSON.parse(readFileSync(join(resultsDir, name), 'utf8'));
const f0 = (x) => x.toFixed(0);
const best = (rows, prefix) =>
  rows.filter((r) => r.engine.startsWith(prefix)).sort((a, b) => a.median_ms - b.median_ms)[0];

const fwd = read('forward-albert-base-v2-8x128.json');
const torchF = best(fwd.rows, 'PyTorch');
const ortF = best(fwd.rows, 'onnxruntime');
console.log(
  `**Forward**, ${fwd.benchmark}; ${fwd.gflop.toFixed(0)} GFLOP per batch; ${fwd.rounds} interleaved rounds × ${fwd.iters_per_round} runs per engine (median); ${fwd.threads} threads everywhere; sgemm floor measured in the same run: ${f0(fwd.floor_gflops)} GFLOP/s (OpenBLAS ${fwd.native.blasConfig.split(' ')[1]}, 2 threads); load average at start ${fwd.machine.loadavg1.toFixed(1)}.\n`,
);
console.log(
  '| engine | median ms | seq/s | GFLOP/s eff. | of sgemm floor | vs best PyTorch | vs best onnxruntime |',
);
console.log('|---|---|---|---|---|---|---|');
for (const r of fwd.rows) {
  console.log(
    `| ${r.engine} | ${f0(r.median_ms)} | ${r.seq_per_s.toFixed(2)} | ${r.gflops_effective.toFixed(1)} | ${(100 * r.fraction_of_floor).toFixed(0)}% | ${(torchF.median_ms / r.median_ms).toFixed(2)}× | ${(ortF.median_ms / r.median_ms).toFixed(2)}× |`,
  );
}
const tr = read('train-albert-train-bench.json');
const torchT = best(tr.rows, 'PyTorch');
console.log(
  `\n**Training step**, ${tr.benchmark}; ${tr.rounds} interleaved rounds × ${tr.iters_per_round} steps per engine (median), plain wasm 5 steps; ${tr.threads} threads; load average at start ${tr.machine.loadavg1.toFixed(1)}.\n`,
);
console.log('| engine | median ms/step | steps/s | vs best PyTorch | loss after the timed steps |');
console.log('|---|---|---|---|---|');
for (const r of tr.rows) {
  const loss = r.last_loss == null ? '' : r.last_loss.toFixed(3);
  console.log(
    `| ${r.engine} | ${f0(r.median_ms)} | ${r.steps_per_s.toFixed(2)} | ${(torchT.median_ms / r.median_ms).toFixed(2)}× | ${loss} |`,
  );
}
