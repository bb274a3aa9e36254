// Renders bench/results/{speed,learn}.json as the `training` section of the repository's
// BENCHMARKS.md (only the text between its <!-- section:training --> markers is replaced).
//   node bench/report.mjs [--print]
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadBrownGenres } from '@albert-ts/datasets/node';
import { here, resultsDir } from './common.mjs';

/** Accuracy of always predicting the training set's most frequent genre on learn.mjs's test subset. */
async function majorityBaseline() {
  const genres = await loadBrownGenres({ seed: 42, unit: 'chunk', chunkSentences: 5 });
  let s = 3;
  const test = [...genres.test];
  for (let i = test.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    const j = (s >>> 8) % (i + 1);
    [test[i], test[j]] = [test[j], test[i]];
  }
  const counts = new Map();
  for (const x of genres.train) counts.set(x.label, (counts.get(x.label) ?? 0) + 1);
  const majority = [...counts].sort((a, b) => b[1] - a[1])[0][0];
  const sub = test.slice(0, 600);
  return sub.filter((x) => x.label === majority).length / sub.length;
}

const load = (n) =>
  existsSync(join(resultsDir, n)) ? JSON.parse(readFileSync(join(resultsDir, n), 'utf8')) : null;
const speed = load('speed.json');
const lines = ['## Training (`@albert-ts/training`)', ''];

if (speed) {
  lines.push(
    `Training step = forward + backward + AdamW update with global-norm clipping, synthetic batch with 20 masked`,
    `positions per sequence, median of several steps after warm-up (\`bench/speed.mjs\`, ${speed.started.slice(0, 16)}Z;`,
    `load average at the end ${speed.loadavg_end.join(' / ')} — other helpers' jobs shared the 2 cores, so compare`,
    'rows measured in this same run, not absolute numbers). "MLM gathered" runs the MLM head on the masked positions only',
    '(Google\'s ALBERT; `pretrainingLoss`); "MLM all" on every position (HF `AlbertForPreTraining.call`). PyTorch CPU:',
    '`bench/peers/albert_torch.py train` (Debian python3-torch 1.13, 2 threads, `--mlm-full` for "all"), same',
    'config and batch. Speed vs PyTorch = PyTorch ms/step ÷ ours (> 1 means faster than PyTorch).',
    '',
    '| config | batch×seq | MLM | engine | ms/step | steps/s | tokens/s | peak RSS MB | speed vs PyTorch |',
    '| --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: |',
  );
  const shapes = [...new Set(speed.results.map((r) => `${r.config}|${r.batch}|${r.seq}`))];
  const order = ['albert-tiny', 'brown-tiny', 'albert-base'];
  shapes.sort(
    (x, y) =>
      order.indexOf(x.split('|')[0]) - order.indexOf(y.split('|')[0]) ||
      Number(y.split('|')[1]) - Number(x.split('|')[1]),
  );
  for (const shape of shapes) {
    const [name, batch, seq] = shape.split('|');
    const same = (r) => r.config === name && r.batch === Number(batch) && r.seq === Number(seq);
    for (const path of ['gathered', 'call']) {
      const t = speed.peers.find((x) => same(x) && x.path === path);
      const mlm = path === 'call' ? 'all' : 'gathered';
      for (const r of speed.results.filter((x) => same(x) && x.path === path)) {
        const engine =
          r.backend === 'wasm'
            ? r.error || r.native
              ? 'wasm + native kernels'
              : 'wasm'
            : r.backend === 'wasm-plain'
              ? 'wasm (no native)'
              : 'cpu';
        if (r.error) {
          lines.push(
            `| ${name} | ${batch}×${seq} | ${mlm} | ${engine} | failed: \`${r.error.slice(0, 60)}\` | | | | |`,
          );
          continue;
        }
        const ratio = t ? (t.median_ms / r.median_ms).toFixed(2) : '—';
        const note =
          (r.iters === 1 ? ' (1 step)' : '') +
          (r.measured && r.measured < speed.started ? ' (earlier run)' : '');
        lines.push(
          `| ${name} | ${batch}×${seq} | ${mlm} | ${engine}${note} | ${Math.round(r.median_ms)} | ${r.steps_per_s.toFixed(3)} | ${Math.round(r.tokens_per_s)} | ${r.peak_rss_mb} | ${ratio} |`,
        );
      }
      if (t) {
        lines.push(
          `| ${name} | ${batch}×${seq} | ${mlm} | PyTorch CPU | ${Math.round(t.median_ms)} | ${t.steps_per_s.toFixed(3)} | ${Math.round(t.tokens_per_s)} | ${t.peak_rss_mb} | 1 |`,
        );
      }
    }
  }
  lines.push(
    '',
    `Configs: albert-tiny = the fixture (V 512, E 16, H 32, 4 layers / 1 group); brown-tiny = V 8000, E 64, H 128,`,
    '4 layers / 1 group, FFN 512 (the learning run below); albert-base = albert-base-v2 shape (V 30000, E 128, H 768, 12',
    'layers / 1 group).',
    '',
    'albert-base at 8 × 128 does not fit a training step into the wasm heap (tfjs-backend-wasm aborts when its',
    'memory is exhausted; every op output of 12 layer applications is kept for the backward pass), so the wasm rows',
    'use 2 × 128; the cpu backend (plain JS arrays, no such limit) was timed for one 8 × 128 step.',
    '',
    `Gradient kernels: of the ${speed.kernels.kernels_used.length} kernels a training step uses (forward, backward, LAMB and AdamW), tfjs-backend-wasm`,
    `4.22 lacks **${speed.kernels.wasm_lacks.join(', ') || 'none'}** (the gradient of \`gather\`: embedding lookups and the gathered MLM`,
    `positions); \`setupBackend()\` of @albert-ts/core registers a fallback, so none is missing after it` +
      (speed.kernels.still_missing_after_setupBackend.length
        ? ` (still missing: ${speed.kernels.still_missing_after_setupBackend.join(', ')})`
        : '') +
      '.',
    '',
  );
}

