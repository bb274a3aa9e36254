// Acceptance 6: training steps/s and tokens/s for tiny configs and the albert-base shape at 8 × 128
// on the wasm (+ native kernels), plain wasm and cpu backends, next to PyTorch CPU (Debian
// python3-torch, bench/peers/albert_torch.py at the repository root) on the same model in the same
// run; peak RSS per process; and which gradient kernels tfjs-backend-wasm lacks.
//   flock /tmp/albert-bench.lock node bench/speed.mjs [--quick] [--no-cpu-base]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fixturePath } from '@albert-ts/test-support';
import { here, resultsDir } from './common.mjs';

const quick = process.argv.includes('--quick');
const cpuBase = !process.argv.includes('--no-cpu-base');
const root = join(here, '..', '..', '..');
const peer = join(root, 'bench', 'peers', 'albert_torch.py');
const python = '/usr/bin/python3';
const configs = {
  'albert-tiny': { path: fixturePath('albert-tiny', 'config.json'), batch: 8, seq: 64 },
  'brown-tiny': { path: join(here, 'configs', 'albert-brown-tiny.json'), batch: 8, seq: 128 },
  'albert-base': { path: fixturePath('albert-base-shape', 'config.json'), batch: 8, seq: 128 },
};
const runs = [];
for (const name of ['albert-tiny', 'brown-tiny']) {
  for (const backend of ['wasm', 'wasm-plain', 'cpu']) {
    for (const path of ['gathered', 'call'])
      runs.push({ name, backend, path, warmup: 2, iters: quick ? 3 : 7 });
  }
}
runs.push({ name: 'albert-base', backend: 'wasm', path: 'gathered', warmup: 1, iters: quick ? 2 : 5 });
runs.push({ name: 'albert-base', backend: 'wasm', path: 'call', warmup: 1, iters: quick ? 2 : 3 });
runs.push({ name: 'albert-base', backend: 'wasm-plain', path: 'gathered', warmup: 1, iters: quick ? 1 : 2 });
if (cpuBase) runs.push({ name: 'albert-base', backend: 'cpu', path: 'gathered', warmup: 0, iters: 1 });

function node(args) {
  const out = execFileSync(process.execPath, args, {
    cwd: join(here, '..'),
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 24,
  });
  return JSON.parse(out.trim().split('\n').at(-1));
}

const results = [];
const started = new Date().toISOString();
const kernels = node([join(here, 'kernels.mjs'), configs['albert-tiny'].path]);
console.log('wasm lacks:', kernels.wasm_lacks, 'still missing:', kernels.still_missing_after_setupBackend);
for (const r of runs) {
  const c = configs[r.name];
  console.log(`-- ${r.name} ${r.backend} ${r.path} ${c.batch}x${c.seq}`);
  const args = [join(here, 'speed-one.mjs'), '--config', c.path, '--backend', r.backend, '--path', r.path];
  args.push(
    '--batch',
    String(c.batch),
    '--seq',
    String(c.seq),
    '--warmup',
    String(r.warmup),
    '--iters',
    String(r.iters),
  );
  const res = { config: r.name, ...node(args) };
  console.log(`   ${res.median_ms} ms/step, ${res.tokens_per_s} tokens/s, peak RSS ${res.peak_rss_mb} MB`);
  results.push(res);
}
const peers = [];
if (existsSync(peer) && existsSync(python)) {
  for (const name of Object.keys(configs)) {
    const c = configs[name];
    for (const full of [false, true]) {
      const args = [
        peer,
        'train',
        '--config',
        c.path,
        '--batch',
        String(c.batch),
        '--seq',
        String(c.seq),
        '--threads',
        '2',
      ];
      args.push(
        '--iters',
        name === 'albert-base' ? '3' : quick ? '3' : '7',
        '--warmup',
        name === 'albert-base' ? '1' : '2',
      );
      if (full) args.push('--mlm-full');
      const out = JSON.parse(
        execFileSync(python, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
          .trim()
          .split('\n')
          .at(-1),
      );
      const res = {
        config: name,
        engine: 'pytorch-cpu',
        path: full ? 'call' : 'gathered',
        batch: c.batch,
        seq: c.seq,
        median_ms: +out.median_ms.toFixed(1),
        steps_per_s: +out.steps_per_s.toFixed(4),
        tokens_per_s: +((c.batch * c.seq * 1000) / out.median_ms).toFixed(1),
        peak_rss_mb: Math.round(out.peak_rss_mb),
        torch: out.torch ?? out.torch_version ?? null,
        threads: 2,
      };
      console.log(`-- torch ${name} ${res.path}: ${res.median_ms} ms/step, ${res.tokens_per_s} tokens/s`);
      peers.push(res);
    }
  }
} else console.log('PyTorch peer not available (bench/peers/albert_torch.py or /usr/bin/python3 missing)');

mkdirSync(resultsDir, { recursive: true });
const out = {
  started,
  finished: new Date().toISOString(),
  loadavg_end: loadavg().map((x) => +x.toFixed(2)),
  kernels,
  results,
  peers,
};
writeFileSync(join(resultsDir, 'speed.json'), `${JSON.stringify(out, null, 2)}\n`);

// Markdown table for BENCHMARKS.md.
const rows = [];
for (const name of Object.keys(configs)) {
  for (const path of ['gathered', 'call']) {
    const t = peers.find((p) => p.config === name && p.path === path);
    for (const r of results.filter((x) => x.config === name && x.path === path)) {
      const ratio = t ? (t.median_ms / r.median_ms).toFixed(2) : '—';
      rows.push(
        `| ${name} | ${r.batch}×${r.seq} | ${path} | ${r.backend}${r.native ? ' + native' : ''} | ${r.median_ms} | ${r.steps_per_s} | ${Math.round(r.tokens_per_s)} | ${r.peak_rss_mb} | ${ratio} |`,
      );
    }
    if (t)
      rows.push(
        `| ${name} | ${t.batch}×${t.seq} | ${path} | **PyTorch CPU** (2 threads) | ${t.median_ms} | ${t.steps_per_s} | ${Math.round(t.tokens_per_s)} | ${t.peak_rss_mb} | 1 |`,
      );
  }
}
console.log(
  '\n| config | batch×seq | MLM | engine | ms/step (median) | steps/s | tokens/s | peak RSS MB | speed vs PyTorch |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const r of rows) console.log(r);
