// Collects the results of short comparison runs of learn.mjs (run with --out NAME --no-finetune)
// into bench/results/learn-sweep.json, the table BENCHMARKS.md shows:
//   node bench/sweep-summary.mjs --minutes 3 NAME.json NAME2.json ... [--note "text"]...
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resultsDir } from './common.mjs';

const args = process.argv.slice(2);
const notes = [];
const files = [];
let minutes = null;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--note') notes.push(args[++i]);
  else if (args[i] === '--minutes') minutes = Number(args[++i]);
  else files.push(args[i]);
}
const runs = files.map((f) => {
  const r = JSON.parse(readFileSync(f.includes('/') ? f : join(resultsDir, f), 'utf8'));
  const p = r.pretraining;
  const last = p.evals.at(-1);
  const best = p.evals.reduce((m, e) => (e.eval_sop_accuracy > m.eval_sop_accuracy ? e : m));
  return {
    optimizer: p.optimizer,
    lr: p.lr,
    batch: p.batch,
    seq: p.seq,
    heads: r.config.num_attention_heads,
    ffn: r.config.intermediate_size,
    dropout: r.config.hidden_dropout_prob,
    data: p.data,
    native_threads: r.native_threads,
    steps: p.steps,
    train_seconds: p.train_seconds,
    held_out_examples: p.held_out_examples,
    eval_mlm_loss: last.eval_mlm_loss,
    eval_mlm_accuracy: last.eval_mlm_accuracy,
    eval_sop_accuracy: last.eval_sop_accuracy,
    best_sop_accuracy: best.eval_sop_accuracy,
    best_sop_minutes: best.minutes,
    loadavg_end: r.machine.loadavg_end,
  };
});
writeFileSync(
  join(resultsDir, 'learn-sweep.json'),
  `${JSON.stringify({ minutes: minutes ?? runs[0]?.train_seconds / 60, runs, notes }, null, 2)}\n`,
);
console.log(`wrote bench/results/learn-sweep.json (${runs.length} runs)`);