const runs = [
  ['learn.json', 'main run'],
  ['learn-adamw.json', 'same budget'],
  ['learn-lamb-0.03.json', 'same budget; collapsed to a constant output'],
  ['learn-lamb-0.005-10min.json', 'earlier: budget sized once under heavy load'],
]
  .map(([file, note]) => ({ file, note, r: load(file) }))
  .filter((x) => x.r);
if (runs.length) {
  const first = runs[0].r;
  const c = first.config;
  lines.push(
    '### Learning (acceptance 4)',
    '',
    `\`bench/learn.mjs\`: AlbertForPreTraining, H ${c.hidden_size}, E ${c.embedding_size}, ${c.num_hidden_layers} layers in ${c.num_hidden_groups} shared group, FFN ${c.intermediate_size},`,
    `vocab ${first.vocab} (brown-8k.model; ln(vocab) = ${first.ln_vocab}), ${first.backend.backend}${first.backend.native ? ' + native kernels' : ''}, pretrained on the Brown *train*`,
    `documents (datasets split, seed 42), batch ${first.pretraining.batch} × ${first.pretraining.seq}, MLM on gathered positions, weight decay 0.01, clipping 1.0,`,
    'linear warmup then linear decay re-targeted to end when 10 minutes of training time (evaluation excluded) are',
    `used. Held-out = ${first.pretraining.held_out_examples} pretraining examples from the *dev* documents. Then Brown genre classification (15`,
    'labels, 5-sentence chunks, split by the same documents) fine-tuned from each checkpoint: AdamW lr 5e-4, batch',
    '16 × 128, the same number of steps with and without LLRD 0.8 (embeddings ×0.64, encoder ×0.8, head ×1); always',
    `answering the training set's majority genre scores ${(await majorityBaseline()).toFixed(4)} on the test subset.`,
    '',
    '| run | optimizer, lr | steps | train s | held-out MLM loss | MLM acc | SOP acc | genre acc, no LLRD | LLRD 0.8 |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  );
  for (const { file, note, r } of runs) {
    const p = r.pretraining;
    const e = p.evals.at(-1);
    const f = r.finetuning;
    lines.push(
      `| \`${file}\` (${note}) | ${p.optimizer} ${p.lr} | ${p.steps} | ${p.train_seconds} | ${e.eval_mlm_loss.toFixed(3)} | ${e.eval_mlm_accuracy.toFixed(3)} | ${e.eval_sop_accuracy.toFixed(3)} | ${f ? f.without_llrd.test_accuracy.toFixed(4) : '—'} | ${f ? f.with_llrd.test_accuracy.toFixed(4) : '—'} |`,
    );
  }
  const best = [...runs].sort(
    (x, y) => x.r.pretraining.evals.at(-1).eval_mlm_loss - y.r.pretraining.evals.at(-1).eval_mlm_loss,
  )[0];
  const p = best.r.pretraining;
  lines.push(
    '',
    `Curve of the run with the lowest held-out MLM loss (\`${best.file}\`; every log step in \`bench/results/${best.file.replace('.json', '-pretrain.jsonl')}\`):`,
    '',
    '| step | train MLM loss | train SOP loss | held-out MLM loss | held-out MLM acc | held-out SOP acc |',
    '| ---: | ---: | ---: | ---: | ---: | ---: |',
  );
  const shown = p.evals.filter((e, i) => i === 0 || i === p.evals.length - 1 || e.step % 200 === 0);
  for (const e of shown) {
    const t = [...p.curve].reverse().find((x) => x.step <= e.step);
    lines.push(
      `| ${e.step} | ${t ? t.mlm_loss.toFixed(3) : '—'} | ${t ? t.sop_loss.toFixed(3) : '—'} | ${e.eval_mlm_loss.toFixed(3)} | ${e.eval_mlm_accuracy.toFixed(3)} | ${e.eval_sop_accuracy.toFixed(3)} |`,
    );
  }
  const bestSop = p.evals.reduce((m, e) => (e.eval_sop_accuracy > m.eval_sop_accuracy ? e : m));
  lines.push(
    '',
    `Best held-out SOP accuracy during the run: ${bestSop.eval_sop_accuracy.toFixed(3)} (step ${bestSop.step}); with 320 examples one standard error is ±0.028.`,
    '',
  );
}

const sweeps = ['sweep-lamb-0.005.json', 'sweep-lamb-0.03.json', 'sweep-adamw-0.001.json']
  .map(load)
  .filter(Boolean);
if (sweeps.length) {
  lines.push(
    'Short learning-rate probe (60 steps, schedule compressed to 60; it favoured LAMB 0.03, which then collapsed over a',
    'full run — see the table above):',
    '',
    '| optimizer | lr | held-out MLM loss after 60 steps |',
    '| --- | ---: | ---: |',
  );
  for (const w of sweeps) {
    lines.push(
      `| ${w.pretraining.optimizer} | ${w.pretraining.lr} | ${w.pretraining.evals.at(-1).eval_mlm_loss.toFixed(3)} |`,
    );
  }
  lines.push('');
}

const section = lines.join('\n');
if (process.argv.includes('--print')) console.log(section);
else {
  const file = join(here, '..', '..', '..', 'BENCHMARKS.md');
  const md = readFileSync(file, 'utf8');
  const open = '<!-- section:training -->';
  const close = '<!-- /section:training -->';
  const a = md.indexOf(open);
  const b = md.indexOf(close);
  if (a < 0 || b < a) throw new Error('BENCHMARKS.md: training section markers not found');
  writeFileSync(file, `${md.slice(0, a + open.length)}\n${section}\n${md.slice(b)}`);
  console.log('updated the training section of BENCHMARKS.md');
}
