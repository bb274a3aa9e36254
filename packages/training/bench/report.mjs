// Renders bench/results/{speed,learn}.json as the `training` section of the repository's
// BENCHMARKS.md (only the text between its <!-- section:training --> markers is replaced).
//   node bench/report.mjs [--print]
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { here, resultsDir } from './common.mjs';

const load = (n) =>
  existsSync(join(resultsDir, n)) ? JSON.parse(readFileSync(join(resultsDir, n), 'utf8')) : null;
const speed = load('speed.json');
const learn = load('learn.json');
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
  const names = [...new Set(speed.results.map((r) => r.config))];
  for (const name of names) {
    for (const path of ['gathered', 'call']) {
      const t = speed.peers.find((p) => p.config === name && p.path === path);
      for (const r of speed.results.filter((x) => x.config === name && x.path === path)) {
        const engine =
          r.backend === 'wasm'
            ? r.native
              ? 'wasm + native kernels'
              : 'wasm'
            : r.backend === 'wasm-plain'
              ? 'wasm (no native)'
              : 'cpu';
        const ratio = t ? (t.median_ms / r.median_ms).toFixed(2) : '—';
        const note = r.iters === 1 ? ' (1 step)' : '';
        lines.push(
          `| ${name} | ${r.batch}×${r.seq} | ${path === 'call' ? 'all' : 'gathered'} | ${engine}${note} | ${Math.round(r.median_ms)} | ${r.steps_per_s.toFixed(3)} | ${Math.round(r.tokens_per_s)} | ${r.peak_rss_mb} | ${ratio} |`,
        );
      }
      if (t) {
        lines.push(
          `| ${name} | ${t.batch}×${t.seq} | ${path === 'call' ? 'all' : 'gathered'} | PyTorch CPU | ${Math.round(t.median_ms)} | ${t.steps_per_s.toFixed(3)} | ${Math.round(t.tokens_per_s)} | ${t.peak_rss_mb} | 1 |`,
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

if (learn) {
  const p = learn.pretraining;
  lines.push(
    '### Learning (acceptance 4)',
    '',
    `\`bench/learn.mjs\`: AlbertForPreTraining, H ${learn.config.hidden_size}, E ${learn.config.embedding_size}, ${learn.config.num_hidden_layers} layers in ${learn.config.num_hidden_groups} shared group, FFN ${learn.config.intermediate_size}, vocab ${learn.vocab} (brown-8k.model),`,
    `${learn.backend.backend}${learn.backend.native ? ' + native kernels' : ''}, pretrained on the Brown *train* documents (datasets split, seed 42) with ${p.optimizer},`,
    `lr ${p.lr} (${p.schedule}), batch ${p.batch} × ${p.seq}, MLM on gathered positions, for ${p.steps} steps = ${p.train_seconds} s of training`,
    `(+ ${p.eval_seconds} s of evaluation) — ${(p.tokens_seen / 1e6).toFixed(2)} M tokens. ln(vocab) = ${learn.ln_vocab}.`,
    `Held-out = ${p.held_out_examples} pretraining examples from the *dev* documents (never trained on).`,
    '',
    '| step | train MLM loss | train SOP loss | held-out MLM loss | held-out MLM acc | held-out SOP acc |',
    '| ---: | ---: | ---: | ---: | ---: | ---: |',
  );
  const byStep = new Map(p.curve.map((c) => [c.step, c]));
  for (const e of p.evals) {
    const c = byStep.get(e.step) ?? [...p.curve].reverse().find((x) => x.step <= e.step);
    lines.push(
      `| ${e.step} | ${c ? c.mlm_loss.toFixed(3) : '—'} | ${c ? c.sop_loss.toFixed(3) : '—'} | ${e.eval_mlm_loss.toFixed(3)} | ${e.eval_mlm_accuracy.toFixed(3)} | ${e.eval_sop_accuracy.toFixed(3)} |`,
    );
  }
  lines.push(
    '',
    `Training-loss curve (every log step): ${p.curve.map((c) => `${c.step}: ${c.mlm_loss.toFixed(2)}`).join(', ')}.`,
    '',
  );
  if (learn.finetuning) {
    const f = learn.finetuning;
    lines.push(
      `Fine-tuning from that checkpoint: ${f.task}, batch ${f.batch} × ${f.seq}, ${f.optimizer}, ${f.without_llrd.steps} steps each:`,
      '',
      '| run | test accuracy | final train loss | seconds |',
      '| --- | ---: | ---: | ---: |',
      `| without LLRD | ${f.without_llrd.test_accuracy.toFixed(4)} | ${f.without_llrd.losses.at(-1).loss.toFixed(3)} | ${f.without_llrd.seconds} |`,
      `| LLRD 0.8 (embeddings ×0.64, encoder ×0.8, head ×1) | ${f.with_llrd.test_accuracy.toFixed(4)} | ${f.with_llrd.losses.at(-1).loss.toFixed(3)} | ${f.with_llrd.seconds} |`,
      '',
    );
  }
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
